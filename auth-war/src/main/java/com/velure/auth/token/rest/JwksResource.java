package com.velure.auth.token.rest;

import com.velure.auth.token.SigningKey;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The public keys that verify access tokens, as a JWKS document for other services and clients. */
@Path("api/auth/.well-known/jwks.json")
public class JwksResource {

    @Inject
    SigningKey key;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response keys() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300); // verifiers may cache briefly; a rotated key appears within minutes
        return Response.ok(key.publicKeys().toString()).cacheControl(cache).build();
    }
}
