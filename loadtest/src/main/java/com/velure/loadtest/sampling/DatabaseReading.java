package com.velure.loadtest.sampling;

import java.util.Map;

/**
 * PostgreSQL's own count of client connections at one instant ({@code pg_stat_activity}, client
 * backends only), in total and per {@code application_name} (each pool sets {@code velure-<service>}).
 *
 * @param total         every client connection, the sampler's own included
 * @param active        connections running a statement
 * @param waitingOnLock connections waiting for a lock (row locks of the stock update, typically)
 * @param byApplication connections per application name (behind PgBouncer: of the client that last used the server connection)
 * @param byRole        connections per login role: each service has its own, the superuser {@code postgres} is the sampler's
 * @param maxConnections PostgreSQL's {@code max_connections}
 * @param reserved      its {@code superuser_reserved_connections}: the service roles get {@code maxConnections − reserved}
 */
public record DatabaseReading(int total, int active, int waitingOnLock, Map<String, Integer> byApplication,
                              Map<String, Integer> byRole, int maxConnections, int reserved) {

    /** The superuser role, which the budget counts as headroom (reserved slots aside), not as a service. */
    public static final String SUPERUSER = "postgres";

    /** Connections of the service roles: what the connection budget bounds. */
    public int services() {
        return byRole.entrySet().stream().filter(e -> !e.getKey().equals(SUPERUSER)).mapToInt(Map.Entry::getValue).sum();
    }
}
