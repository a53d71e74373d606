package com.velure.auth.password;

import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/**
 * How many hashes run at once and how long a request may expect to wait for its turn
 * ({@link HashingQueue}).
 */
@ConfigProperties(prefix = "velure.auth.hashing")
public class HashingSettings {

    /** Hashes at once; unset means one per CPU the JVM sees (more only slows each hash down). */
    @ConfigProperty(name = "concurrency")
    Optional<Integer> concurrency;

    @ConfigProperty(name = "sign-in-max-wait", defaultValue = "PT2.5S")
    Duration signInMaxWait;

    @ConfigProperty(name = "sign-up-max-wait", defaultValue = "PT2.5S")
    Duration signUpMaxWait;

    /**
     * How long a refusal on arrival is held before it is answered. Clients that ignore Retry-After
     * (the original load test restarts a visit at once) otherwise turn each refusal into the next
     * request within milliseconds, and the refusals alone take the CPU the hashes need.
     */
    @ConfigProperty(name = "refusal-pause", defaultValue = "PT0.05S")
    Duration refusalPause;

    /**
     * Whether every answer tells the ingress how many requests the queue would admit now
     * ({@link AdmissionRoom}). Only the local stack's ingress reads it; behind any other the
     * header would merely reach clients, so it is off unless the ingress asks for it.
     */
    @ConfigProperty(name = "admission-header", defaultValue = "false")
    boolean admissionHeader;

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
