package com.velure.local;

import com.sun.net.httpserver.HttpServer;
import io.undertow.Undertow;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a client gets from the ingress while a service has no instance that answers (killed, stopped, booting) or one is stopping. */
class IngressUnavailableTest {

    @Test
    void aServiceWithNoLiveInstanceGetsAJson503WithRetryAfter() throws Exception {
        int ingressPort = freePort();
        // An instance that was never started: nothing listens on its port, as after a SIGKILL.
        ServiceProcess dead = new ServiceProcess(Service.ORDER, "order", freePort(), Path.of("order.log"), Path.of("order"),
                new ProcessBuilder("true"));
        CountDownLatch outOfRotation = new CountDownLatch(1);
        try (Ingress ingress = Ingress.start(ingressPort, 0, List.of(dead), true, message -> {
            if (message.contains("out of the ingress's rotation")) {
                outOfRotation.countDown();
            }
        })) {
            assertUnavailable(ingressPort);
            // The dead instance leaves the rotation though it is its service's only one (a booting
            // server's 404s must not reach clients); then the ingress itself answers, the same way.
            assertTrue(outOfRotation.await(10, TimeUnit.SECONDS), "the dead instance stayed in rotation");
            assertUnavailable(ingressPort);
        }
    }

    /**
     * Payara, once SIGTERM reached it, refuses requests with its own 503 (no Retry-After, an error
     * page or nothing) until its process exits and the instance leaves the rotation. Through the
     * ingress that must read like any other 503 of the API. A real HTTP server stands for Payara.
     */
    @Test
    void aStoppingInstancesBare503GetsRetryAfterAndTheApisJson() throws Exception {
        // 64 KiB: larger than the proxy's buffers, so the page is dropped over several writes.
        String page = "<html><body><h1>HTTP Status 503 - Service Unavailable</h1>" + "<!-- padding -->".repeat(4096) + "</body></html>";
        HttpServer upstream = upstream(Map.of(
                "/api/product/page", new Reply(503, "text/html", null, page, false),
                "/api/product/chunked-page", new Reply(503, "text/html", null, page, true),
                "/api/product/empty", new Reply(503, null, null, "", false)));
        Undertow proxy = proxyTo(upstream);
        try {
            // The page again last: a dropped body must leave the proxy's pooled connection usable.
            for (String path : List.of("/api/product/page", "/api/product/chunked-page", "/api/product/empty", "/api/product/page")) {
                HttpResponse<String> response = get(port(proxy), path);
                assertEquals(503, response.statusCode(), path);
                assertEquals("1", response.headers().firstValue("Retry-After").orElse(null), path + ": " + response.headers().map());
                assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""), path);
                assertEquals("{\"error\":\"service unavailable, retry later\",\"status\":503,\"title\":\"Service Unavailable\"}",
                        response.body(), path);
            }
        } finally {
            proxy.stop();
            upstream.stop(0);
        }
    }

    private static final String SERVICE_JSON =
            "{\"error\":\"database unavailable, retry later\",\"status\":503,\"title\":\"Service Unavailable\",\"requestId\":\"r-1\"}";

    /** The services' own 503s (overload, database down) carry their Retry-After and reach clients as they are. */
    @Test
    void aServicesOwn503WithRetryAfterPassesUnchanged() throws Exception {
        HttpServer upstream = upstream(Map.of("/api/product/products", new Reply(503, "application/json", "5", SERVICE_JSON, false)));
        Undertow proxy = proxyTo(upstream);
        try {
            HttpResponse<String> response = get(port(proxy), "/api/product/products");
            assertEquals(503, response.statusCode());
            assertEquals(List.of("5"), response.headers().allValues("Retry-After"));
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            assertEquals(SERVICE_JSON, response.body());
        } finally {
            proxy.stop();
            upstream.stop(0);
        }
    }

    /** A 503 in the API's JSON without Retry-After keeps its body and gets the stopping instance's wait. */
    @Test
    void anApiJson503WithoutRetryAfterKeepsItsBodyAndGetsOne() throws Exception {
        HttpServer upstream = upstream(Map.of("/api/product/products", new Reply(503, "application/json", null, SERVICE_JSON, false)));
        Undertow proxy = proxyTo(upstream);
        try {
            HttpResponse<String> response = get(port(proxy), "/api/product/products");
            assertEquals(503, response.statusCode());
            assertEquals(List.of("1"), response.headers().allValues("Retry-After"));
            assertEquals(SERVICE_JSON, response.body());
        } finally {
            proxy.stop();
            upstream.stop(0);
        }
    }

    private record Reply(int status, String contentType, String retryAfter, String body, boolean chunked) {
    }

    private static HttpServer upstream(Map<String, Reply> replies) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Reply reply = replies.get(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            if (reply.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            }
            if (reply.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", reply.retryAfter());
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), reply.chunked() ? 0 : body.length == 0 ? -1 : body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /** The ingress's proxy in a real Undertow on loopback, balancing over {@code upstream} alone. */
    private static Undertow proxyTo(HttpServer upstream) {
        LoadBalancingProxyClient client = new LoadBalancingProxyClient()
                .addHost(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()));
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(Ingress.proxy(client, new Shedding(), null)).build();
        server.start();
        return server;
    }

    private static int port(Undertow server) {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertUnavailable(int ingressPort) throws Exception {
        HttpResponse<String> response = get(ingressPort, "/api/order/orders");
        assertEquals(503, response.statusCode());
        assertTrue(response.headers().firstValue("Retry-After").isPresent(), "no Retry-After: " + response.headers().map());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"status\":503"), response.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
