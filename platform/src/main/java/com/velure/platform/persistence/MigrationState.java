package com.velure.platform.persistence;

import jakarta.enterprise.context.ApplicationScoped;

/** Whether this deployment's migrations have been applied; read by the health checks. */
@ApplicationScoped
public class MigrationState {

    private volatile String appliedVersion;

    void applied(String version) {
        this.appliedVersion = version;
    }

    public boolean isApplied() {
        return appliedVersion != null;
    }

    /** The schema version after migration, or null while migrations are pending. */
    public String appliedVersion() {
        return appliedVersion;
    }
}
