package com.velure.platform.status;

import com.velure.platform.persistence.MigrationState;
import com.velure.platform.persistence.ServiceDatabase;
import jakarta.inject.Inject;
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

    @Inject
    @ConfigProperty(name = "velure.api-prefix")
    String apiPrefix;

    @Inject
    ServiceDatabase database;

    @Inject
    MigrationState migrations;

    /** Which service answered a route, and its schema's version. */
    public record Status(String service, String schema, String schemaVersion) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Status status(@PathParam("prefix") String prefix) {
        if (!apiPrefix.equals(prefix)) {
            throw new NotFoundException();
        }
        return new Status(apiPrefix, database.schema(), String.valueOf(migrations.appliedVersion()));
    }
}
