package com.velure.catalog;

import com.velure.platform.testing.Http;
import com.velure.platform.testing.PostgresExtension;
import com.velure.platform.testing.ServerLog;
import com.velure.platform.testing.TestKeys;
import com.velure.platform.testing.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static com.velure.platform.testing.ServiceContract.metric;
import static com.velure.platform.testing.ServiceContract.packagedWar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the catalog fails, seen by a client. First the pool bound, end to end: the build runs this
 * class on its own Payara Micro with
 * DB_POOL_MAX_SIZE=2 and DB_POOL_MAX_WAIT_MS=1000 (see catalog-war/pom.xml), which the real
 * server-config/catalog.asadmin reads: ten requests that each hold a connection for 3 s get two
 * connections between them, and the other eight get a fast 503 with Retry-After instead of a hang.
 */
@ExtendWith(PostgresExtension.class)
@ExtendWith(TestKeys.class)
@ExtendWith(ServerLog.class)
@ExtendWith(ArquillianExtension.class)
class FailureModesIT {

    private static final String POOL = "catalog-pool";
    private static final int MAX_POOL_SIZE = 2;
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);
    /** server-config/catalog.asadmin's default DB_STATEMENT_TIMEOUT_SECONDS. */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    private static final int REQUESTS = 10;
    private static final double HOLD_SECONDS = 3;
    /** Three times the pool's connections, each holding one for most of a max wait: every borrow queues. */
    private static final int HOLDERS = 6;
    private static final double HOLDER_SECONDS = 0.8;
    private static final int SIGNED_IN_REQUESTS = 12;
    /** Three times the pool's connections, each request holding one for 50 ms: the pool is always full. */
    private static final int RESTART_CLIENTS = 6;

    @Deployment(testable = false)
    static WebArchive packagedWarWithHoldEndpoint() {
        return packagedWar().addClasses(HoldConnectionResource.class, FaultResource.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void tenConnectionHoldersGetTwoConnectionsAndTheRestFast503s() throws Exception {
        Http http = new Http(base.toURI());
        String before = http.get("/metrics").body();
        assertEquals(MAX_POOL_SIZE, metric(before, "db_pool_connections_max", POOL), "the test runs with the pool capped at 2");
        double timeoutsBefore = metric(before, "db_pool_wait_timeouts_total", POOL);

        PeakSampler sampler = new PeakSampler();

        ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
        List<Future<TimedReply>> replies = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            replies.add(clients.submit(() -> {
                long start = System.nanoTime();
                Http.Reply reply = http.get("/api/product/test/hold?seconds=" + HOLD_SECONDS);
                return new TimedReply(reply, Duration.ofNanos(System.nanoTime() - start));
            }));
        }

        double inUseWhileHeld = awaitInUse(http, MAX_POOL_SIZE);
        List<TimedReply> results = new ArrayList<>();
        for (Future<TimedReply> reply : replies) {
            results.add(reply.get(30, TimeUnit.SECONDS));
        }
        clients.shutdown();
        int peakServerConnections = sampler.stop();

        assertEquals(MAX_POOL_SIZE, inUseWhileHeld, "/metrics shows both connections in use while they are held");
        assertEquals(MAX_POOL_SIZE, results.stream().filter(r -> r.reply.status() == 200).count(), results::toString);
        List<TimedReply> rejected = results.stream().filter(r -> r.reply.status() == 503).toList();
        assertEquals(REQUESTS - MAX_POOL_SIZE, rejected.size(), results::toString);
        for (TimedReply r : rejected) {
            assertEquals("1", r.reply.header("Retry-After"), r::toString);
            assertEquals(503, r.reply.json().getInt("status"), r::toString);
            assertTrue(r.elapsed.compareTo(MAX_WAIT.plusSeconds(1)) < 0, "503 within max wait + 1 s: " + r);
        }
        assertTrue(peakServerConnections <= MAX_POOL_SIZE,
                "pg_stat_activity never shows more than the pool's max: " + peakServerConnections);
        assertTrue(peakServerConnections >= 1, "the sampler saw the service's connections");
        // at least: platform's RevokedSessions reads auth's revocations on the same pool every 500 ms and may time out too
        double timeouts = metric(http.get("/metrics").body(), "db_pool_wait_timeouts_total", POOL) - timeoutsBefore;
        assertTrue(timeouts >= REQUESTS - MAX_POOL_SIZE, "each 503 counted as a pool timeout: " + timeouts);
    }

    /**
     * Fault suite scenario 2 in small: while clients keep the pool full, a signed-in request waits
     * for the pool once, so it is served or refused within one max wait (plus its own work). Each
     * request carries a new session, as each journey of the load test does. Before the session check
     * read the revoked sessions from memory it borrowed a connection of its own first, and a request
     * could wait the max wait twice in turn (the fault suite saw 3.0–5.5 s against a 2 s max wait).
     */
    @Test
    void aSignedInRequestWaitsForTheFullPoolOnceNotOncePerBorrow() throws Exception {
        Http http = new Http(base.toURI());
        AtomicBoolean holding = new AtomicBoolean(true);
        ExecutorService holders = Executors.newFixedThreadPool(HOLDERS);
        for (int i = 0; i < HOLDERS; i++) {
            holders.submit(() -> {
                while (holding.get()) {
                    http.get("/api/product/test/hold?seconds=" + HOLDER_SECONDS);
                }
            });
        }
        try {
            awaitInUse(http, MAX_POOL_SIZE);
            List<TimedReply> signedIn = new ArrayList<>();
            for (int i = 0; i < SIGNED_IN_REQUESTS; i++) {
                String user = "user-" + UUID.randomUUID();
                long start = System.nanoTime();
                Http.Reply reply = http.get("/api/product/test/hold/signed-in?seconds=0",
                        "Authorization", "Bearer " + TestTokens.customer(user, user + "@example.com"));
                signedIn.add(new TimedReply(reply, Duration.ofNanos(System.nanoTime() - start), false));
            }
            for (TimedReply r : signedIn) {
                assertTrue(r.reply.status() == 200 || r.reply.status() == 503, r::toString);
                // Two waits take at least twice the max wait; one wait on this busy 2-core machine took
                // up to 1 502 ms (CI, 2026-12-03), so half a second of slack made the test flaky, not stricter.
                assertTrue(r.elapsed.compareTo(MAX_WAIT.multipliedBy(2)) < 0, "one wait for the pool, not two: " + r);
            }
            assertTrue(signedIn.stream().anyMatch(r -> r.reply.status() == 503),
                    () -> "the pool was full, so some requests were refused: " + signedIn);
        } finally {
            holding.set(false);
            holders.shutdown();
            assertTrue(holders.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /**
     * The revoked-session list went older than check-millis (2 s) while a refresh was in flight, as
     * when the host pauses the VM: a signed-in request waits a moment for that refresh instead of being
     * refused at once. Here the refresh is held on a lock on the table behind
     * auth.sessions_revoked_within's stand-in until the list is old, the request is sent, and the lock
     * is let go 100 ms later, well inside the 250 ms wait. Before the wait, the request got a 503 at
     * once. (The just-started replica of CI's failure on 2026-12-07 is ServiceContract's
     * loadsTheRevokedSessionsBeforeItIsReady.)
     */
    @Test
    void aSignedInRequestWaitsForARevokedSessionRefreshInFlightInsteadOfA503() throws Exception {
        Http http = new Http(base.toURI());
        String token = "Bearer " + TestTokens.customer("refresh-waiter", "refresh-waiter@example.com");
        assertEquals(200, http.get("/api/product/test/hold/signed-in?seconds=0", "Authorization", token).status(),
                "a signed-in request is served before the lock");
        try (Connection superuser = PostgresExtension.superuser(); Statement sql = superuser.createStatement()) {
            superuser.setAutoCommit(false);
            sql.execute("LOCK TABLE auth.revoked_session_stand_in IN ACCESS EXCLUSIVE MODE");
            awaitRefreshBlockedOnTheLock(superuser);
            Http.Reply stale = awaitRefusal(http, token);
            assertEquals(503, stale.status(), "an old list whose refresh is held refuses: " + stale);

            ExecutorService client = Executors.newSingleThreadExecutor();
            Future<TimedReply> waiter = client.submit(() -> {
                long start = System.nanoTime();
                Http.Reply reply = http.get("/api/product/test/hold/signed-in?seconds=0", "Authorization", token);
                return new TimedReply(reply, Duration.ofNanos(System.nanoTime() - start));
            });
            Thread.sleep(100); // the request is at the check, waiting: then the refresh may finish
            superuser.rollback();
            TimedReply reply = waiter.get(30, TimeUnit.SECONDS);
            client.shutdown();
            assertEquals(200, reply.reply.status(), () -> "served once the refresh in flight finished: " + reply + " "
                    + reply.reply.body());
        }
    }

    /** Sends signed-in requests every 20 ms until one is not served: the list got older than check-millis (or 10 s pass). */
    private static Http.Reply awaitRefusal(Http http, String token) throws InterruptedException {
        Http.Reply reply = null;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); System.nanoTime() < deadline; ) {
            reply = http.get("/api/product/test/hold/signed-in?seconds=0", "Authorization", token);
            if (reply.status() != 200) {
                break;
            }
            Thread.sleep(20);
        }
        return reply;
    }

    /** Polls pg_stat_activity until the catalog's background refresh waits on the test's lock (or 5 s pass). */
    private static void awaitRefreshBlockedOnTheLock(Connection superuser) throws SQLException, InterruptedException {
        try (Connection observer = PostgresExtension.superuser(); Statement query = observer.createStatement()) {
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); System.nanoTime() < deadline; ) {
                try (ResultSet rows = query.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE usename = 'catalog' AND wait_event_type = 'Lock'")) {
                    rows.next();
                    if (rows.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        superuser.rollback();
        throw new AssertionError("the revoked-session refresh never reached the locked table");
    }

    /**
     * PostgreSQL restarted (fast shutdown: every pooled connection dies at once) while clients keep
     * more requests in flight than the pool has connections. The fault suite saw Payara's pools hold
     * more physical connections than their max-pool-size afterwards (41 where 26 were budgeted), so
     * PostgreSQL's own view is sampled throughout: never more than the pool's maximum. Requests in
     * flight during the restart may get a fast 503; every request started once PostgreSQL accepts
     * connections again succeeds (validation on borrow drops the dead connections).
     */
    @Test
    void aDatabaseRestartUnderConcurrentRequestsKeepsThePoolWithinItsMaximum() throws Exception {
        Http http = new Http(base.toURI());
        assertEquals(200, http.get("/api/product/test/hold?seconds=0").status(), "the pool works before the restart");
        PeakSampler sampler = new PeakSampler();
        List<TimedReply> replies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean restarted = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(RESTART_CLIENTS);
        AtomicLong stopAt = new AtomicLong(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        for (int i = 0; i < RESTART_CLIENTS; i++) {
            clients.submit(() -> {
                while (System.nanoTime() < stopAt.get()) {
                    boolean startedAfterRestart = restarted.get();
                    long start = System.nanoTime();
                    Http.Reply reply = http.get("/api/product/test/hold?seconds=0.05");
                    replies.add(new TimedReply(reply, Duration.ofNanos(System.nanoTime() - start), startedAfterRestart));
                }
                return null;
            });
        }
        Thread.sleep(1000);
        PostgresExtension.restart();
        restarted.set(true);
        Thread.sleep(3000); // PostgreSQL accepts connections again: requests go on, the pool replaces its dead connections
        stopAt.set(System.nanoTime());
        clients.shutdown();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS), "the clients finished");
        int peak = sampler.stop();

        assertTrue(replies.stream().filter(r -> r.startedAfterRestart).count() >= 10,
                "requests went on after the restart: " + summary(replies));
        assertTrue(peak <= MAX_POOL_SIZE, "PostgreSQL saw " + peak + " connections of the catalog role, the pool's max is "
                + MAX_POOL_SIZE + ": " + summary(replies));
        for (TimedReply r : replies) {
            if (r.startedAfterRestart) {
                assertEquals(200, r.reply.status(), () -> "once PostgreSQL accepts connections again, every request succeeds: "
                        + r + " " + r.reply.body() + " " + summary(replies));
            } else if (r.reply.status() != 200) {
                assertEquals(503, r.reply.status(), () -> "only 503 while the database restarts: " + r + " " + r.reply.body());
                assertTrue(r.elapsed.compareTo(MAX_WAIT.plusSeconds(1)) < 0, "503 within max wait + 1 s: " + r);
            }
        }
    }

    /**
     * A lock held on the product table (scenario 5 of the fault suite): requests for a listing page
     * nobody has cached wait for one query between them, and when the statement timeout cancels it they
     * all get its 503 then, not one after another (the cache used to run each waiter's query after the
     * previous one had timed out: 30 s for a listing).
     */
    @Test
    void listingRequestsBehindALockedTableAllGetTheStatementTimeoutsFast503() throws Exception {
        Http http = new Http(base.toURI());
        assertEquals(200, http.get("/api/product/products?page=1&limit=1").status(), "warm: the first listing loads its code");
        int clientsCount = 4;
        List<TimedReply> replies = new ArrayList<>();
        try (Connection superuser = PostgresExtension.superuser(); Statement lock = superuser.createStatement()) {
            superuser.setAutoCommit(false);
            lock.execute("LOCK TABLE catalog.product IN ACCESS EXCLUSIVE MODE");
            ExecutorService clients = Executors.newFixedThreadPool(clientsCount);
            List<Future<TimedReply>> futures = new ArrayList<>();
            for (int i = 0; i < clientsCount; i++) {
                futures.add(clients.submit(() -> {
                    long start = System.nanoTime();
                    // A page size no other test asks for: not in the listing cache.
                    Http.Reply reply = http.get("/api/product/products?page=1&limit=13");
                    return new TimedReply(reply, Duration.ofNanos(System.nanoTime() - start));
                }));
                Thread.sleep(100);
            }
            for (Future<TimedReply> reply : futures) {
                replies.add(reply.get(60, TimeUnit.SECONDS));
            }
            clients.shutdown();
            superuser.rollback();
        }
        Duration fast = STATEMENT_TIMEOUT.plus(MAX_WAIT).plusSeconds(1);
        for (TimedReply r : replies) {
            assertEquals(503, r.reply.status(), () -> r + " " + r.reply.body());
            assertTrue(r.elapsed.compareTo(fast) < 0, "503 within the statement timeout + max wait + 1 s: " + replies);
        }
    }

    private static String summary(List<TimedReply> replies) {
        synchronized (replies) {
            return replies.stream().collect(Collectors.groupingBy(
                    r -> (r.startedAfterRestart ? "started after " : "started before ") + r.reply.status(), TreeMap::new,
                    Collectors.counting())).toString();
        }
    }

    @Test
    void anUnexpectedFailureIsAJson500WithARequestIdAndNoInternals() throws Exception {
        Http.Reply reply = new Http(base.toURI()).get("/api/product/test/fault/bug", "X-Request-Id", "trace-me-42");
        assertEquals(500, reply.status(), reply::toString);
        assertEquals("trace-me-42", reply.header("X-Request-Id"));
        assertEquals("trace-me-42", reply.json().getString("requestId"));
        assertEquals(500, reply.json().getInt("status"));
        assertTrue(!reply.body().contains("SELECT") && !reply.body().contains("Exception"), reply::toString);
    }

    @Test
    void anUnreachableDatabaseIsA503WithRetryAfter() throws Exception {
        Http.Reply reply = new Http(base.toURI()).get("/api/product/test/fault/database-down");
        assertEquals(503, reply.status(), reply::toString);
        assertEquals("5", reply.header("Retry-After"));
        assertEquals("database unavailable, retry later", reply.json().getString("error"));
    }

    /** Polls /metrics until the pool reports {@code expected} connections in use (or 2.5 s pass). */
    private static double awaitInUse(Http http, int expected) throws InterruptedException {
        double inUse = 0;
        for (long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500); System.nanoTime() < deadline; ) {
            inUse = metric(http.get("/metrics").body(), "db_pool_connections_in_use", POOL);
            if (inUse == expected) {
                break;
            }
            Thread.sleep(50);
        }
        return inUse;
    }

    /** The most connections PostgreSQL had for the catalog role, sampled every 10 ms, across restarts. */
    private static final class PeakSampler {
        private final AtomicInteger peak = new AtomicInteger();
        private volatile boolean sampling = true;
        private final Thread thread = new Thread(this::sample, "pg_stat_activity sampler");

        PeakSampler() {
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            while (sampling) {
                try (Connection superuser = PostgresExtension.superuser(); Statement query = superuser.createStatement()) {
                    while (sampling) {
                        try (ResultSet rows = query.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = 'catalog'")) {
                            rows.next();
                            peak.accumulateAndGet(rows.getInt(1), Math::max);
                        }
                        Thread.sleep(10);
                    }
                } catch (SQLException restarting) {
                    sleepQuietly(20); // PostgreSQL is restarting: connect again
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        int stop() throws InterruptedException {
            sampling = false;
            thread.join(5000);
            return peak.get();
        }

        private static void sleepQuietly(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record TimedReply(Http.Reply reply, Duration elapsed, boolean startedAfterRestart) {
        TimedReply(Http.Reply reply, Duration elapsed) {
            this(reply, elapsed, false);
        }

        @Override
        public String toString() {
            return reply.status() + " after " + elapsed.toMillis() + " ms";
        }
    }
}
