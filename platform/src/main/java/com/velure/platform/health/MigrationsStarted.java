package com.velure.platform.health;

import com.velure.platform.persistence.MigrationState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the schema migrations have been applied. */
@Startup
@ApplicationScoped
public class MigrationsStarted implements HealthCheck {

    @Inject
    MigrationState migrations;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("migrations").status(migrations.isApplied()).build();
    }
}
