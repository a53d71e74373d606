package com.velure.local;

import com.netflix.concurrency.limits.Limit;
import com.sun.net.httpserver.HttpServer;
import io.undertow.Undertow;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With auth's requests in flight at the limit ({@link InFlightLimit}), a further sign-up is
 * refused at the ingress at once (503, Retry-After, the API's JSON error) without reaching auth,
 * and a sign-in, which continues a journey, still reaches it. A real HTTP server stands for auth
 * and holds every request until the test lets them go. What auth says it waited for a hash is
 * left out of the time the limit learns from, and does not reach the client.
 */
class IngressLimitTest {

    private static final String REGISTER = "/api/auth/register";
    private static final String LOGIN = "/api/auth/login";
    /** Answers after {@link #HASHING_WAIT_MILLIS}, naming that time as its wait for a hash when asked to. */
    private static final String TIMED = "/timed/";
    private static final long HASHING_WAIT_MILLIS = 500;

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger reached = new AtomicInteger();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().executor(Executors.newCachedThreadPool()).build();
    private InFlightLimit limit;
    private HttpServer auth;
    private Undertow ingress;

    @BeforeEach
    void start() throws Exception {
        auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        auth.setExecutor(handlers);
        auth.createContext("/", exchange -> {
            reached.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"ok\":true}".getBytes();
            exchange.sendResponseHeaders(201, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        auth.createContext(TIMED, exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(HASHING_WAIT_MILLIS); // stands for a wait in auth's hashing queue
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (exchange.getRequestURI().getPath().endsWith("/named")) {
                exchange.getResponseHeaders().add("Server-Timing", "hashing-wait;dur=" + HASHING_WAIT_MILLIS + ".0");
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        auth.start();
        LoadBalancingProxyClient upstream = new LoadBalancingProxyClient().setConnectionsPerThread(64)
                .addHost(URI.create("http://127.0.0.1:" + auth.getAddress().getPort()));
        limit = new InFlightLimit();
        ingress = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(Ingress.proxy(upstream, new Shedding(), limit)).build();
        ingress.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        ingress.stop();
        auth.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void overTheLimitASignUpIsRefusedAtTheDoorAndASignInStillPasses() throws Exception {
        int admitted = limit.limit();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < admitted; i++) {
            held.add(send(REGISTER));
        }
        awaitReached(admitted);

        long sent = System.nanoTime();
        HttpResponse<String> refused = send(REGISTER).get(10, TimeUnit.SECONDS);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertEquals(503, refused.statusCode());
        assertEquals(List.of("1"), refused.headers().allValues("Retry-After"));
        assertEquals("application/json", refused.headers().firstValue("Content-Type").orElse(""));
        assertTrue(refused.body().contains("\"status\":503"), refused.body());
        assertTrue(tookMillis < 5_000, "refused after " + tookMillis + " ms: it waited for the held requests");
        assertEquals(admitted, reached.get(), "the refused sign-up reached auth");

        CompletableFuture<HttpResponse<String>> signIn = send(LOGIN);
        awaitReached(admitted + 1);
        release.countDown();
        assertEquals(201, signIn.get(10, TimeUnit.SECONDS).statusCode());
        for (CompletableFuture<HttpResponse<String>> request : held) {
            assertEquals(201, request.get(10, TimeUnit.SECONDS).statusCode());
        }
        // The held requests are answered, so there is room again: the next sign-up passes.
        assertEquals(201, send(REGISTER).get(10, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void theWaitAuthNamesIsLeftOutOfTheLimitsSampleAndKeptFromTheClient() throws Exception {
        BlockingQueue<Long> samples = new LinkedBlockingQueue<>();
        limit = new InFlightLimit(new SampleRecorder(samples::add));
        ingress.stop();
        LoadBalancingProxyClient upstream = new LoadBalancingProxyClient().setConnectionsPerThread(64)
                .addHost(URI.create("http://127.0.0.1:" + auth.getAddress().getPort()));
        ingress = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(Ingress.proxy(upstream, new Shedding(), limit)).build();
        ingress.start();

        long hashingWait = TimeUnit.MILLISECONDS.toNanos(HASHING_WAIT_MILLIS);
        HttpResponse<String> named = send(TIMED + "named").get(10, TimeUnit.SECONDS);
        assertEquals(200, named.statusCode());
        assertFalse(named.headers().firstValue("Server-Timing").isPresent(), "auth's timing is the ingress's business");
        // The sample is taken once the exchange is complete, which may be just after the client has its answer.
        Long leftOut = samples.poll(10, TimeUnit.SECONDS);
        assertTrue(leftOut != null && leftOut < hashingWait, "the named wait was counted: " + leftOut + " ns");

        assertEquals(200, send(TIMED + "unnamed").get(10, TimeUnit.SECONDS).statusCode());
        Long whole = samples.poll(10, TimeUnit.SECONDS);
        assertTrue(whole != null && whole >= hashingWait, "an unnamed wait is the request's own time: " + whole + " ns");
    }

    @Test
    void aHashingWaitIsReadFromServerTimingInMillisecondsAndAnythingElseIsNone() {
        assertEquals(1_234_500_000L, InFlightLimit.hashingWaitNanos("hashing-wait;dur=1234.5"));
        assertEquals(2_000_000L, InFlightLimit.hashingWaitNanos("db;dur=7, hashing-wait;dur=2"));
        assertEquals(0, InFlightLimit.hashingWaitNanos("db;dur=7"));
        assertEquals(0, InFlightLimit.hashingWaitNanos("hashing-wait;dur=soon"));
    }

    /** A limit that never binds and hands every sample's time to the test. */
    private record SampleRecorder(Consumer<Long> samples) implements Limit {
        @Override
        public int getLimit() {
            return 1000;
        }

        @Override
        public void notifyOnChange(Consumer<Integer> consumer) {
        }

        @Override
        public synchronized void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
            samples.accept(rtt);
        }
    }

    private CompletableFuture<HttpResponse<String>> send(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.getListenerInfo().get(0)
                        .getAddress().toString().replaceAll(".*:", "") + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private void awaitReached(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reached.get() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + reached.get() + " of " + count + " requests reached auth");
            Thread.sleep(10);
        }
    }
}
