package com.velure.local;

import com.velure.devsupport.ServiceRole;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The system as a fleet: the local stack with two replicas of every service behind the ingress,
 * PgBouncer in transaction mode between them and PostgreSQL, exactly as {@code ./run-local.sh
 * --fresh --pgbouncer --replicas auth=2,catalog=2,order=2} starts it (without the console). It
 * proves what must hold across replicas: the journey works; the login throttle, a revoked session
 * and a catalog change hold fleet-wide within their stated bounds; PostgreSQL never sees more
 * connections per role than PgBouncer's pool; a request queued in PgBouncer is still answered
 * within the pool's max wait plus the statement timeout; an order's status stream delivers its end
 * on either order replica, whichever replica's worker made it; and killing an order replica loses no
 * accepted order while the ingress stops routing to it. Measured bounds are printed as
 * {@code [fleet] ...} lines.
 *
 * <p>Ports are free ones unless {@code -Dvelure.fleet.ports=BASE} names a range (BASE + 0..99 for
 * the ingress and services, BASE + 432 for PostgreSQL, BASE + 1432 for PgBouncer).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

    /** platform's velure.session-revocation.check-millis default, the stated bound for revocation. */
    private static final long REVOCATION_BOUND_MILLIS = 2000;
    /** catalog's velure.catalog.listing-cache-millis default, the stated bound for a listing. */
    private static final long LISTING_BOUND_MILLIS = 1000;
    /** What one HTTP round trip on this busy machine may add to a bound. */
    private static final long SLACK_MILLIS = 1500;
    /** server-config's DB_POOL_MAX_WAIT_MS and DB_STATEMENT_TIMEOUT_SECONDS defaults. */
    private static final long POOL_MAX_WAIT_MILLIS = 2000;
    private static final long STATEMENT_TIMEOUT_MILLIS = 5000;
    private static final long PAYMENT_LATENCY_MILLIS = 300;
    /** Orders whose status is streamed from each order replica and through the ingress. */
    private static final int STREAMED_ORDERS = 4;
    private static final List<String> LIFECYCLE = List.of("CREATED", "PROCESSING", "COMPLETED");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String PASSWORD = "fleet-password-1";
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private static LocalStack stack;
    private static Settings settings;
    private static String ingress;
    private static Map<ServiceRole, String> rolePasswords;
    private static String adminEmail;
    private static String adminPassword;
    private static int startNice;
    private static final AtomicInteger USERS = new AtomicInteger();

    @BeforeAll
    static void startTheFleet() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path home = root.resolve("local-stack/target/fleet-it");
        ServiceProcess.deleteRecursively(home);
        Map<String, String> env = new HashMap<>();
        env.put("VELURE_ROOT", root.toString());
        env.put("VELURE_HOME", home.toString());
        env.put("VELURE_CONSOLE", "false");
        env.put("VELURE_INGRESS_NICE", "-10"); // opt-in: the fleet proves the raise and that the services escape it
        // Six JVMs booting at once on a small machine: C1 only and the serial collector halve the boot's CPU
        // (several options in one variable, as the README documents).
        env.put("VELURE_SERVICE_JVM_OPTS", "-Xmx320m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        env.put("PATH", System.getenv().getOrDefault("PATH", ""));
        // Cheap hashing: this test is about the fleet, not Argon2's cost.
        env.put("AUTH_VELURE_AUTH_ARGON2_MEMORY_KIB", "1024");
        env.put("AUTH_VELURE_AUTH_ARGON2_ITERATIONS", "1");
        env.put("AUTH_VELURE_AUTH_ARGON2_PARALLELISM", "1");
        // An order claimed by a killed replica is taken over once its lease ends: short here.
        env.put("ORDER_VELURE_ORDER_WORKER_LEASE_SECONDS", "5");
        // A payment that takes a moment, as a real one does: orders are in flight long enough for a
        // status stream opened after the 201 to see them change, and for the kill to catch some.
        env.put("ORDER_VELURE_PAYMENT_LATENCY_MS", String.valueOf(PAYMENT_LATENCY_MILLIS));
        String base = System.getProperty("velure.fleet.ports", "");
        if (base.isBlank()) {
            env.put("VELURE_PORT", String.valueOf(freePort(false)));
            env.put("VELURE_INTERNAL_PORT", String.valueOf(freePort(false)));
            env.put("AUTH_PORT", String.valueOf(freePort(true)));
            env.put("CATALOG_PORT", String.valueOf(freePort(true)));
            env.put("ORDER_PORT", String.valueOf(freePort(true)));
            env.put("DB_PORT", String.valueOf(freePort(false)));
            env.put("PGBOUNCER_PORT", String.valueOf(freePort(false)));
        } else {
            int b = Integer.parseInt(base.strip());
            env.put("VELURE_PORT", String.valueOf(b));
            env.put("VELURE_INTERNAL_PORT", String.valueOf(b + 10));
            env.put("AUTH_PORT", String.valueOf(b + 81));
            env.put("CATALOG_PORT", String.valueOf(b + 82));
            env.put("ORDER_PORT", String.valueOf(b + 83));
            env.put("DB_PORT", String.valueOf(b + 432));
            env.put("PGBOUNCER_PORT", String.valueOf(b + 1432));
        }
        settings = Settings.from(new String[] {"--fresh", "--pgbouncer", "--replicas", "auth=2,catalog=2,order=2"}, env);
        stack = new LocalStack();
        startNice = CpuPriority.niceOfThisThread(); // the launcher raises this JVM, which runs it, once all is up
        long begin = System.nanoTime();
        try {
            stack.start(settings);
        } catch (Exception e) {
            stack.stop();
            throw e;
        }
        report("boot of 2+2+2 replicas with PgBouncer: " + (System.nanoTime() - begin) / 1_000_000 + " ms");
        ingress = "http://localhost:" + settings.ingressPort();
        rolePasswords = new Secrets(home).databasePasswords(env);
        adminEmail = "admin@velure.local";
        adminPassword = Files.readString(home.resolve("secrets/admin-password")).strip();
    }

    @AfterAll
    static void stopTheFleet() {
        if (stack != null) {
            stack.stop();
        }
    }

    // ------------------------------------------------------------------ the journey

    @Test
    @Order(1)
    void theJourneyWorksThroughTheIngress() throws Exception {
        String token = accessToken(register());
        Reply me = call("GET", ingress + "/api/auth/me", null, token);
        assertEquals(200, me.status, me::toString);
        Reply page = call("GET", ingress + "/api/product/products?page=1&limit=5", null, null);
        assertEquals(200, page.status, page::toString);
        String productId = page.json().getJsonArray("products").getJsonObject(0).getString("_id");
        String orderId = placeOrder(token, productId, UUID.randomUUID().toString()).json().getString("order_id");
        String status = awaitFinalStatus(orderId, Duration.ofSeconds(60));
        assertEquals("COMPLETED", status, "the journey's order");
        Reply mine = call("GET", ingress + "/api/order/user/order?id=" + orderId, null, token);
        assertEquals(200, mine.status, mine::toString);
    }

    // ------------------------------------------------------------------ the ingress's CPU priority

    /**
     * Told to ({@code VELURE_INGRESS_NICE=-10}) and where the system allows it (here, with
     * {@code CAP_SYS_NICE}, as CI runs), the ingress's threads run 10 nice levels above every thread
     * of every service JVM, which run as the launcher started.
     */
    @Test
    @Order(1)
    void theIngressRunsAboveEveryThreadOfEveryServiceWhereTheSystemAllowsIt() throws Exception {
        int ingressNice = mayRaisePriorities() ? startNice - 10 : startNice;
        List<Integer> xnio = new ArrayList<>();
        for (Path thread : threadsOf("self")) {
            if (Files.readString(thread.resolve("comm")).startsWith("XNIO")) { // Undertow's threads live as long as it
                xnio.add(niceOf(thread));
            }
        }
        assertFalse(xnio.isEmpty(), "the ingress's Undertow threads");
        assertEquals(List.of(ingressNice), xnio.stream().distinct().toList(), "nice of the ingress's threads");
        List<Path> pidFiles;
        try (Stream<Path> files = Files.list(settings.home().resolve("payara"))) {
            pidFiles = files.filter(file -> file.getFileName().toString().endsWith(".pid")).toList();
        }
        assertEquals(6, pidFiles.size(), pidFiles::toString);
        for (Path pidFile : pidFiles) {
            List<Path> threads = threadsOf(Files.readString(pidFile).strip());
            assertTrue(threads.size() > 10, "a Payara Micro JVM has its threads: " + threads.size());
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (NoSuchFileException ended) {
                    continue; // the thread ended since the listing
                }
                assertEquals(startNice, CpuPriority.niceOf(stat), pidFile.getFileName() + " thread " + thread.getFileName());
            }
        }
    }

    /** A restarted instance is started from a raised thread: it must not inherit the raise. */
    @Test
    @Order(1)
    void aProcessStartedAfterTheRaiseRunsAtTheServicesPriority() throws Exception {
        Process probe = new ProcessBuilder(CpuPriority.unraised(List.of("cat", "/proc/self/stat"))).start();
        String stat = new String(probe.getInputStream().readAllBytes());
        assertEquals(0, probe.waitFor());
        assertEquals(startNice, CpuPriority.niceOf(stat), "from a thread at nice " + CpuPriority.niceOfThisThread());
    }

    private static boolean mayRaisePriorities() throws IOException {
        String effective = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("CapEff:")).findFirst().orElseThrow().substring("CapEff:".length()).strip();
        return (Long.parseUnsignedLong(effective, 16) & (1L << 23)) != 0; // CAP_SYS_NICE
    }

    private static List<Path> threadsOf(String pid) throws IOException {
        try (Stream<Path> listed = Files.list(Path.of("/proc", pid, "task"))) {
            return listed.filter(thread -> Files.exists(thread.resolve("stat"))).toList();
        }
    }

    private static int niceOf(Path thread) throws IOException {
        return CpuPriority.niceOf(Files.readString(thread.resolve("stat")));
    }

    // ------------------------------------------------------------------ fleet-wide state

    @Test
    @Order(2)
    void theLoginThrottleCountsFailuresAcrossReplicas() throws Exception {
        String email = register().getString("email");
        String address = "192.0.2." + (USERS.get() % 250 + 1); // the client address auth sees behind a proxy
        List<ServiceProcess> auth = instances(Service.AUTH);
        for (int i = 0; i < 5; i++) {
            Reply wrong = login(auth.get(i % 2).baseUrl(), email, "wrong password " + i, address);
            assertEquals(401, wrong.status, "failure " + (i + 1) + " at " + auth.get(i % 2).name() + ": " + wrong);
        }
        // Per JVM each replica would have seen 2 or 3 failures and still let the right password in.
        for (ServiceProcess replica : auth) {
            Reply blocked = login(replica.baseUrl(), email, PASSWORD, address);
            assertEquals(429, blocked.status, replica.name() + " after five failures spread over the fleet: " + blocked);
        }
        report("login throttle: 5 failures spread over " + auth.size() + " auth replicas block the account on every replica (bound: exact)");
    }

    @Test
    @Order(3)
    void aLogoutStopsTheSessionsAccessTokensAtEveryReplicaOfEveryService() throws Exception {
        JsonObject tokens = loginAdmin();
        String access = tokens.getString("accessToken");
        assertAcceptedEverywhere(access);
        assertEquals(200, call("DELETE", ingress + "/api/auth/logout/" + tokens.getString("refreshToken"), null, null).status);
        long slowest = awaitRefusedEverywhere(access, "logout");
        report("revocation by logout: access token refused by all 6 instances after at most " + slowest + " ms (bound "
                + REVOCATION_BOUND_MILLIS + " ms)");
    }

    @Test
    @Order(4)
    void reusingARotatedRefreshTokenStopsTheSessionEverywhere() throws Exception {
        JsonObject first = loginAdmin();
        Reply rotated = call("POST", ingress + "/api/auth/refresh",
                Json.createObjectBuilder().add("refreshToken", first.getString("refreshToken")).build().toString(), null);
        assertEquals(200, rotated.status, rotated::toString);
        String access = rotated.json().getString("accessToken");
        assertAcceptedEverywhere(access);
        Reply reuse = call("POST", ingress + "/api/auth/refresh",
                Json.createObjectBuilder().add("refreshToken", first.getString("refreshToken")).build().toString(), null);
        assertEquals(401, reuse.status, reuse::toString);
        long slowest = awaitRefusedEverywhere(access, "reuse");
        report("revocation by refresh-token reuse: refused by all 6 instances after at most " + slowest + " ms (bound "
                + REVOCATION_BOUND_MILLIS + " ms)");
    }

    @Test
    @Order(5)
    void aStockChangeThroughOneCatalogReplicaShowsInTheOthersListing() throws Exception {
        String admin = loginAdmin().getString("accessToken");
        String category = "fleet-" + RUN;
        Reply created = call("POST", ingress + "/api/product", product(category, 5).toString(), admin);
        assertEquals(201, created.status, created::toString);
        JsonObject product = created.json();
        List<ServiceProcess> catalog = instances(Service.CATALOG);
        String listing = "/api/product/products?page=1&limit=10&category=" + category;
        for (ServiceProcess replica : catalog) {
            assertEquals(5, listedQuantity(replica.baseUrl() + listing), replica.name() + " before the change");
        }
        JsonObject changed = Json.createObjectBuilder(product).add("quantity", 7).build();
        Reply updated = call("PUT", catalog.get(0).baseUrl() + "/api/product/" + product.getString("_id"), changed.toString(), admin);
        assertEquals(200, updated.status, updated::toString);
        long changedAt = System.nanoTime();
        long slowest = 0;
        for (ServiceProcess replica : catalog) {
            long seen = awaitMillis(changedAt, LISTING_BOUND_MILLIS + SLACK_MILLIS, () -> listedQuantity(replica.baseUrl() + listing) == 7,
                    replica.name() + "'s listing shows the new stock");
            slowest = Math.max(slowest, seen);
        }
        report("catalog listing: a change through " + catalog.get(0).name() + " shows on every replica after at most "
                + slowest + " ms (bound " + LISTING_BOUND_MILLIS + " ms + one listing query)");
    }

    // ------------------------------------------------------------------ PgBouncer

    @Test
    @Order(6)
    void postgresSeesAtMostPgBouncersPoolPerRoleWhateverTheConcurrency() throws Exception {
        Map<String, Integer> limits = pgBouncerUserLimits();
        String admin = loginAdmin().getString("accessToken");
        String productId = call("GET", ingress + "/api/product/products?page=1&limit=1", null, null).json()
                .getJsonArray("products").getJsonObject(0).getString("_id");
        List<String> paths = List.of("/api/auth/me", "/api/order/user/orders", "/api/product/" + productId, "/api/product/getProductsCount");
        Map<String, Integer> peak = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        int clients = 64; // 4 × the Payara pools of two replicas (2 × 8) per service
        ExecutorService load = Executors.newFixedThreadPool(clients + 1);
        load.submit(() -> {
            try (Connection db = superuser(); PreparedStatement sample = db.prepareStatement("SELECT usename, count(*) FROM pg_stat_activity"
                    + " WHERE datname = 'velure' AND usename IN ('auth', 'catalog', 'orders') GROUP BY usename")) {
                while (running.get()) {
                    try (ResultSet rows = sample.executeQuery()) {
                        while (rows.next()) {
                            peak.merge(rows.getString(1), rows.getInt(2), Math::max);
                        }
                    }
                    Thread.sleep(20);
                }
            }
            return null;
        });
        for (int c = 0; c < clients; c++) {
            int client = c;
            load.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    Reply reply = call("GET", ingress + paths.get((client + i) % paths.size()), null, admin);
                    statuses.computeIfAbsent(reply.status, s -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            });
        }
        Thread.sleep(10_000);
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));
        report("PostgreSQL connections per role at peak under " + clients + " concurrent clients: " + peak
                + " (PgBouncer max_user_connections " + limits + "); answers " + statuses);
        for (String role : List.of("auth", "catalog", "orders")) {
            assertTrue(peak.getOrDefault(role, 0) <= limits.get(role), role + ": " + peak.get(role) + " > " + limits.get(role));
        }
        assertTrue(statuses.getOrDefault(200, new AtomicInteger()).get() > 0, statuses::toString);
    }

    @Test
    @Order(7)
    void aRequestQueuedInPgBouncerIsAnsweredWithinTheMaxWaitPlusTheStatementTimeout() throws Exception {
        String token = accessToken(register());
        int poolSize = pgBouncerUserLimits().get("auth");
        List<Connection> holders = new ArrayList<>();
        try {
            // Every server connection PgBouncer may open for auth, held by open transactions.
            for (int i = 0; i < poolSize; i++) {
                Connection held = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + settings.pgBouncerPort() + "/velure?prepareThreshold=0",
                        "auth", rolePasswords.get(ServiceRole.AUTH));
                held.setAutoCommit(false);
                try (Statement sql = held.createStatement()) {
                    sql.execute("SELECT 1");
                }
                holders.add(held);
            }
            long bound = POOL_MAX_WAIT_MILLIS + STATEMENT_TIMEOUT_MILLIS;
            for (ServiceProcess replica : instances(Service.AUTH)) {
                long start = System.nanoTime();
                Reply reply = call("GET", replica.baseUrl() + "/api/auth/me", null, token);
                long took = (System.nanoTime() - start) / 1_000_000;
                report("request at " + replica.name() + " while PgBouncer's auth pool is held: " + reply.status + " after " + took
                        + " ms (bound " + bound + " ms)");
                assertEquals(503, reply.status, reply::toString);
                assertTrue(took <= bound + SLACK_MILLIS, "answered after " + took + " ms");
            }
            // Payara's requests waited in PgBouncer: PostgreSQL still has only the pool's connections for auth.
            assertEquals(poolSize, connectionsOf("auth"), "auth's connections in PostgreSQL while its pool is held");
        } finally {
            for (Connection held : holders) {
                held.close();
            }
        }
        long back = awaitMillis(System.nanoTime(), 15_000, () -> call("GET", ingress + "/api/auth/me", null, token).status == 200,
                "auth answers again once PgBouncer has servers");
        report("auth answered 200 again " + back + " ms after the held transactions ended");
    }

    // ------------------------------------------------------------------ the status stream

    /**
     * The status stream reads the order tables, not its own worker's memory. A few orders, placed
     * while other clients place theirs, are each streamed from both order replicas directly and
     * through the ingress, so whichever replica's worker carries an order to its end, a stream on
     * the other replica must deliver it too: every stream gets the order's states in lifecycle
     * order with increasing event ids, the last COMPLETED with the id of the order's last status
     * change, and then ends.
     */
    @Test
    @Order(8)
    void everyStatusStreamDeliversTheOrdersEndOnEitherReplicaWhicheverWorkerProcessedIt() throws Exception {
        String token = accessToken(register());
        List<String> products = productIds();
        List<String> bases = new ArrayList<>(instances(Service.ORDER).stream().map(ServiceProcess::baseUrl).toList());
        bases.add(ingress);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger placedMeanwhile = new AtomicInteger();
        int clients = 4;
        ExecutorService pool = Executors.newFixedThreadPool(clients + STREAMED_ORDERS * bases.size());
        try {
            for (int c = 0; c < clients; c++) {
                int client = c;
                pool.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        if (placeOrder(token, products.get((client + i) % products.size()), UUID.randomUUID().toString()).status == 201) {
                            placedMeanwhile.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            Map<String, List<Future<List<Event>>>> streams = new LinkedHashMap<>();
            for (int i = 0; i < STREAMED_ORDERS; i++) {
                Reply placed = placeOrder(token, products.get(i), UUID.randomUUID().toString());
                assertEquals(201, placed.status, placed::toString);
                String orderId = placed.json().getString("order_id");
                for (String base : bases) {
                    streams.computeIfAbsent(orderId, any -> new ArrayList<>()).add(pool.submit(() -> statusEvents(base, orderId, token)));
                }
            }
            int live = 0;
            Map<String, Integer> liveAt = new HashMap<>();
            for (Map.Entry<String, List<Future<List<Event>>>> order : streams.entrySet()) {
                List<List<Event>> ended = new ArrayList<>();
                for (Future<List<Event>> stream : order.getValue()) {
                    ended.add(stream.get(60, TimeUnit.SECONDS)); // returns once the stream has ended
                }
                long lastChange = lastStatusChange(order.getKey());
                for (int b = 0; b < bases.size(); b++) {
                    String where = bases.get(b).equals(ingress) ? "ingress" : instances(Service.ORDER).get(b).name();
                    List<Event> events = ended.get(b);
                    String what = "order " + order.getKey() + " streamed at " + where + ": " + events;
                    assertFalse(events.isEmpty(), what);
                    for (int e = 1; e < events.size(); e++) {
                        assertTrue(events.get(e).id > events.get(e - 1).id, "event ids increase: " + what);
                        assertTrue(LIFECYCLE.indexOf(events.get(e).status) > LIFECYCLE.indexOf(events.get(e - 1).status), "lifecycle order: " + what);
                    }
                    Event last = events.get(events.size() - 1);
                    assertEquals("COMPLETED", last.status, what);
                    assertEquals(lastChange, last.id, "the final event's id is the order's last status change: " + what);
                    if (events.size() > 1) {
                        live++;
                        liveAt.merge(where, 1, Integer::sum);
                    }
                }
            }
            // Streams opened after the 201 catch the order in flight (payment takes PAYMENT_LATENCY_MILLIS),
            // so on each replica some stream saw a change that one of the two workers made.
            for (ServiceProcess replica : instances(Service.ORDER)) {
                assertTrue(liveAt.getOrDefault(replica.name(), 0) > 0, replica.name() + " delivered no change live: " + liveAt);
            }
            report("status streams: " + streams.size() * bases.size() + " streams of " + streams.size() + " orders (each at "
                    + bases.size() + " places: both order replicas and the ingress) all delivered COMPLETED in order with event ids and ended; "
                    + live + " saw the order change while open " + liveAt + "; " + placedMeanwhile.get() + " orders placed meanwhile by "
                    + clients + " clients");
        } finally {
            running.set(false);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    private record Event(long id, String status) {
    }

    /** The data events of an order's status stream, read until the server ends the stream. */
    private static List<Event> statusEvents(String base, String orderId, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/order/user/order/status?id=" + orderId))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build();
        HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode(), base);
        List<Event> events = new ArrayList<>();
        String[] id = {null};
        try (Stream<String> lines = response.body()) {
            lines.forEach(line -> {
                if (line.startsWith("id:")) {
                    id[0] = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    JsonObject order = Json.createReader(new StringReader(line.substring(5).strip())).readObject();
                    assertEquals(orderId, order.getString("id"));
                    assertTrue(id[0] != null, "a data event without an id");
                    events.add(new Event(Long.parseLong(id[0]), order.getString("status")));
                }
            });
        }
        return events;
    }

    private static long lastStatusChange(String orderId) throws SQLException {
        try (Connection db = superuser(); PreparedStatement query = db.prepareStatement(
                "SELECT max(id) FROM orders.order_status_change WHERE order_id = ?")) {
            query.setObject(1, UUID.fromString(orderId));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static List<String> productIds() throws Exception {
        List<String> products = new ArrayList<>();
        call("GET", ingress + "/api/product/products?page=1&limit=20", null, null).json().getJsonArray("products")
                .forEach(p -> products.add(p.asJsonObject().getString("_id")));
        return products;
    }

    // ------------------------------------------------------------------ a replica dies

    @Test
    @Order(9)
    void killingAnOrderReplicaLosesNoAcceptedOrderAndLeavesTheRotation() throws Exception {
        String token = accessToken(register());
        List<String> products = productIds();
        ServiceProcess victim = instances(Service.ORDER).get(1);
        assertTrue(stack.ingress().routesTo(victim));
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            int client = c;
            clients.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    Reply reply = placeOrder(token, products.get((client + i) % products.size()), UUID.randomUUID().toString());
                    if (reply.status == 201) {
                        accepted.add(reply.json().getString("order_id"));
                    } else {
                        refused.computeIfAbsent(String.valueOf(reply.status), s -> new AtomicInteger()).incrementAndGet();
                    }
                }
                return null;
            });
        }
        Thread.sleep(4000);
        int acceptedBeforeKill = accepted.size();
        long killedAt = System.nanoTime();
        victim.kill();
        long outOfRotation = awaitMillis(killedAt, 5000, () -> !stack.ingress().routesTo(victim), "the ingress drops " + victim.name());
        Thread.sleep(4000);
        running.set(false);
        clients.shutdown();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
        assertTrue(accepted.size() > acceptedBeforeKill, "orders are still accepted after the kill");

        long settled = awaitMillis(System.nanoTime(), 90_000, () -> unfinished(accepted) == 0, "every accepted order reaches a final status");
        try (Connection db = superuser(); PreparedStatement count = db.prepareStatement("SELECT count(*) FROM orders.customer_order WHERE id = ANY (?)")) {
            count.setArray(1, db.createArrayOf("uuid", accepted.stream().map(UUID::fromString).toArray()));
            try (ResultSet row = count.executeQuery()) {
                row.next();
                assertEquals(accepted.size(), row.getInt(1), "accepted orders in PostgreSQL");
            }
        }
        report("killed " + victim.name() + " (SIGKILL) under 8 clients placing orders: out of the ingress's rotation after "
                + outOfRotation + " ms; " + accepted.size() + " orders accepted, all stored and final " + settled
                + " ms after the load ended; not accepted: " + refused);
    }

    // ------------------------------------------------------------------ helpers

    private static void assertAcceptedEverywhere(String token) throws Exception {
        for (ServiceProcess instance : stack.instances()) {
            Reply reply = probe(instance, token);
            assertFalse(reply.status == 401 || reply.status >= 500, instance.name() + " should accept the token: " + reply);
        }
    }

    /** Polls every instance until each refuses the token; returns the slowest one's delay after now. */
    private static long awaitRefusedEverywhere(String token, String what) throws Exception {
        long revokedAt = System.nanoTime();
        long slowest = 0;
        for (ServiceProcess instance : stack.instances()) {
            long seen = awaitMillis(revokedAt, REVOCATION_BOUND_MILLIS + SLACK_MILLIS, () -> probe(instance, token).status == 401,
                    instance.name() + " refuses the token after " + what);
            slowest = Math.max(slowest, seen);
        }
        return slowest;
    }

    /** An authenticated request the instance answers without changing anything: 2xx or 404 when the token is accepted. */
    private static Reply probe(ServiceProcess instance, String token) throws Exception {
        return switch (instance.service()) {
            case AUTH -> call("GET", instance.baseUrl() + "/api/auth/me", null, token);
            case ORDER -> call("GET", instance.baseUrl() + "/api/order/user/orders", null, token);
            case CATALOG -> call("DELETE", instance.baseUrl() + "/api/product/999999999", null, token);
        };
    }

    private static int connectionsOf(String role) throws SQLException {
        try (Connection db = superuser(); PreparedStatement count = db.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = 'velure' AND usename = ?")) {
            count.setString(1, role);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static int unfinished(Set<String> orders) throws SQLException {
        try (Connection db = superuser(); PreparedStatement count = db.prepareStatement("SELECT count(*) FROM orders.customer_order"
                + " WHERE id = ANY (?) AND status IN ('CREATED', 'PROCESSING')")) {
            count.setArray(1, db.createArrayOf("uuid", orders.stream().map(UUID::fromString).toArray()));
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static String awaitFinalStatus(String orderId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection db = superuser(); PreparedStatement query = db.prepareStatement("SELECT status FROM orders.customer_order WHERE id = ?")) {
                query.setObject(1, UUID.fromString(orderId));
                try (ResultSet row = query.executeQuery()) {
                    if (row.next() && !Set.of("CREATED", "PROCESSING").contains(row.getString(1))) {
                        return row.getString(1);
                    }
                }
            }
            Thread.sleep(200);
        }
        return fail("order " + orderId + " not final after " + timeout);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** Polls until the check holds; returns the milliseconds since {@code sinceNanos}, or fails past the deadline. */
    private static long awaitMillis(long sinceNanos, long withinMillis, Check check, String what) throws Exception {
        long deadline = sinceNanos + TimeUnit.MILLISECONDS.toNanos(withinMillis);
        while (true) {
            if (check.holds()) {
                return (System.nanoTime() - sinceNanos) / 1_000_000;
            }
            if (System.nanoTime() > deadline) {
                return fail(what + ": not within " + withinMillis + " ms");
            }
            Thread.sleep(50);
        }
    }

    private static Map<String, Integer> pgBouncerUserLimits() throws IOException {
        Map<String, Integer> limits = new HashMap<>();
        Matcher user = Pattern.compile("(?m)^(auth|catalog|orders)\\s*=\\s*max_user_connections\\s*=\\s*(\\d+)")
                .matcher(Files.readString(settings.serverConfig().resolve("pgbouncer/pgbouncer.ini")));
        while (user.find()) {
            limits.put(user.group(1), Integer.parseInt(user.group(2)));
        }
        assertEquals(3, limits.size(), "pgbouncer.ini limits every service role: " + limits);
        return limits;
    }

    private static List<ServiceProcess> instances(Service service) {
        return stack.instances().stream().filter(i -> i.service() == service).toList();
    }

    private static Connection superuser() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + settings.dbPort() + "/velure", "postgres", "");
    }

    private static JsonObject register() throws Exception {
        String email = "fleet-" + RUN + "-" + USERS.incrementAndGet() + "@velure.test";
        Reply reply = call("POST", ingress + "/api/auth/register", Json.createObjectBuilder().add("name", "Fleet")
                .add("email", email).add("password", PASSWORD).build().toString(), null);
        assertEquals(201, reply.status, reply::toString);
        return reply.json();
    }

    private static JsonObject loginAdmin() throws Exception {
        Reply reply = login(ingress, adminEmail, adminPassword, "192.0.2.254");
        assertEquals(200, reply.status, reply::toString);
        return reply.json();
    }

    private static Reply login(String base, String email, String password, String address) throws Exception {
        return call("POST", base + "/api/auth/login", Json.createObjectBuilder().add("email", email).add("password", password).build().toString(),
                null, "X-Forwarded-For", address);
    }

    private static Reply placeOrder(String token, String productId, String key) throws Exception {
        return call("POST", ingress + "/api/order/create-order", Json.createObjectBuilder().add("items", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("product_id", productId).add("quantity", 1))).build().toString(), token,
                "Idempotency-Key", key);
    }

    private static String accessToken(JsonObject tokens) {
        return tokens.getString("accessToken");
    }

    private static int listedQuantity(String url) throws Exception {
        Reply reply = call("GET", url, null, null);
        assertEquals(200, reply.status, reply::toString);
        return reply.json().getJsonArray("products").getJsonObject(0).getInt("quantity");
    }

    private static JsonObject product(String category, int quantity) {
        return Json.createObjectBuilder()
                .add("name", "Fleet Lamp").add("description", "made by " + FleetIT.class.getSimpleName())
                .add("price", 19.9).add("rating", 4.5).add("category", category).add("quantity", quantity)
                .add("images", Json.createArrayBuilder().add("https://img.velure.example/lamp.jpg"))
                .add("dimensions", Json.createObjectBuilder().add("height", 30).add("width", 12.5).add("length", 12.5))
                .add("brand", "Test Brand").add("colors", Json.createArrayBuilder().add("red"))
                .build();
    }

    private record Reply(int status, String body) {
        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    /** A request; a connection that fails counts as status 0 (the client saw no answer). */
    private static Reply call(String method, String url, String json, String token, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException noAnswer) {
            return new Reply(0, noAnswer.toString());
        }
    }

    private static void report(String line) {
        System.out.println("[fleet] " + line);
    }

    /** A free port; with {@code replicaToo} also its second replica's (port + 100). */
    private static int freePort(boolean replicaToo) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (!replicaToo) {
                return port;
            }
            if (port + Settings.REPLICA_PORT_STEP < 65536) {
                try (ServerSocket second = new ServerSocket(port + Settings.REPLICA_PORT_STEP)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair");
    }
}
