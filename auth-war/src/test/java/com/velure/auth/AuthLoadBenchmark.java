package com.velure.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: a closed-loop load generator run by hand against a running auth service (auth-war/README.md).
 * Each of C workers repeats register (a new e-mail) then login, without think
 * time, for the given seconds (login only after a 201); then it prints per endpoint the requests, statuses, successes per
 * second and latency percentiles.
 *
 * <pre>
 * java -cp auth-war/target/test-classes com.velure.auth.AuthLoadBenchmark http://localhost:18081 8 30
 * </pre>
 */
public final class AuthLoadBenchmark {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args.length > 0 ? args[0] : "http://localhost:18081");
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        Map<String, Map<Integer, Integer>> statuses = new ConcurrentHashMap<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int w = 0; w < workers; w++) {
            int worker = w;
            pool.submit(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    String email = "load-" + run + "-" + worker + "-" + i + "@velure.test";
                    int registered = call(base, "register", "{\"name\":\"Load\",\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}", latencies, statuses);
                    if (registered != 201) {
                        continue; // logging in to a missing account would count as a failed login and end in 429
                    }
                    call(base, "login", "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}", latencies, statuses);
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        System.out.printf("%d workers, %d s, closed loop against %s%n", workers, seconds, base);
        for (String endpoint : new TreeMap<>(latencies).keySet()) {
            List<Long> ok = new ArrayList<>(latencies.get(endpoint));
            Collections.sort(ok);
            Map<Integer, Integer> codes = new TreeMap<>(statuses.get(endpoint));
            System.out.printf("%-9s statuses %s  successes %.1f/s  latency of successes p50 %d ms  p95 %d ms  p99 %d ms  max %d ms%n",
                    endpoint, codes, ok.size() / (double) seconds, percentile(ok, 50), percentile(ok, 95), percentile(ok, 99),
                    ok.isEmpty() ? 0 : ok.get(ok.size() - 1));
        }
    }

    private static int call(URI base, String endpoint, String body, Map<String, List<Long>> latencies,
                             Map<String, Map<Integer, Integer>> statuses) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/auth/" + endpoint)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        int status;
        try {
            status = CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            status = -1;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        statuses.computeIfAbsent(endpoint, k -> new ConcurrentHashMap<>()).merge(status, 1, Integer::sum);
        if (status / 100 == 2) {
            latencies.computeIfAbsent(endpoint, k -> Collections.synchronizedList(new ArrayList<>())).add(millis);
        }
        return status;
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
