package com.velure.catalog;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The catalog service's JAX-RS application. Served from the root so that every unknown path, not
 * only those under /api/product, gets the API's JSON 404.
 * Bearer tokens are verified locally against auth's public key by platform's
 * {@link com.velure.platform.security.BearerAuthentication}; the token's groups are the roles.
 */
@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(title = "Velure catalog", version = "1.0",
        description = "Products, categories and stock: the public /api/product API and the order service's /internal API"),
        components = @Components(responses = { // errors many operations share; "Error" is platform's ApiError.Body
            @APIResponse(name = "TooLarge", responseCode = "413", description = "body over 64 KiB",
                    content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error"))),
            @APIResponse(name = "NotJson", responseCode = "415", description = "body not application/json",
                    content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error"))),
            @APIResponse(name = "Overloaded", responseCode = "503", description = "overloaded or database down; retry after Retry-After seconds",
                    headers = @Header(name = "Retry-After"), content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error")))}))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "an access token from auth-war; changes need role admin")
@SecurityScheme(securitySchemeName = "serviceToken", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = "X-Service-Token", description = "the services' shared secret, for /internal only")
public class CatalogApplication extends Application {
}
