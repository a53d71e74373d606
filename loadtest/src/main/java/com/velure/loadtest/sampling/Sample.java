package com.velure.loadtest.sampling;

import java.util.Map;

/**
 * Everything sampled at one second of the run.
 *
 * @param pools    service name → its pool (absent when /metrics did not answer)
 * @param database PostgreSQL's view, null when not sampled or unreachable
 * @param cpuCores process group → cores used since the previous sample
 */
public record Sample(long epochMillis, int activeUsers, Map<String, PoolReading> pools, DatabaseReading database,
                     Map<String, Double> cpuCores) {

    /** The key of {@link #cpuCores} for the whole machine, all processes together. */
    public static final String MACHINE_CPU = "machine (all processes)";

    /** Requests waiting for a pooled connection, over all services. */
    public double poolWaiters() {
        return pools.values().stream().mapToDouble(PoolReading::waiting).filter(v -> !Double.isNaN(v)).sum();
    }
}
