package com.velure.platform.session;

import com.velure.platform.error.DatabaseFailure;
import com.velure.platform.error.Overloaded;
import com.velure.platform.error.ThrottledLog;
import com.velure.platform.persistence.MigrationsApplied;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The sessions auth has revoked (logout, reuse of a rotated refresh token), kept in memory on each
 * replica and brought up to date in the background every quarter of
 * {@code velure.session-revocation.check-millis} (2 s unless set) through auth's
 * {@code auth.sessions_revoked_within(interval)}: the only thing of auth's the other services' roles
 * may use (group role {@code revocation_reader}).
 *
 * <p>So a request with a token never borrows a pooled connection for this check: a request's own
 * work is its only wait for the pool, and a pool it finds exhausted refuses it within one max wait.
 * The promise is unchanged: a token is never let through on a list older than check-millis. When the
 * list is older, one request at a time tries to bring it up to date. A request that finds another
 * refresh in flight waits up to {@link #AWAIT_REFRESH_MILLIS} for it, then refreshes itself if the
 * list is still old, or is refused with 503: a list that went old only because the host paused the
 * process costs a request a few milliseconds, not a 503. When PostgreSQL is down or the pool
 * exhausted, each request fails like any other that needs the database (503) within that wait plus
 * its own, and the first refresh that succeeds heals it.
 *
 * <p>{@code velure.session-revocation.window} (PT1H) is how far back the first load reaches and how long an
 * entry is kept: at least the access tokens' lifetime ({@code auth.access-token.lifetime}, PT15M),
 * after which a revoked session's tokens have expired anyway.
 */
@ApplicationScoped
public class RevokedSessions {

    private static final Logger LOG = Logger.getLogger(RevokedSessions.class.getName());
    /**
     * Each refresh reads this far behind the previous one's start: auth stamps revoked_at at its
     * transaction's start, so a revocation may commit after a refresh that began later than its stamp.
     * Transactions are bounded by the statement timeout (5 s); this leaves a wide margin.
     */
    private static final Duration OVERLAP = Duration.ofSeconds(30);
    /**
     * How long a request waits for a refresh another thread has in flight. A healthy refresh takes a
     * few milliseconds; the bound is a small part of the pool's max wait, so a request that then
     * borrows for its own work still waits for the pool about once, not twice.
     */
    private static final long AWAIT_REFRESH_MILLIS = 250;

    @Inject
    Jdbi jdbi;

    @Inject
    @ConfigProperty(name = "velure.session-revocation.check-millis", defaultValue = "2000")
    long checkMillis;

    @Inject
    @ConfigProperty(name = "velure.session-revocation.window", defaultValue = "PT1H")
    Duration window;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Revoked session id → System.nanoTime() of the refresh that first saw it. */
    private final Map<UUID, Long> revoked = new ConcurrentHashMap<>();
    private final ReentrantLock refreshing = new ReentrantLock();
    private final ThrottledLog failures = new ThrottledLog(LOG);
    /** System.nanoTime() at the start of the last refresh that succeeded: the list holds as of then. */
    private volatile long asOf;
    private volatile boolean loaded;
    private volatile RuntimeException lastFailure;
    private ScheduledFuture<?> background;

    /**
     * Loads the list while the application deploys, right after its migrations (in auth the function
     * comes with them), so the first requests find it, then keeps it up to date. When it was loaded
     * from the background after the server was ready, a just-started replica refused concurrent signed-in
     * requests with 503 for the few hundred milliseconds the first, cold load took.
     */
    void start(@Observes MigrationsApplied migrationsApplied) {
        refreshQuietly();
        long every = Math.max(1, checkMillis / 4);
        background = scheduler.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (background != null) {
            background.cancel(false);
        }
    }

    /**
     * Whether the session was revoked, by a list at most check-millis old; when the list is older,
     * throws what the database answered (a 503 through platform's error mapping) or {@link Overloaded}.
     */
    public boolean isRevoked(UUID sessionId) {
        if (!fresh()) {
            if (!awaitRefreshing()) {
                throw stale();
            }
            try {
                if (!fresh()) {
                    refresh();
                }
            } catch (RuntimeException e) {
                throw stale();
            } finally {
                refreshing.unlock();
            }
        }
        return revoked.containsKey(sessionId);
    }

    /** Takes {@link #refreshing}, waiting up to {@link #AWAIT_REFRESH_MILLIS} for a refresh in flight. */
    private boolean awaitRefreshing() {
        try {
            return refreshing.tryLock(AWAIT_REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean fresh() {
        return loaded && System.nanoTime() - asOf <= TimeUnit.MILLISECONDS.toNanos(checkMillis);
    }

    /** A 503 either way: what the database answered when that is known, otherwise a plain refusal. */
    private RuntimeException stale() {
        RuntimeException cause = lastFailure;
        return DatabaseFailure.of(cause) != null
                ? new IllegalStateException("revoked sessions not known for the last " + checkMillis + " ms", cause)
                : new Overloaded("revoked sessions not known for the last " + checkMillis + " ms", 1);
    }

    private void refreshQuietly() {
        if (!refreshing.tryLock()) {
            return; // a request thread is at it
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            failures.warning("revoked sessions could not be brought up to date; requests with tokens get 503 until they are", e);
        } finally {
            refreshing.unlock();
        }
    }

    /** Reads what was revoked since the last refresh (with {@link #OVERLAP}); only under {@link #refreshing}. */
    private void refresh() {
        long start = System.nanoTime();
        Duration period = loaded ? Duration.ofNanos(start - asOf).plus(OVERLAP) : window;
        try {
            List<UUID> ids = jdbi.withHandle(db -> db.createQuery("SELECT auth.sessions_revoked_within(CAST(:period AS interval))")
                    .bind("period", period.toMillis() + " milliseconds").mapTo(UUID.class).list());
            ids.forEach(id -> revoked.putIfAbsent(id, start));
            if (!loaded) {
                LOG.info(() -> "Revoked sessions loaded: " + ids.size() + " within the last " + window);
            }
            revoked.values().removeIf(seen -> start - seen > window.toNanos());
            asOf = start;
            loaded = true;
            lastFailure = null;
        } catch (RuntimeException e) {
            lastFailure = e;
            throw e;
        }
    }
}
