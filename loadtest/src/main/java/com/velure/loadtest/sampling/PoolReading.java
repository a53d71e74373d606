package com.velure.loadtest.sampling;

import java.util.List;

/**
 * One service's pool at one instant, from its /metrics ({@code db_pool_*}). A figure the service
 * did not publish is NaN.
 */
public record PoolReading(String pool, double inUse, double idle, double waiting, double waitTimeoutsTotal,
                          double maxSize, double maxWaitMillis) {

    /** The first pool among the samples (a service has one), or null when /metrics shows none. */
    public static PoolReading of(List<PrometheusText.Sample> samples) {
        String pool = samples.stream().filter(s -> s.name().startsWith("db_pool_") && s.labels().containsKey("pool"))
                .map(s -> s.labels().get("pool")).findFirst().orElse(null);
        if (pool == null) {
            return null;
        }
        return new PoolReading(pool, value(samples, pool, "db_pool_connections_in_use"), value(samples, pool, "db_pool_connections_idle"),
                value(samples, pool, "db_pool_waiting_threads"), value(samples, pool, "db_pool_wait_timeouts_total"),
                value(samples, pool, "db_pool_connections_max"), value(samples, pool, "db_pool_max_wait_milliseconds"));
    }

    private static double value(List<PrometheusText.Sample> samples, String pool, String name) {
        return samples.stream().filter(s -> s.name().equals(name) && pool.equals(s.labels().get("pool")))
                .mapToDouble(PrometheusText.Sample::value).findFirst().orElse(Double.NaN);
    }
}
