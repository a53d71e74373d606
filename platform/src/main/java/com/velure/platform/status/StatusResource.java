package com.velure.platform.status;

import com.velure.platform.persistence.MigrationState;
import com.velure.platform.persistence.ServiceDatabase;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /api/<prefix>/status}: which service answered and at which schema version, so an
 * operator can check each route of the ingress. The service's own prefix comes from
 * {@code velure.api-prefix}; any other prefix is a 404 like every unknown path.
 */
@Path("api/{prefix}/status")
public class StatusResource {

    /** Looked up once: {@code Json.createXxx()} repeats the service-loader lookup on every call (jsonp-api#154). */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    @ConfigProperty(name = "velure.api-prefix")
    String apiPrefix;

    @Inject
    ServiceDatabase database;

    @Inject
    MigrationState migrations;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject status(@PathParam("prefix") String prefix) {
        if (!apiPrefix.equals(prefix)) {
            throw new NotFoundException();
        }
        return JSON.createObjectBuilder()
                .add("service", apiPrefix)
                .add("schema", database.schema())
                .add("schemaVersion", String.valueOf(migrations.appliedVersion()))
                .build();
    }
}
