package com.velure.platform.error;

/**
 * Thrown by service code that refuses work it cannot do in time (a full queue, a saturated CPU):
 * platform answers {@code 503} with {@code Retry-After} set to {@link #retryAfterSeconds()}, so a
 * refusal costs the client one fast round trip and tells it when capacity is likely back.
 */
public class Overloaded extends RuntimeException {

    private final int retryAfterSeconds;

    public Overloaded(String message, int retryAfterSeconds) {
        super(message, null, false, false); // an expected answer, not a fault: no stack trace to fill
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
