package com.velure.platform.error;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/**
 * The one error body of the public API: {@code {"error", "status", "title", "requestId"}} plus
 * {@code "fields"} for validation errors. Never a stack trace, an SQL statement or a server page.
 */
public final class ApiError {

    /** For the container's own error page, which runs outside JAX-RS; JSON-B instances are thread-safe. */
    private static final Jsonb JSONB = JsonbBuilder.create();

    private ApiError() {
    }

    /** The body; absent members are left out. Resources name it in their OpenAPI responses. */
    @Schema(name = "Error", description = "Every error of the API")
    @JsonbPropertyOrder({"error", "status", "title", "requestId", "fields"})
    public record Body(
            @Schema(required = true, description = "what went wrong, for people") String error,
            @Schema(required = true, description = "the HTTP status") int status,
            @Schema(description = "the status's reason phrase") String title,
            @Schema(description = "the X-Request-Id of the request, also in the server's log") String requestId,
            @Schema(description = "per offending field or parameter, what is wrong with it") Map<String, String> fields) {
    }

    public static Response of(Response.StatusType status, String message, String requestId) {
        return builder(status, message, requestId, null).build();
    }

    /** A 400 that names each offending field with what is wrong with it. */
    public static Response invalid(String message, Map<String, String> fields, String requestId) {
        return builder(Response.Status.BAD_REQUEST, message, requestId, fields.isEmpty() ? null : fields).build();
    }

    /** A 503 that tells the client when to come back. */
    public static Response unavailable(String message, int retryAfterSeconds, String requestId) {
        return builder(Response.Status.SERVICE_UNAVAILABLE, message, requestId, null)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
                .build();
    }

    /** The body as JSON text, for code that writes the response itself. */
    public static String json(Response.StatusType status, String message, String requestId) {
        return JSONB.toJson(body(status, message, requestId, null));
    }

    private static Body body(Response.StatusType status, String message, String requestId, Map<String, String> fields) {
        return new Body(message, status.getStatusCode(), status.getReasonPhrase() == null ? "" : status.getReasonPhrase(),
                requestId, fields);
    }

    private static Response.ResponseBuilder builder(Response.StatusType status, String message, String requestId,
                                                    Map<String, String> fields) {
        return Response.status(status.getStatusCode()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(status, message, requestId, fields));
    }
}
