package com.velure.platform.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over {@code velure.http.max-body-kib} (16 KiB unless a service sets more)
 * with 413 before anything parses them: by the declared Content-Length, or, for a body without
 * one, by reading at most one byte past the limit. Every service gets it from this jar.
 */
@Provider
@PreMatching
@Priority(Priorities.USER + 100) // after RequestIds, so the 413 carries the request id
public class BodyLimit implements ContainerRequestFilter {

    /** Read once; a provider is created by JAX-RS, not CDI, so it asks MicroProfile Config itself. */
    private final int maxKib = ConfigProvider.getConfig()
            .getOptionalValue("velure.http.max-body-kib", Integer.class).orElse(16);

    @Override
    public void filter(ContainerRequestContext request) {
        int maxBytes = maxKib * 1024;
        int declared = request.getLength();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        if (declared < 0 && request.hasEntity()) {
            try {
                InputStream body = request.getEntityStream();
                byte[] bytes = body.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw tooLarge();
                }
                request.setEntityStream(new ByteArrayInputStream(bytes));
            } catch (IOException clientWentAway) {
                throw new BadRequestException("could not read the request body");
            }
        }
    }

    private WebApplicationException tooLarge() {
        return new WebApplicationException("request body too large: at most " + maxKib + " KiB",
                Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
}
