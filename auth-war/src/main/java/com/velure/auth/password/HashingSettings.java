package com.velure.auth.password;

import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/**
 * How many hashes run at once and how long a request may expect to wait for its turn
 * ({@link HashingQueue}). Sign-ins may wait longer than sign-ups: a sign-in usually completes a
 * visit whose sign-up hash was just paid for, and refusing it would waste that work.
 */
@ConfigProperties(prefix = "velure.auth.hashing")
public class HashingSettings {

    /** Hashes at once; unset means one per CPU the JVM sees (more only slows each hash down). */
    @ConfigProperty(name = "concurrency")
    Optional<Integer> concurrency;

    @ConfigProperty(name = "sign-in-max-wait", defaultValue = "PT2S")
    Duration signInMaxWait;

    @ConfigProperty(name = "sign-up-max-wait", defaultValue = "PT0.5S")
    Duration signUpMaxWait;

    int concurrency() {
        int width = concurrency.orElseGet(() -> Runtime.getRuntime().availableProcessors());
        if (width < 1) {
            throw new IllegalArgumentException("velure.auth.hashing.concurrency must be at least 1, is " + width);
        }
        return width;
    }

    Duration maxWait(HashingQueue.Priority priority) {
        return priority == HashingQueue.Priority.SIGN_IN ? signInMaxWait : signUpMaxWait;
    }
}
