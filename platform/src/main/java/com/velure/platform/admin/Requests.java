package com.velure.platform.admin;

import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

import java.util.Map;

/**
 * The request count of this instance from the {@code http_server_requests} timers on /metrics, and
 * a rate a console can chart: MicroProfile Metrics 5 timers keep no rates of their own.
 */
final class Requests implements RequestsMXBean {

    /** Shorter windows make a jumpy chart when a console polls every few seconds. */
    private static final long RATE_WINDOW_NANOS = 5_000_000_000L;

    private final MetricRegistry registry;
    private long windowStart = System.nanoTime();
    private long countAtWindowStart;
    private double perSecond;

    Requests(MetricRegistry registry) {
        this.registry = registry;
        this.countAtWindowStart = getTotal();
    }

    @Override
    public long getTotal() {
        return timers().values().stream().mapToLong(Timer::getCount).sum();
    }

    @Override
    public long getServerErrors() {
        return timers().entrySet().stream()
                .filter(t -> t.getKey().getTags().getOrDefault("status", "").startsWith("5"))
                .mapToLong(t -> t.getValue().getCount()).sum();
    }

    @Override
    public synchronized double getPerSecond() {
        long now = System.nanoTime();
        if (now - windowStart >= RATE_WINDOW_NANOS) {
            long count = getTotal();
            perSecond = (count - countAtWindowStart) * 1e9 / (now - windowStart);
            windowStart = now;
            countAtWindowStart = count;
        }
        return perSecond;
    }

    private Map<MetricID, Timer> timers() {
        return registry.getTimers((id, metric) -> id.getName().equals("http_server_requests"));
    }
}
