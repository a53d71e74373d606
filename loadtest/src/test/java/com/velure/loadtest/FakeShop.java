package com.velure.loadtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The public API's journey endpoints and a /metrics page, answered from memory, so the load test
 * itself (journey, recorder, sampler, report, verdict) can be tested without the real services.
 * Every {@code failEveryNthOrder}-th order answers 503 the way the services do when a pool is
 * exhausted.
 */
final class FakeShop implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final AtomicInteger orders = new AtomicInteger();
    final AtomicInteger badOrderBodies = new AtomicInteger();
    private final int failEveryNthOrder;

    FakeShop(int failEveryNthOrder) throws IOException {
        this.failEveryNthOrder = failEveryNthOrder;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(threads);
        server.createContext("/api/auth/register", e -> answer(e, 201, "{\"id\":\"1\",\"accessToken\":\"token-" + orders.get() + "\",\"tokenType\":\"Bearer\"}"));
        server.createContext("/api/auth/login", e -> answer(e, 200, "{\"accessToken\":\"token-login\",\"tokenType\":\"Bearer\"}"));
        server.createContext("/api/product/products", e -> answer(e, 200, products()));
        server.createContext("/api/order/create-order", this::order);
        server.createContext("/metrics", e -> answer(e, 200, """
                # TYPE db_pool_connections_in_use gauge
                db_pool_connections_in_use{mp_scope="application",pool="fake-pool"} 3.0
                db_pool_connections_idle{mp_scope="application",pool="fake-pool"} 5.0
                db_pool_waiting_threads{mp_scope="application",pool="fake-pool"} 1.0
                db_pool_wait_timeouts_total{mp_scope="application",pool="fake-pool"} %d.0
                db_pool_connections_max{mp_scope="application",pool="fake-pool"} 8.0
                db_pool_max_wait_milliseconds{mp_scope="application",pool="fake-pool"} 2000.0
                """.formatted(failEveryNthOrder == 0 ? 0 : orders.get() / failEveryNthOrder)));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void order(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer token-")) {
            answer(exchange, 401, "{\"error\":\"missing token\",\"status\":401}");
            return;
        }
        if (!body.contains("\"product_id\":\"p") || !body.contains("\"quantity\":")) {
            badOrderBodies.incrementAndGet();
            answer(exchange, 400, "{\"error\":\"bad order\",\"status\":400}");
            return;
        }
        int n = orders.incrementAndGet();
        if (failEveryNthOrder > 0 && n % failEveryNthOrder == 0) {
            answer(exchange, 503, "{\"error\":\"service overloaded, retry later\",\"status\":503}");
            return;
        }
        answer(exchange, 201, "{\"order_id\":\"o" + n + "\",\"total\":19.98,\"status\":\"CREATED\"}");
    }

    private static String products() {
        StringBuilder json = new StringBuilder("{\"products\":[");
        for (int i = 1; i <= 20; i++) {
            json.append(i > 1 ? "," : "").append("{\"_id\":\"p").append(i).append("\",\"name\":\"Toy \\\"").append(i)
                    .append("\\\"\",\"price\":").append(i).append(".99,\"quantity\":100}");
        }
        return json.append("],\"totalCount\":20,\"page\":1,\"pageSize\":20,\"totalPages\":1}").toString();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
