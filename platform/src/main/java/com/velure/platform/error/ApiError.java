package com.velure.platform.error;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.Map;

/**
 * The one error body of the public API: {@code {"error", "status", "title", "requestId"}} plus
 * {@code "fields"} for validation errors. Never a stack trace, an SQL statement or a server page.
 */
public final class ApiError {

    /** Looked up once: {@code Json.createXxx()} repeats the service-loader lookup on every call (jsonp-api#154). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private ApiError() {
    }

    public static Response of(Response.StatusType status, String message, String requestId) {
        return builder(status, message, requestId, Map.of()).build();
    }

    /** A 400 that names each offending field with what is wrong with it. */
    public static Response invalid(String message, Map<String, String> fields, String requestId) {
        return builder(Response.Status.BAD_REQUEST, message, requestId, fields).build();
    }

    /** A 503 that tells the client when to come back. */
    public static Response unavailable(String message, int retryAfterSeconds, String requestId) {
        return builder(Response.Status.SERVICE_UNAVAILABLE, message, requestId, Map.of())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
                .build();
    }

    private static Response.ResponseBuilder builder(Response.StatusType status, String message, String requestId,
                                                    Map<String, String> fields) {
        JsonObjectBuilder body = JSON.createObjectBuilder()
                .add("error", message)
                .add("status", status.getStatusCode())
                .add("title", status.getReasonPhrase() == null ? "" : status.getReasonPhrase());
        if (requestId != null) {
            body.add("requestId", requestId);
        }
        if (!fields.isEmpty()) {
            JsonObjectBuilder offending = JSON.createObjectBuilder();
            fields.forEach(offending::add);
            body.add("fields", offending);
        }
        return Response.status(status.getStatusCode()).type(MediaType.APPLICATION_JSON_TYPE).entity(body.build().toString());
    }
}
