package com.velure.order.tracking;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * The order status streams (SSE) of each instance (env {@code VELURE_ORDER_STATUS_STREAM_POLL_INTERVAL_MS}, ...).
 * The defaults here are the only ones.
 */
@ConfigProperties(prefix = "velure.order.status-stream")
@Dependent
public class StreamSettings {

    /** How often open streams look for changes (one query for all of them). */
    @ConfigProperty(name = "poll-interval-ms", defaultValue = "500")
    public long pollIntervalMillis;

    /** Comment interval on a quiet stream. */
    @ConfigProperty(name = "keep-alive-seconds", defaultValue = "15")
    public long keepAliveSeconds;

    /** Streams one instance keeps open; beyond that 503. */
    @ConfigProperty(name = "max-streams", defaultValue = "1000")
    public int maxStreams;

    /** A stream is closed after this; EventSource reconnects by itself. */
    @ConfigProperty(name = "max-duration-minutes", defaultValue = "15")
    public long maxDurationMinutes;

    public Duration keepAlive() {
        return Duration.ofSeconds(keepAliveSeconds);
    }

    public Duration maxDuration() {
        return Duration.ofMinutes(maxDurationMinutes);
    }
}
