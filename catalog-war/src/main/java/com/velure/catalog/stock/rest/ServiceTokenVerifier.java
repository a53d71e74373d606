package com.velure.catalog.stock.rest;

import com.velure.catalog.api.InternalCatalogApi;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Lets a request to a {@link ServiceCallersOnly} resource through only with header
 * {@value InternalCatalogApi#SERVICE_TOKEN_HEADER} equal to the shared secret {@code VELURE_SERVICE_TOKEN}: missing is 401, wrong
 * is 403. Without a configured secret every call is refused, never waved through.
 */
@Provider
@ServiceCallersOnly
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class ServiceTokenVerifier implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(ServiceTokenVerifier.class.getName());

    private byte[] expected;

    @Inject
    void configure(@ConfigProperty(name = "velure.service.token") Optional<String> token) {
        expected = token.filter(value -> !value.isBlank()).map(value -> value.getBytes(StandardCharsets.UTF_8)).orElse(null);
        if (expected == null) {
            LOG.warning("VELURE_SERVICE_TOKEN is not set: every internal call will be refused");
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String presented = request.getHeaderString(InternalCatalogApi.SERVICE_TOKEN_HEADER);
        if (presented == null || presented.isEmpty()) {
            throw new WebApplicationException("service token required", Response.Status.UNAUTHORIZED);
        }
        // Constant time, so the response time does not reveal how much of the token was right.
        if (expected == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new WebApplicationException("service token not accepted", Response.Status.FORBIDDEN);
        }
    }
}
