package com.velure.platform.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import java.security.Principal;

/**
 * Authenticates a request by its {@code Authorization: Bearer} access token, for every resource of
 * the service: a valid token (see {@link AccessTokenVerifier}) makes its {@link VerifiedToken} the
 * request's principal and its groups the roles; a bearer token that fails is a 401 on any path,
 * as it always was (a client holding a stale token learns so at once); no bearer token leaves the
 * request anonymous, for {@link RoleCheck} to refuse where a role is needed.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthentication implements ContainerRequestFilter {

    private static final String SCHEME = "Bearer ";

    private volatile AccessTokenVerifier verifier;

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return; // anonymous, or another scheme (the internal API's service token has its own header)
        }
        VerifiedToken token = verifier().require(authorization.substring(SCHEME.length()));
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return token;
            }

            @Override
            public boolean isUserInRole(String role) {
                return token.groups().contains(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        });
    }

    /** A provider is created by JAX-RS, not CDI, so it looks the bean up itself (once). */
    private AccessTokenVerifier verifier() {
        AccessTokenVerifier bean = verifier;
        if (bean == null) {
            bean = CDI.current().select(AccessTokenVerifier.class).get();
            verifier = bean;
        }
        return bean;
    }
}
