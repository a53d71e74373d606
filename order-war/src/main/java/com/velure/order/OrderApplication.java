package com.velure.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The order service's JAX-RS application. Served from the root so that every unknown path, not
 * only those under /api/order, gets the API's JSON 404.
 * Bearer tokens are verified locally with MicroProfile JWT against auth's public key.
 */
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT")
@ApplicationScoped // Payara only honours @LoginConfig on a CDI bean
public class OrderApplication extends Application {
}
