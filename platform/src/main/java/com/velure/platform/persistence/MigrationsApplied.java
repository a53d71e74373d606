package com.velure.platform.persistence;

/**
 * Fired once, synchronously, when the deployment's migrations are applied. Work that needs the
 * database at start observes this rather than {@code @Initialized(ApplicationScoped.class)}, which
 * Payara fires before the {@code @Startup} singleton that migrates: what runs here finishes while
 * the application deploys, before its first request.
 */
public record MigrationsApplied(String schemaVersion) {
}
