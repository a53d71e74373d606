package com.velure.platform.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.logging.Logger;

/**
 * Applies the WAR's Flyway migrations ({@code db/migration}) to its own schema while the
 * application deploys, on the container's pool. A failing migration throws here and so fails the
 * deployment: a service never runs against a schema it does not understand.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    @Inject
    DataSource dataSource;

    @Inject
    ServiceDatabase database;

    @Inject
    MigrationState state;

    @PostConstruct
    void migrate() {
        MigrateResult result = Flyway.configure(Thread.currentThread().getContextClassLoader())
                .dataSource(dataSource)
                .schemas(database.schema())
                .defaultSchema(database.schema())
                .createSchemas(false)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                : result.initialSchemaVersion != null ? result.initialSchemaVersion : "empty";
        LOG.info(() -> "Schema " + database.schema() + " is at version " + version
                + " (" + result.migrationsExecuted + " migrations applied now)");
        state.applied(version);
    }
}
