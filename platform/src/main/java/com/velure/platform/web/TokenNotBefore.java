package com.velure.platform.web;

import jakarta.annotation.Priority;
import jakarta.json.JsonNumber;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;

/**
 * Refuses an access token that is not valid yet: Payara's MicroProfile JWT checks signature,
 * issuer and expiry, but lets a token whose {@code nbf} lies ahead through, which RFC 7519
 * (4.1.5) forbids. Runs after the container has authenticated the caller and before any role
 * check, with the same clock skew ({@code mp.jwt.verify.clock.skew}, seconds, default 0).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class TokenNotBefore implements ContainerRequestFilter {

    /** Read once; a provider is created by JAX-RS, not CDI, so it asks MicroProfile Config itself. */
    private final long skewSeconds = ConfigProvider.getConfig()
            .getOptionalValue("mp.jwt.verify.clock.skew", Long.class).orElse(0L);

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken token
                && notBefore(token.getClaim(Claims.nbf.name())) > Instant.now().getEpochSecond() + skewSeconds) {
            throw new NotAuthorizedException("access token not valid yet", "Bearer");
        }
    }

    private static long notBefore(Object claim) {
        if (claim instanceof Number number) {
            return number.longValue();
        }
        return claim instanceof JsonNumber number ? number.longValue() : 0;
    }
}
