package com.velure.order;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The order service's JAX-RS application. Served from the root so that every unknown path, not
 * only those under /api/order, gets the API's JSON 404.
 * Bearer tokens are verified locally against auth's public key by platform's
 * {@link com.velure.platform.security.BearerAuthentication}.
 */
@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(title = "Velure order service", version = "1.0",
        description = "Orders priced by the catalog and carried to COMPLETED or FAILED in the background (API.md, Orders)."))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "An access token from POST /api/auth/login")
public class OrderApplication extends Application {
}
