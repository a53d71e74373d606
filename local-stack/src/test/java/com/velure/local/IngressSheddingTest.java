package com.velure.local;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A route the service refused with 503 and Retry-After is answered by the ingress for a while
 * ({@link Shedding}), other routes are not, and the route heals by itself once the service takes
 * work again. A real HTTP server stands for auth and counts what reaches it.
 */
class IngressSheddingTest {

    /** Long enough that every request of a burst arrives inside it, on a busy CI machine too. */
    private static final Duration WINDOW = Duration.ofSeconds(3);
    private static final String REGISTER = "/api/auth/register";
    private static final String LOGIN = "/api/auth/login";
    /** Refused only after a wait, as auth refuses a request its queue admitted and then gave up on. */
    private static final String LATE = "/api/auth/late";

    private final Map<String, AtomicInteger> reached = new ConcurrentHashMap<>();
    private volatile boolean saturated = true;
    /** What the service says, on its sign-in answers, of the sign-up route's room; null says nothing. */
    private volatile String room;
    private HttpServer auth;
    private Undertow ingress;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        auth.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            reached.computeIfAbsent(path, any -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            if (path.equals(LATE)) {
                try {
                    Thread.sleep(1200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean refuse = saturated && (path.equals(REGISTER) || path.equals(LATE));
            byte[] body = (refuse ? "{\"error\":\"service overloaded, retry later\",\"status\":503,\"title\":\"Service Unavailable\"}"
                    : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (refuse) {
                exchange.getResponseHeaders().set("Retry-After", "2");
            }
            if (path.equals(LOGIN) && room != null) {
                exchange.getResponseHeaders().set(Shedding.ROOM_HEADER, room);
            }
            exchange.sendResponseHeaders(refuse ? 503 : 201, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        auth.start();
        LoadBalancingProxyClient upstream = new LoadBalancingProxyClient()
                .addHost(URI.create("http://127.0.0.1:" + auth.getAddress().getPort()));
        ingress = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(Ingress.proxy(upstream, new Shedding(WINDOW, Shedding.HOLD_MILLIS), null)).build();
        ingress.start();
    }

    @AfterEach
    void stop() {
        ingress.stop();
        auth.stop(0);
    }

    @Test
    void aRefusedRouteIsAnsweredByTheIngressUntilTheServiceTakesWorkAgain() throws Exception {
        HttpResponse<String> first = post(REGISTER);
        assertEquals(503, first.statusCode());
        assertEquals(1, reached(REGISTER));

        // Within the window a burst of retries never reaches the service, and each still gets a 503 to back off from.
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(client.sendAsync(request(REGISTER), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> retry : burst) {
            HttpResponse<String> response = retry.get();
            assertEquals(503, response.statusCode());
            assertEquals(List.of("2"), response.headers().allValues("Retry-After"), "the service's own Retry-After");
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            assertTrue(response.body().contains("\"status\":503"), response.body());
        }
        assertEquals(1, reached(REGISTER), "retries within the window reached the service");

        // Sign-ins are another route: the service keeps getting them.
        assertEquals(201, post(LOGIN).statusCode());
        assertEquals(1, reached(LOGIN));

        // The service takes work again: after the window one request finds out, and then all pass.
        saturated = false;
        long deadline = System.nanoTime() + 4 * WINDOW.toNanos();
        while (post(REGISTER).statusCode() != 201) {
            assertTrue(System.nanoTime() < deadline, "the route did not heal");
        }
        int before = reached(REGISTER);
        for (int i = 0; i < 10; i++) {
            assertEquals(201, post(REGISTER).statusCode());
        }
        assertEquals(before + 10, reached(REGISTER));
    }

    @Test
    void whileStillSaturatedOneRequestPerWindowProbesTheService() throws Exception {
        assertEquals(503, post(REGISTER).statusCode());
        long end = System.nanoTime() + 2 * WINDOW.toNanos() + WINDOW.toNanos() / 2;
        int sent = 1;
        while (System.nanoTime() < end) {
            assertEquals(503, post(REGISTER).statusCode());
            sent++;
        }
        // First refusal, then one probe after each of the two windows that ended.
        assertEquals(3, reached(REGISTER), "of " + sent + " requests");
    }

    @Test
    void aShedRouteLetsThroughAsManyRequestsAsTheServiceSaysItHasRoomFor() throws Exception {
        assertEquals(503, post(REGISTER).statusCode());
        assertEquals(503, post(REGISTER).statusCode());
        assertEquals(1, reached(REGISTER), "shed");

        // Any answer of the service may say how many it would admit now, for any route.
        saturated = false;
        room = "POST " + LOGIN + "=7, POST " + REGISTER + "=2, POST /api/auth/unknown=5";
        HttpResponse<String> signIn = post(LOGIN);
        assertEquals(201, signIn.statusCode());
        assertTrue(signIn.headers().firstValue(Shedding.ROOM_HEADER).isEmpty(), "the header reached the client");

        // Within the window: exactly the two it has room for pass, the rest are answered by the ingress.
        assertEquals(201, post(REGISTER).statusCode());
        assertEquals(201, post(REGISTER).statusCode());
        for (int i = 0; i < 5; i++) {
            assertEquals(503, post(REGISTER).statusCode());
        }
        assertEquals(3, reached(REGISTER));

        // An answer that says there is no room leaves the route shut; a bad count changes nothing.
        room = "POST " + REGISTER + "=0";
        post(LOGIN);
        assertEquals(503, post(REGISTER).statusCode());
        room = "POST " + REGISTER + "=lots, garbage";
        post(LOGIN);
        assertEquals(503, post(REGISTER).statusCode());
        room = "POST " + REGISTER + "=1";
        post(LOGIN);
        assertEquals(201, post(REGISTER).statusCode());
        assertEquals(503, post(REGISTER).statusCode());
        assertEquals(4, reached(REGISTER));
    }

    @Test
    void aRefusalThatCameAfterAWaitDoesNotShedTheRoute() throws Exception {
        assertEquals(503, post(LATE).statusCode());
        assertEquals(503, post(LATE).statusCode());
        assertEquals(2, reached(LATE), "the second request was answered by the ingress");
    }

    private int reached(String path) {
        return reached.getOrDefault(path, new AtomicInteger()).get();
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ((InetSocketAddress) ingress.getListenerInfo().get(0).getAddress()).getPort() + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\",\"password\":\"pw\"}"))
                .header("Content-Type", "application/json").build();
    }

    private HttpResponse<String> post(String path) throws Exception {
        return client.send(request(path), HttpResponse.BodyHandlers.ofString());
    }
}
