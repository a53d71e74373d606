package com.velure.platform.error;

import com.velure.platform.request.RequestIds;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every failure that reaches JAX-RS into the API's JSON error. Overload and an unreachable
 * database become 503 with Retry-After; anything unexpected becomes a 500 whose body holds only
 * the request id, while the log gets the stack trace under the same id.
 */
@Provider
public class ThrowableMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ThrowableMapper.class.getName());

    /** A full pool frees up within a request's time; come back soon. */
    static final int RETRY_AFTER_OVERLOAD_SECONDS = 1;
    /** A database restart or failover takes a few seconds. */
    static final int RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable error) {
        String requestId = requestId();
        if (error instanceof WebApplicationException web) {
            return fromWebApplication(web, requestId);
        }
        DatabaseFailure failure = DatabaseFailure.of(error);
        if (failure == DatabaseFailure.POOL_EXHAUSTED) {
            return ApiError.unavailable("service overloaded, retry later", RETRY_AFTER_OVERLOAD_SECONDS, requestId);
        }
        if (failure == DatabaseFailure.UNAVAILABLE) {
            LOG.log(Level.WARNING, "[" + requestId + "] database unavailable: " + error);
            return ApiError.unavailable("database unavailable, retry later", RETRY_AFTER_UNAVAILABLE_SECONDS, requestId);
        }
        if (error instanceof Overloaded overloaded) {
            return ApiError.unavailable("service overloaded, retry later", overloaded.retryAfterSeconds(), requestId);
        }
        if (error instanceof BulkheadException || error instanceof CircuitBreakerOpenException) {
            return ApiError.unavailable("service overloaded, retry later", RETRY_AFTER_OVERLOAD_SECONDS, requestId);
        }
        if (isMalformedJson(error)) {
            return ApiError.of(Response.Status.BAD_REQUEST, "malformed JSON body", requestId);
        }
        LOG.log(Level.SEVERE, "[" + requestId + "] unexpected failure", error);
        return ApiError.of(Response.Status.INTERNAL_SERVER_ERROR, "internal error (request id " + requestId + ")", requestId);
    }

    private Response fromWebApplication(WebApplicationException web, String requestId) {
        Response original = web.getResponse();
        Response.StatusType status = original.getStatusInfo();
        if (status.getStatusCode() < 400) {
            return original; // not an error (a resource's early 204): no error body to add
        }
        if (status.getStatusCode() >= 500) {
            LOG.log(Level.WARNING, "[" + requestId + "] " + status.getStatusCode(), web);
        }
        Response body = ApiError.of(status, messageFor(web, status), requestId);
        Response.ResponseBuilder copy = Response.fromResponse(body);
        for (String header : new String[]{HttpHeaders.RETRY_AFTER, HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE}) {
            Object value = original.getHeaders().getFirst(header);
            if (value != null) {
                copy.header(header, value);
            }
        }
        return copy.build();
    }

    /**
     * Messages our own code throws are meant for clients; the container's own (e.g. "HTTP 404 Not
     * Found") are replaced by a plain description of the status.
     */
    private static String messageFor(WebApplicationException web, Response.StatusType status) {
        String message = web.getMessage();
        if (message == null || message.startsWith("HTTP " + status.getStatusCode())) {
            return switch (status.getStatusCode()) {
                case 404 -> "not found";
                case 405 -> "method not allowed";
                case 406 -> "not acceptable";
                case 415 -> "unsupported media type: send application/json";
                default -> status.getReasonPhrase() == null ? "error" : status.getReasonPhrase().toLowerCase();
            };
        }
        return message;
    }

    /**
     * The JSON parser refused the body: JSON-B and JSON-P say so with their exceptions, but Parsson
     * refuses input nested deeper than its limit (1000) with a bare RuntimeException of its own.
     */
    static boolean isMalformedJson(Throwable error) {
        if (hasCause(error, JsonbException.class) || hasCause(error, JsonException.class)) {
            return true;
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            StackTraceElement[] at = t.getStackTrace();
            if (t.getClass() == RuntimeException.class && at.length > 0 && at[0].getClassName().startsWith("org.eclipse.parsson.")) {
                return true;
            }
        }
        return false;
    }

    private String requestId() {
        String id = RequestIds.of(request);
        return id == null ? "none" : id;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
