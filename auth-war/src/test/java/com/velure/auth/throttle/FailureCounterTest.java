package com.velure.auth.throttle;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureCounterTest {

    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final MutableClock clock = new MutableClock();
    private final FailureCounter counter = new FailureCounter(3, WINDOW, 1000, clock);

    @Test
    void blocksAfterTheLimitUntilTheWindowOfTheFirstFailureEnds() {
        counter.recordFailure("k");
        clock.advance(Duration.ofMinutes(5));
        counter.recordFailure("k");
        assertTrue(counter.blockedFor("k").isEmpty(), "two of three");
        counter.recordFailure("k");
        assertEquals(Optional.of(Duration.ofMinutes(10)), counter.blockedFor("k"));
        clock.advance(Duration.ofMinutes(10));
        assertTrue(counter.blockedFor("k").isEmpty(), "window over");
        counter.recordFailure("k");
        assertTrue(counter.blockedFor("k").isEmpty(), "a new window starts with one failure");
    }

    @Test
    void keysAreIndependentAndResetForgetsOne() {
        for (int i = 0; i < 3; i++) {
            counter.recordFailure("a");
            counter.recordFailure("b");
        }
        counter.reset("a");
        assertTrue(counter.blockedFor("a").isEmpty());
        assertTrue(counter.blockedFor("b").isPresent());
        assertTrue(counter.blockedFor("never-seen").isEmpty());
    }

    @Test
    void staysBoundedByDroppingEndedWindowsFirst() {
        FailureCounter small = new FailureCounter(1, WINDOW, 2, clock);
        small.recordFailure("old");
        small.recordFailure("older");
        small.recordFailure("new"); // full of live windows: not counted
        assertTrue(small.blockedFor("new").isEmpty());
        assertTrue(small.blockedFor("old").isPresent(), "live windows are never evicted for newcomers");
        clock.advance(WINDOW);
        small.recordFailure("new");
        assertTrue(small.blockedFor("new").isPresent(), "ended windows made room");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
