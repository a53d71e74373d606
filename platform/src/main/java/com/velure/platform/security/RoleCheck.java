package com.velure.platform.security;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Enforces {@code @RolesAllowed}, {@code @DenyAll} and {@code @PermitAll} on resource methods (the
 * method's annotation first, else its class's), with the roles {@link BearerAuthentication} found:
 * no token where a role is needed is a 401, a token without the role a 403. Methods without any of
 * the three are open. Bound per method when the application starts, so an open method pays nothing.
 */
@Provider
public class RoleCheck implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        if (method.isAnnotationPresent(DenyAll.class)) {
            context.register(new Required(List.of()));
        } else if (method.isAnnotationPresent(RolesAllowed.class)) {
            context.register(new Required(List.of(method.getAnnotation(RolesAllowed.class).value())));
        } else if (!method.isAnnotationPresent(PermitAll.class)) {
            Class<?> type = resource.getResourceClass();
            if (type.isAnnotationPresent(DenyAll.class)) {
                context.register(new Required(List.of()));
            } else if (type.isAnnotationPresent(RolesAllowed.class)) {
                context.register(new Required(List.of(type.getAnnotation(RolesAllowed.class).value())));
            }
        }
    }

    /** One of these roles, or none at all for {@code @DenyAll}; after {@link BearerAuthentication}. */
    @Priority(Priorities.AUTHORIZATION)
    public static final class Required implements ContainerRequestFilter {

        private final List<String> roles;

        Required(List<String> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (request.getSecurityContext().getUserPrincipal() == null) {
                throw new NotAuthorizedException("missing, invalid or expired access token", "Bearer");
            }
            for (String role : roles) {
                if (request.getSecurityContext().isUserInRole(role)) {
                    return;
                }
            }
            throw new ForbiddenException("forbidden");
        }
    }
}
