package com.velure.loadtest.sampling;

import java.util.Map;

/**
 * PostgreSQL's own count of client connections at one instant ({@code pg_stat_activity}, client
 * backends only), in total and per {@code application_name} (each pool sets {@code velure-<service>}).
 *
 * @param total         every client connection, the sampler's own included
 * @param active        connections running a statement
 * @param waitingOnLock connections waiting for a lock (row locks of the stock update, typically)
 * @param byApplication connections per application name
 */
public record DatabaseReading(int total, int active, int waitingOnLock, Map<String, Integer> byApplication) {
}
