package com.velure.order.processing;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * The order worker of each instance (env {@code VELURE_ORDER_WORKER_ENABLED},
 * {@code VELURE_ORDER_WORKER_CONCURRENCY}, ...). The defaults here are the only ones.
 */
@ConfigProperties(prefix = "velure.order.worker")
@Dependent
public class WorkerSettings {

    /** false makes an instance take orders without processing them. */
    @ConfigProperty(name = "enabled", defaultValue = "true")
    boolean enabled;

    /**
     * Orders one instance processes at a time. Most of an order's time is waiting on the catalog,
     * so threads, not connections, bound it.
     */
    @ConfigProperty(name = "concurrency", defaultValue = "8")
    int concurrency;

    /** Outbox polling; an order placed on the same instance wakes the worker at once. */
    @ConfigProperty(name = "poll-interval-ms", defaultValue = "250")
    long pollIntervalMillis;

    /** How long a dead worker's orders wait before another instance resumes them; renewed every third of it. */
    @ConfigProperty(name = "lease-seconds", defaultValue = "30")
    long leaseSeconds;

    /** Longest wait between retries while the catalog is unavailable. */
    @ConfigProperty(name = "max-backoff-seconds", defaultValue = "60")
    long maxBackoffSeconds;

    /** How often the outbox backlog gauge is counted. */
    @ConfigProperty(name = "backlog-count-interval-seconds", defaultValue = "5")
    long backlogCountIntervalSeconds;

    /** How often expired idempotency keys are purged. */
    @ConfigProperty(name = "key-purge-interval-minutes", defaultValue = "10")
    long keyPurgeIntervalMinutes;

    Duration lease() {
        return Duration.ofSeconds(leaseSeconds);
    }
}
