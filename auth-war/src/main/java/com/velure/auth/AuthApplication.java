package com.velure.auth;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The auth service's JAX-RS application. Served from the root so that every unknown path, not
 * only those under /api/auth, gets the API's JSON 404.
 * Bearer tokens are verified locally against auth's public key by platform's
 * {@link com.velure.platform.security.BearerAuthentication}; the token's groups are the roles.
 */
@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(title = "Velure auth service", version = "1.0",
        description = "Accounts, sessions and tokens: the /api/auth section of the Velure API"),
        components = @Components(responses = { // errors many operations share; "Error" is platform's ApiError.Body
            @APIResponse(name = "TooLarge", responseCode = "413", description = "body over 16 KiB",
                    content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error"))),
            @APIResponse(name = "NotJson", responseCode = "415", description = "body not application/json",
                    content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error"))),
            @APIResponse(name = "Overloaded", responseCode = "503", description = "overloaded or database down; retry after Retry-After seconds",
                    headers = @Header(name = "Retry-After"), content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error")))}))
@SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "an access token from /api/auth/login, /register or /refresh")
public class AuthApplication extends Application {
}
