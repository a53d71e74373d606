package com.velure.auth.token.rest;

import com.velure.auth.token.SigningKey;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

/** The public keys that verify access tokens, as a JWKS document for other services and clients. */
@Path("api/auth/.well-known/jwks.json")
public class JwksResource {

    @Inject
    SigningKey key;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The public keys that verify access tokens")
    @APIResponse(responseCode = "200", description = "the key set; cacheable for 5 minutes",
            content = @Content(schema = @Schema(implementation = JwksMessages.JsonWebKeySet.class)))
    public Response keys() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300); // verifiers may cache briefly; a rotated key appears within minutes
        return Response.ok(new JwksMessages.JsonWebKeySet(List.of(JwksMessages.PublicKey.of(key.publicKey())))).cacheControl(cache).build();
    }
}
