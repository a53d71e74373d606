package com.velure.auth.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over {@value #MAX_BYTES} bytes with 413 before anything parses them: by
 * the declared Content-Length, or, for a body without one, by reading at most one byte past the
 * limit.
 */
@Provider
@PreMatching
@Priority(Priorities.USER + 100) // after RequestIds, so the 413 carries the request id
public class BodyLimit implements ContainerRequestFilter {

    public static final int MAX_BYTES = 16 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        int declared = request.getLength();
        if (declared > MAX_BYTES) {
            throw tooLarge();
        }
        if (declared < 0 && request.hasEntity()) {
            try {
                InputStream body = request.getEntityStream();
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw tooLarge();
                }
                request.setEntityStream(new ByteArrayInputStream(bytes));
            } catch (IOException clientWentAway) {
                throw new BadRequestException("could not read the request body");
            }
        }
    }

    private static WebApplicationException tooLarge() {
        return new WebApplicationException("request body too large: at most " + MAX_BYTES / 1024 + " KiB",
                Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
}
