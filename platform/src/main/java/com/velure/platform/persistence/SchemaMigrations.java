package com.velure.platform.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * Applies the WAR's Flyway migrations ({@code db/migration}) to its own schema while the
 * application deploys, on the container's pool. A failing migration throws here and so fails the
 * deployment: a service never runs against a schema it does not understand. Then fires
 * {@link MigrationsApplied}.
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

    @Inject
    Event<MigrationsApplied> applied;

    @PostConstruct
    void migrate() {
        requireRoleSearchPath();
        MigrateResult result = Flyway.configure(Thread.currentThread().getContextClassLoader())
                .dataSource(dataSource)
                .schemas(database.schema())
                .defaultSchema(database.schema())
                .createSchemas(false)
                .locations("classpath:db/migration")
                // Behind PgBouncer in transaction mode each transaction may get another server
                // connection, so the migration lock must not be a session lock: Flyway's default
                // (postgresql.transactional.lock) is pg_try_advisory_xact_lock, held by the
                // migrating transaction. Keep it that way; README "Session state under transaction pooling".
                .load()
                .migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                : result.initialSchemaVersion != null ? result.initialSchemaVersion : "empty";
        LOG.info(() -> "Schema " + database.schema() + " is at version " + version
                + " (" + result.migrationsExecuted + " migrations applied now)");
        state.applied(version);
        applied.fire(new MigrationsApplied(version));
    }

    /**
     * Flyway switches search_path with a session-level set_config when the connection's schema is
     * not the one it migrates, and restores it afterwards. Behind PgBouncer in transaction mode
     * both could land on server connections other clients then use, so we rely on the role's own
     * search_path (ALTER ROLE ... SET search_path, set by the provisioning) already being the
     * schema, which makes Flyway skip the switch; and say so clearly when it is not.
     */
    private void requireRoleSearchPath() {
        try (Connection connection = dataSource.getConnection(); Statement query = connection.createStatement();
             ResultSet row = query.executeQuery("SELECT current_schema()")) {
            String current = row.next() ? row.getString(1) : null;
            if (!database.schema().equals(current)) {
                throw new IllegalStateException("the role's search_path must be its schema: ALTER ROLE " + database.name()
                        + " SET search_path = " + database.schema() + " (current schema: " + current + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the current schema before migrating", e);
        }
    }
}
