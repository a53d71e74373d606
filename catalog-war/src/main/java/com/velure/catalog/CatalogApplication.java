package com.velure.catalog;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The catalog service's JAX-RS application. Served from the root so that every unknown path, not
 * only those under /api/product, gets the API's JSON 404.
 * Bearer tokens are verified locally with MicroProfile JWT against auth's public key; the JWT
 * {@code groups} become roles only once declared (without it, Payara answers 403 to an admin).
 */
@ApplicationPath("/")
@DeclareRoles({"admin", "customer"})
@LoginConfig(authMethod = "MP-JWT")
@ApplicationScoped // Payara only honours @LoginConfig on a CDI bean
public class CatalogApplication extends Application {
}
