package com.velure.platform.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which slice of PostgreSQL this WAR owns, from one setting ({@code velure.database}, e.g.
 * {@code auth}). By convention the name is the schema and role, the JDBC resource is
 * {@code jdbc/<name>} and the pool behind it {@code <name>-pool}, all created by the service's
 * boot command file in server-config/.
 */
@ApplicationScoped
public class ServiceDatabase {

    private final String name;

    @Inject
    public ServiceDatabase(@ConfigProperty(name = "velure.database") String name) {
        this.name = name;
    }

    /** For CDI's client proxy only. */
    protected ServiceDatabase() {
        this.name = null;
    }

    public String name() {
        return name;
    }

    public String schema() {
        return name;
    }

    public String jndiName() {
        return "jdbc/" + name;
    }

    public String poolName() {
        return name + "-pool";
    }
}
