package com.velure.platform.health;

import com.velure.platform.error.DatabaseFailure;
import com.velure.platform.persistence.MigrationState;
import com.velure.platform.persistence.ServiceDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Ready means "migrations are applied and PostgreSQL answers". A pool that is merely full still
 * counts as ready: taking a busy replica out of rotation would move its load onto the others and
 * take them out too, exactly when capacity is needed.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    @Inject
    MigrationState migrations;

    @Inject
    ServiceDatabase database;

    @Inject
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database-" + database.name());
        if (!migrations.isApplied()) {
            return response.down().withData("migrations", "pending").build();
        }
        response.withData("schemaVersion", migrations.appliedVersion());
        try (Connection connection = dataSource.getConnection()) {
            return response.status(connection.isValid(VALIDATION_TIMEOUT_SECONDS)).build();
        } catch (SQLException e) {
            if (DatabaseFailure.of(e) == DatabaseFailure.POOL_EXHAUSTED) {
                return response.up().withData("pool", "saturated").build();
            }
            return response.down().withData("error", "database unreachable").build();
        }
    }
}
