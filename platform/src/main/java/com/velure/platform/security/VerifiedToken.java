package com.velure.platform.security;

import java.security.Principal;
import java.util.Set;
import java.util.UUID;

/**
 * The caller an access token speaks for, once {@link AccessTokenVerifier} has checked it: the user
 * ({@code sub}), the roles ({@code groups}) and the session ({@code sid}).
 * It is the request's {@link jakarta.ws.rs.core.SecurityContext#getUserPrincipal() principal};
 * {@link #of} reads it back in a resource.
 */
public record VerifiedToken(String userId, Set<String> groups, UUID sessionId, String raw) implements Principal {

    /** The user id: what the API calls the caller everywhere. */
    @Override
    public String getName() {
        return userId;
    }

    /** Never the raw token: records print it otherwise, and a log line must not hand out a credential. */
    @Override
    public String toString() {
        return "VerifiedToken[userId=" + userId + ", groups=" + groups + ", sessionId=" + sessionId + "]";
    }

    /**
     * The request's verified token. Only for methods behind {@code @RolesAllowed}, where
     * {@link RoleCheck} has already refused a request without one.
     */
    public static VerifiedToken of(jakarta.ws.rs.core.SecurityContext security) {
        if (security.getUserPrincipal() instanceof VerifiedToken token) {
            return token;
        }
        throw new IllegalStateException("no verified access token: is the method missing @RolesAllowed?");
    }
}
