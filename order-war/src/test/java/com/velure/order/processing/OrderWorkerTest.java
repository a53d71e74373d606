package com.velure.order.processing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OrderWorkerTest {

    @Test
    void retriesBackOffExponentiallyUpToTheCap() {
        Duration cap = Duration.ofSeconds(60);
        assertEquals(Duration.ofSeconds(1), OrderWorker.backoff(1, cap));
        assertEquals(Duration.ofSeconds(2), OrderWorker.backoff(2, cap));
        assertEquals(Duration.ofSeconds(32), OrderWorker.backoff(6, cap));
        assertEquals(cap, OrderWorker.backoff(7, cap));
        assertEquals(cap, OrderWorker.backoff(500, cap));
    }
}
