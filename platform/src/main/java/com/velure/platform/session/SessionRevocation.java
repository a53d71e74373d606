package com.velure.platform.session;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * Refuses an access token whose session has been revoked, in every service: MicroProfile JWT has
 * already checked signature, issuer and expiry; this adds the session ({@code sid} claim, which
 * every token auth issues carries) against {@link RevokedSessions}. Requests without a token are
 * not its business. A response that outlives its request (order-war's status stream) asks
 * {@link RevokedSessions} again itself, so it ends within the same bound.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class SessionRevocation implements ContainerRequestFilter {

    private volatile RevokedSessions revoked;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken token)) {
            return;
        }
        UUID sessionId;
        try {
            sessionId = UUID.fromString(token.getClaim("sid").toString());
        } catch (RuntimeException noSession) {
            throw unauthorized("access token without a session");
        }
        if (revokedSessions().isRevoked(sessionId)) {
            throw unauthorized("session revoked");
        }
    }

    /** A provider is created by JAX-RS, not CDI, so it looks the bean up itself (once). */
    private RevokedSessions revokedSessions() {
        RevokedSessions bean = revoked;
        if (bean == null) {
            bean = CDI.current().select(RevokedSessions.class).get();
            revoked = bean;
        }
        return bean;
    }

    private static WebApplicationException unauthorized(String message) {
        return new WebApplicationException(message, Response.status(Response.Status.UNAUTHORIZED)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"").build());
    }
}
