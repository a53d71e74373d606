package com.velure.platform.status;

import com.velure.platform.persistence.MigrationState;
import com.velure.platform.persistence.ServiceDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * A service's self-description for {@code GET /api/<service>/status}: which service answered and
 * at which schema version. Cheap enough to call through the ingress to see which backend is up.
 */
@ApplicationScoped
public class ServiceStatus {

    @Inject
    ServiceDatabase database;

    @Inject
    MigrationState migrations;

    public JsonObject describe(String service) {
        return Json.createObjectBuilder()
                .add("service", service)
                .add("schema", database.schema())
                .add("schemaVersion", String.valueOf(migrations.appliedVersion()))
                .build();
    }
}
