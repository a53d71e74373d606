package com.velure.auth;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The auth service's JAX-RS application. Served from the root so that every unknown path, not
 * only those under /api/auth, gets the API's JSON 404.
 * Bearer tokens are verified locally with MicroProfile JWT against auth's public key; the token's
 * groups are the roles.
 */
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({"customer", "admin"})
@ApplicationScoped // Payara only honours @LoginConfig on a CDI bean
public class AuthApplication extends Application {
}
