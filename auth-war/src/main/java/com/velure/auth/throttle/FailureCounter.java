package com.velure.auth.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failures per key in fixed windows: once a key has {@code limit} failures within
 * {@code window} of its first one, it is blocked until that window ends. In memory and bounded
 * ({@code maxKeys}); when full of live windows, new keys go uncounted rather than evicting old ones.
 */
public final class FailureCounter {

    private record Window(Instant start, int failures) {
    }

    private final int limit;
    private final Duration window;
    private final int maxKeys;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public FailureCounter(int limit, Duration window, int maxKeys, Clock clock) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit must be >= 1 and window > 0");
        }
        this.limit = limit;
        this.window = window;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** How long the key stays blocked, or empty when it may try. */
    public Optional<Duration> blockedFor(String key) {
        Window current = windows.get(key);
        Instant now = clock.instant();
        if (current == null || current.failures < limit || !now.isBefore(current.start.plus(window))) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, current.start.plus(window)));
    }

    public void recordFailure(String key) {
        Instant now = clock.instant();
        if (windows.size() >= maxKeys && !windows.containsKey(key)) {
            windows.values().removeIf(w -> !now.isBefore(w.start.plus(window)));
            if (windows.size() >= maxKeys) {
                return;
            }
        }
        windows.compute(key, (k, current) -> current == null || !now.isBefore(current.start.plus(window))
                ? new Window(now, 1)
                : new Window(current.start, current.failures + 1));
    }

    public void reset(String key) {
        windows.remove(key);
    }
}
