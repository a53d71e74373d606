package com.velure.platform.status;

import com.velure.platform.error.ApiError;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

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
    public record Status(@Schema(required = true) String service, @Schema(required = true) String schema,
                         @Schema(required = true, description = "\"null\" while migrations are pending") String schemaVersion) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which service answers this prefix, at which schema version")
    @APIResponse(responseCode = "200", description = "this service",
            content = @Content(schema = @Schema(implementation = Status.class)))
    @APIResponse(responseCode = "404", description = "another service's prefix",
            content = @Content(schema = @Schema(implementation = ApiError.Body.class)))
    public Status status(@PathParam("prefix") String prefix) {
        if (!apiPrefix.equals(prefix)) {
            throw new NotFoundException();
        }
        return new Status(apiPrefix, database.schema(), String.valueOf(migrations.appliedVersion()));
    }
}
