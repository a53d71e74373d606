package com.velure.loadtest.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault suite's judge (loadtest/faults.sh): what the services promised during a run, held
 * against what PostgreSQL and the API say afterwards. Two commands:
 *
 * <pre>
 *   snapshot DB-URL STOCK-FILE                 the stock before the run (product id, quantity)
 *   check key=value ...                        the invariants of one scenario's run; writes result.md and
 *                                              result.properties into the run directory, exits 1 on a breach
 * </pre>
 *
 * {@code check} takes run-dir (with requests.csv and pg_activity.csv of the journey), timeline
 * (fault_start_ms, fault_end_ms), stock, db-url, base-url, scenario, fast-ms (the longest a failed
 * request may take), recovery-s (the stated time to normal service), pool-budget (Σ of the pools'
 * maxima) and total-budget (pools plus headroom). The database URL is the superuser's: the checks
 * read every service's schema, as an operator would.
 */
public final class FaultCheck {

    /** The journey's password (VelureJourneySimulation and Warmup use it for every user). */
    private static final String PASSWORD = "Journey-pa55word";
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);
    /** A request slower than this counts as "not normal service" when measuring recovery. */
    private static final long NORMAL_MS = 2000;
    private static final long WINDOW_MS = 10_000;
    /** Recovery needs this long of normal service afterwards, or it is "not recovered in the run". */
    private static final long STEADY_AFTER_MS = 20_000;
    /** The fault injector's own connection (a lock holder, a trigger's installer) is not a pool's. */
    private static final String INJECTOR_APPLICATION = "velure-faults";

    record Request(long endMillis, String step, long elapsedMillis, int status, boolean ok, String retryAfter,
                   String subject, String failure) {
    }

    private FaultCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("snapshot")) {
            snapshot(args[1], Path.of(args[2]));
            return;
        }
        if (args.length > 0 && args[0].equals("check")) {
            Map<String, String> options = new HashMap<>();
            for (int i = 1; i < args.length; i++) {
                String[] pair = args[i].split("=", 2);
                options.put(pair[0], pair.length == 2 ? pair[1] : "");
            }
            System.exit(check(options) ? 0 : 1);
        }
        System.err.println("usage: FaultCheck snapshot DB-URL STOCK-FILE | check run-dir=... timeline=... stock=... db-url=... base-url=..."
                + " scenario=... fast-ms=... recovery-s=... pool-budget=... total-budget=...");
        System.exit(2);
    }

    static void snapshot(String dbUrl, Path stockFile) throws SQLException, IOException {
        StringBuilder out = new StringBuilder();
        try (Connection db = connect(dbUrl); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, quantity FROM catalog.product ORDER BY id")) {
            while (rows.next()) {
                out.append(rows.getLong(1)).append(',').append(rows.getLong(2)).append('\n');
            }
        }
        Files.writeString(stockFile, out);
    }

    static boolean check(Map<String, String> o) throws Exception {
        Path runDir = Path.of(o.get("run-dir"));
        Properties timeline = new Properties();
        try (var in = Files.newBufferedReader(Path.of(o.get("timeline")))) {
            timeline.load(in);
        }
        long faultStart = Long.parseLong(timeline.getProperty("fault_start_ms"));
        long faultEnd = Long.parseLong(timeline.getProperty("fault_end_ms"));
        long fastMs = Long.parseLong(o.get("fast-ms"));
        long recoveryBoundS = Long.parseLong(o.get("recovery-s"));
        int poolBudget = Integer.parseInt(o.get("pool-budget"));
        int totalBudget = Integer.parseInt(o.get("total-budget"));
        List<Request> requests = readRequests(runDir.resolve("requests.csv"));
        List<String> breaches = new ArrayList<>();
        Map<String, String> figures = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();

        // --- What the client saw ---
        long loadEnd = requests.stream().mapToLong(Request::endMillis).max().orElse(faultEnd);
        Map<String, Integer> byStatus = new TreeMap<>();
        long worst = 0;
        Request worstRequest = null;
        int failed = 0;
        int fastRefusals = 0;
        Map<String, Integer> unfit = new TreeMap<>();
        for (Request r : requests) {
            byStatus.merge(r.status == 0 ? "no response" : String.valueOf(r.status), 1, Integer::sum);
            if (r.elapsedMillis > worst) {
                worst = r.elapsedMillis;
                worstRequest = r;
            }
            if (!r.ok) {
                failed++;
                boolean fast = r.status == 503 && r.retryAfter != null && !r.retryAfter.isBlank() && r.elapsedMillis <= fastMs;
                if (fast) {
                    fastRefusals++;
                } else {
                    String why = (r.status == 0 ? "no response" : String.valueOf(r.status))
                            + (r.status == 503 && (r.retryAfter == null || r.retryAfter.isBlank()) ? " without Retry-After" : "")
                            + (r.elapsedMillis > fastMs ? " after more than " + fastMs + " ms" : "")
                            + " on " + r.step + (r.failure == null || r.failure.isBlank() ? "" : " (" + r.failure + ")");
                    unfit.merge(why, 1, Integer::sum);
                }
            }
        }
        int unfitCount = failed - fastRefusals;
        if (unfitCount > 0) {
            breaches.add(unfitCount + " failed requests were not a fast 503 with Retry-After (≤ " + fastMs + " ms)");
        }

        // Recovery, on the client's side. The machine is shared, so "normal" is the run's own state
        // before the fault: recovered from the first 10 s window after the fault's end from which on
        // every window's share of failed or slow requests is at most max(5 %, twice that before the
        // fault), with at least STEADY_AFTER_MS of load left to see it.
        long loadStart = requests.stream().mapToLong(Request::endMillis).min().orElse(faultStart);
        double baseline = abnormalShare(requests, loadStart + WINDOW_MS, faultStart);
        double threshold = Math.max(0.05, 2 * baseline);
        Long recoveredAt = null;
        for (long t = faultEnd; t < loadEnd; t += WINDOW_MS) {
            if (abnormalShare(requests, t, t + WINDOW_MS) > threshold) {
                recoveredAt = null;
            } else if (recoveredAt == null) {
                recoveredAt = t;
            }
        }
        Long recoveryMs = recoveredAt != null && loadEnd - recoveredAt >= STEADY_AFTER_MS ? recoveredAt - faultEnd : null;
        if (recoveryMs == null) {
            breaches.add("no normal service again before the load ended (failed or slow requests above "
                    + percent(threshold) + " until the end)");
        } else if (recoveryMs > recoveryBoundS * 1000) {
            breaches.add("recovery took " + recoveryMs / 1000 + " s, more than the stated " + recoveryBoundS + " s");
        }

        // --- What the database says ---
        Set<String> orderIds = new HashSet<>();
        List<String> emails = new ArrayList<>();
        for (Request r : requests) {
            if (r.subject != null && !r.subject.isBlank()) {
                if (r.step.startsWith("create")) {
                    orderIds.add(r.subject);
                } else {
                    emails.add(r.subject);
                }
            }
        }
        long settleStart = System.currentTimeMillis();
        int missingOrders;
        int unsettled;
        int notExactlyOnce;
        int completed;
        int failedOrders;
        long stockMismatches;
        int connectionsPeak;
        int poolConnectionsPeak;
        try (Connection db = connect(o.get("db-url"))) {
            waitUntilSettled(db);
            long settleMs = System.currentTimeMillis() - settleStart;
            figures.put("settle_ms", String.valueOf(settleMs));
            int[] orders = orders(db, orderIds);
            missingOrders = orders[0];
            unsettled = orders[1];
            notExactlyOnce = orders[2];
            completed = orders[3];
            failedOrders = orders[4];
            stockMismatches = stockMismatches(db, Path.of(o.get("stock")), md);
        }
        int[] peaks = connectionPeaks(runDir.resolve("pg_activity.csv"));
        connectionsPeak = peaks[0];
        poolConnectionsPeak = peaks[1];
        int cannotLogIn = logins(o.get("base-url"), emails, md);

        if (missingOrders > 0) {
            breaches.add(missingOrders + " orders answered 201 do not exist");
        }
        if (unsettled > 0) {
            breaches.add(unsettled + " orders answered 201 never reached COMPLETED or FAILED (waited " + SETTLE_TIMEOUT.toMinutes() + " min)");
        }
        if (notExactlyOnce > 0) {
            breaches.add(notExactlyOnce + " orders reached a final status other than exactly once");
        }
        if (stockMismatches > 0) {
            breaches.add(stockMismatches + " products whose stock is not initial stock minus completed quantities");
        }
        if (cannotLogIn > 0) {
            breaches.add(cannotLogIn + " users registered with 201 cannot log in");
        }
        if (poolConnectionsPeak > poolBudget || connectionsPeak > totalBudget) {
            breaches.add("PostgreSQL saw " + connectionsPeak + " connections (" + poolConnectionsPeak + " from the pools): budget "
                    + totalBudget + " (" + poolBudget + " for the pools)");
        }
        long dataLost = missingOrders + unsettled + notExactlyOnce + stockMismatches + cannotLogIn;

        figures.put("scenario", o.get("scenario"));
        figures.put("requests", String.valueOf(requests.size()));
        figures.put("failed", String.valueOf(failed));
        figures.put("fast_503", String.valueOf(fastRefusals));
        figures.put("by_status", byStatus.toString());
        figures.put("worst_ms", String.valueOf(worst));
        figures.put("recovery_s", recoveryMs == null ? "not recovered" : String.format(Locale.ROOT, "%.0f", recoveryMs / 1000.0));
        figures.put("abnormal_before_fault", percent(baseline));
        figures.put("orders_acknowledged", String.valueOf(orderIds.size()));
        figures.put("orders_completed", String.valueOf(completed));
        figures.put("orders_failed", String.valueOf(failedOrders));
        figures.put("users_registered", String.valueOf(emails.size()));
        figures.put("pg_connections_peak", String.valueOf(connectionsPeak));
        figures.put("pool_connections_peak", String.valueOf(poolConnectionsPeak));
        figures.put("data_lost", String.valueOf(dataLost));
        figures.put("fault_seconds", String.valueOf((faultEnd - faultStart) / 1000));
        figures.put("passed", String.valueOf(breaches.isEmpty()));

        StringBuilder report = new StringBuilder();
        report.append("## ").append(o.get("scenario")).append("\n\n");
        report.append(timeline.getProperty("description", "")).append("\n\n");
        report.append("| figure | value |\n|---|---|\n");
        report.append("| verdict | ").append(breaches.isEmpty() ? "**survived**" : "**FAILED**").append(" |\n");
        report.append("| fault | ").append((faultEnd - faultStart) / 1000).append(" s, from ")
                .append((faultStart - requests.stream().mapToLong(Request::endMillis).min().orElse(faultStart)) / 1000)
                .append(" s into the load |\n");
        report.append("| requests | ").append(requests.size()).append(" |\n");
        report.append("| by status | ").append(byStatus.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .reduce((a, b) -> a + ", " + b).orElse("none")).append(" |\n");
        report.append("| failed requests | ").append(failed).append(" (").append(fastRefusals)
                .append(" fast 503 with Retry-After within ").append(fastMs).append(" ms) |\n");
        report.append("| worst latency | ").append(worst).append(" ms")
                .append(worstRequest == null ? "" : " (" + worstRequest.step + ", " + (worstRequest.status == 0 ? "no response" : worstRequest.status) + ")")
                .append(" |\n");
        report.append("| recovery after the fault ended | ").append(recoveryMs == null ? "not within the run"
                : String.format(Locale.ROOT, "%.0f s", recoveryMs / 1000.0)).append(" (stated: ≤ ").append(recoveryBoundS)
                .append(" s; normal = at most ").append(percent(threshold)).append(" of requests failed or slower than ")
                .append(NORMAL_MS).append(" ms per 10 s, the share before the fault being ").append(percent(baseline)).append(") |\n");
        report.append("| orders answered 201 | ").append(orderIds.size()).append(": all settled ").append(figures.get("settle_ms"))
                .append(" ms after the load; ").append(completed).append(" COMPLETED, ").append(failedOrders).append(" FAILED |\n");
        report.append("| users answered 201 | ").append(emails.size()).append(", ").append(emails.size() - cannotLogIn).append(" can log in |\n");
        report.append("| PostgreSQL connections at peak | ").append(connectionsPeak).append(" (pools ").append(poolConnectionsPeak)
                .append("; budget ").append(totalBudget).append(", pools ").append(poolBudget).append(") |\n");
        report.append("| data lost | **").append(dataLost).append("** |\n\n");
        if (!unfit.isEmpty()) {
            report.append("Failed requests that were not a fast 503 with Retry-After:\n\n");
            unfit.forEach((why, count) -> report.append("- ").append(count).append(" × ").append(why).append('\n'));
            report.append('\n');
        }
        report.append(md);
        if (!breaches.isEmpty()) {
            report.append("Breaches:\n\n");
            breaches.forEach(b -> report.append("- ").append(b).append('\n'));
            report.append('\n');
        }
        Files.writeString(runDir.resolve("result.md"), report);
        StringBuilder props = new StringBuilder();
        figures.forEach((k, v) -> props.append(k).append('=').append(v.replace("\n", " ")).append('\n'));
        Files.writeString(runDir.resolve("result.properties"), props);
        System.out.println(report);
        return breaches.isEmpty();
    }

    /** Failed or slow requests among those that ended in [from, to); 0 when there were none. */
    static double abnormalShare(List<Request> requests, long from, long to) {
        long all = requests.stream().filter(r -> r.endMillis >= from && r.endMillis < to).count();
        long abnormal = requests.stream().filter(r -> r.endMillis >= from && r.endMillis < to)
                .filter(r -> !r.ok || r.elapsedMillis > NORMAL_MS).count();
        return all == 0 ? 0 : (double) abnormal / all;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    static List<Request> readRequests(Path csv) throws IOException {
        List<Request> requests = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = split(line);
            requests.add(new Request(Long.parseLong(f.get(0)), f.get(1), Long.parseLong(f.get(2)), Integer.parseInt(f.get(3)),
                    Boolean.parseBoolean(f.get(4)), f.get(5), f.get(6), f.get(7)));
        }
        return requests;
    }

    /** A line of the run's CSV files (Csv.quote's rule: double quotes around fields with commas or quotes). */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static Connection connect(String url) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", "postgres");
        login.setProperty("password", "");
        login.setProperty("ApplicationName", INJECTOR_APPLICATION);
        return DriverManager.getConnection(url, login);
    }

    /** Polls until no order is in flight (nothing in the outbox, nothing CREATED or PROCESSING), or the timeout. */
    private static void waitUntilSettled(Connection db) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            try (Statement statement = db.createStatement();
                 ResultSet row = statement.executeQuery("SELECT (SELECT count(*) FROM orders.order_outbox)"
                         + " + (SELECT count(*) FROM orders.customer_order WHERE status NOT IN ('COMPLETED', 'FAILED'))")) {
                row.next();
                if (row.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(1000);
        }
    }

    /** Missing, unsettled, not-final-exactly-once, completed and failed among the acknowledged orders. */
    private static int[] orders(Connection db, Set<String> acknowledged) throws SQLException {
        int[] result = new int[5];
        Set<String> found = new HashSet<>();
        try (PreparedStatement query = db.prepareStatement("""
                SELECT o.id::text, o.status,
                       count(s.id) FILTER (WHERE s.status IN ('COMPLETED', 'FAILED')) AS finals
                  FROM orders.customer_order o LEFT JOIN orders.order_status_change s ON s.order_id = o.id
                 WHERE o.id::text = ANY (?)
                 GROUP BY o.id, o.status""")) {
            Array ids = db.createArrayOf("text", acknowledged.toArray());
            query.setArray(1, ids);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                    String status = rows.getString(2);
                    boolean settled = status.equals("COMPLETED") || status.equals("FAILED");
                    if (!settled) {
                        result[1]++;
                    } else if (rows.getLong(3) != 1) {
                        result[2]++;
                    }
                    if (status.equals("COMPLETED")) {
                        result[3]++;
                    } else if (status.equals("FAILED")) {
                        result[4]++;
                    }
                }
            }
        }
        result[0] = acknowledged.size() - found.size();
        // Any order at all (the warm-up's, those whose 201 the client never saw) settled twice is a breach too.
        try (Statement statement = db.createStatement();
             ResultSet row = statement.executeQuery("""
                     SELECT count(*) FROM (SELECT order_id FROM orders.order_status_change
                      WHERE status IN ('COMPLETED', 'FAILED') GROUP BY order_id HAVING count(*) > 1) twice""")) {
            row.next();
            result[2] = Math.max(result[2], row.getInt(1));
        }
        return result;
    }

    /** Products whose stock differs from the snapshot minus every completed order's quantity. */
    private static long stockMismatches(Connection db, Path stockFile, StringBuilder md) throws SQLException, IOException {
        Map<Long, Long> initial = new HashMap<>();
        for (String line : Files.readAllLines(stockFile)) {
            if (!line.isBlank()) {
                String[] f = line.split(",");
                initial.put(Long.parseLong(f[0]), Long.parseLong(f[1]));
            }
        }
        long mismatches = 0;
        long sold = 0;
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT p.id, p.quantity, coalesce(c.sold, 0)
                       FROM catalog.product p
                       LEFT JOIN (SELECT l.product_id, sum(l.quantity) AS sold
                                    FROM orders.order_line l JOIN orders.customer_order o ON o.id = l.order_id
                                   WHERE o.status = 'COMPLETED' GROUP BY l.product_id) c ON c.product_id = p.id::text""")) {
            while (rows.next()) {
                long id = rows.getLong(1);
                long expected = initial.getOrDefault(id, -1L) - rows.getLong(3);
                sold += rows.getLong(3);
                if (rows.getLong(2) != expected) {
                    mismatches++;
                    md.append("- product ").append(id).append(": stock ").append(rows.getLong(2)).append(", expected ")
                            .append(expected).append(" (initial ").append(initial.get(id)).append(" − completed ")
                            .append(rows.getLong(3)).append(")\n");
                }
            }
        }
        md.append(mismatches == 0 ? "Stock: every product's stock is its initial stock minus the quantities of completed orders ("
                + sold + " units in all).\n\n" : "\n");
        return mismatches;
    }

    /** Logs every user in whose registration was answered 201; returns how many could not. */
    private static int logins(String baseUrl, List<String> emails, StringBuilder md) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger refused = new AtomicInteger();
        ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (String email : emails) {
            pool.submit(() -> {
                String body = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
                HttpRequest login = HttpRequest.newBuilder(URI.create(baseUrl + "/api/auth/login"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                int status = 0;
                // A 503 is the service shedding load, not a lost account: ask again a few times.
                for (int attempt = 0; attempt < 5; attempt++) {
                    try {
                        status = http.send(login, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = 0;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (status != 503 && status != 0) {
                        break;
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (status != 200) {
                    refused.incrementAndGet();
                    if (examples.size() < 5) {
                        examples.add(email + " → " + status);
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("logins did not finish in 10 minutes");
        }
        if (!examples.isEmpty()) {
            md.append("Users who cannot log in (first few): ").append(String.join(", ", examples)).append("\n\n");
        }
        return refused.get();
    }

    /** Highest total of client connections, and of the three pools' connections, in one sample; the injector's own left out. */
    static int[] connectionPeaks(Path csv) {
        try {
            Map<String, int[]> perSample = new HashMap<>();
            List<String> lines = Files.readAllLines(csv);
            for (String line : lines.subList(1, lines.size())) {
                List<String> f = split(line);
                String app = f.get(1);
                if (app.equals("(total)")) {
                    perSample.computeIfAbsent(f.get(0), any -> new int[3])[0] += Integer.parseInt(f.get(2));
                } else if (app.equals(INJECTOR_APPLICATION)) {
                    perSample.computeIfAbsent(f.get(0), any -> new int[3])[2] += Integer.parseInt(f.get(2));
                } else if (app.startsWith("velure-") && !app.startsWith("velure-loadtest")) {
                    perSample.computeIfAbsent(f.get(0), any -> new int[3])[1] += Integer.parseInt(f.get(2));
                }
            }
            int total = 0;
            int pools = 0;
            for (int[] sample : perSample.values()) {
                total = Math.max(total, sample[0] - sample[2]);
                pools = Math.max(pools, sample[1]);
            }
            return new int[]{total, pools};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
