package com.velure.catalog.status;

import com.velure.platform.status.ServiceStatus;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Which service answered through the ingress, and at which schema version. */
@Path("api/product/status")
public class StatusResource {

    @Inject
    ServiceStatus status;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject status() {
        return status.describe("catalog");
    }
}
