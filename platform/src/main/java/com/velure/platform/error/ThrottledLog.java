package com.velure.platform.error;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A warning log for failures of background work that recur at every run (the database is down,
 * the pool is exhausted): the first one is logged with its stack trace, repeats only once a minute.
 */
public final class ThrottledLog {

    private static final Duration QUIET = Duration.ofMinutes(1);

    private final Logger logger;
    private volatile Instant last = Instant.EPOCH;

    public ThrottledLog(Logger logger) {
        this.logger = logger;
    }

    public void warning(String message, Throwable error) {
        Instant now = Instant.now();
        if (Duration.between(last, now).compareTo(QUIET) >= 0) {
            last = now;
            logger.log(Level.WARNING, message, error);
        }
    }
}
