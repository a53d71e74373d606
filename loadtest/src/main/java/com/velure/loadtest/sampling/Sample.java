package com.velure.loadtest.sampling;

import java.util.Map;

/**
 * Everything sampled at one second of the run.
 *
 * @param database PostgreSQL's view, null when not sampled or unreachable
 * @param pools       instance name ({@code auth}, or {@code auth-1}... with replicas) → its pool (absent when /metrics did not answer)
 * @param cpuCores    process group → cores used since the previous sample
 * @param loadAverage the machine's 1-minute load average (neighbours' work included)
 * @param memoryBytes process group → resident memory (PSS) now
 */
public record Sample(long epochMillis, int activeUsers, Map<String, PoolReading> pools, DatabaseReading database,
                     Map<String, Double> cpuCores, double loadAverage, Map<String, Long> memoryBytes) {

    /** The key of {@link #cpuCores} for the whole machine, all processes together. */
    public static final String MACHINE_CPU = "machine (all processes)";
    /** The key of {@link #cpuCores} and {@link #memoryBytes} for the load generator (Gatling's JVM). */
    public static final String LOAD_GENERATOR = "load generator";

    /** Requests waiting for a pooled connection, over all services. */
    public double poolWaiters() {
        return pools.values().stream().mapToDouble(PoolReading::waiting).filter(v -> !Double.isNaN(v)).sum();
    }
}
