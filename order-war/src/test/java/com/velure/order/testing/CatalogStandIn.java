package com.velure.order.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server in the test JVM that implements catalog-war's internal API exactly as the
 * contract between the two services says (service token, lookup, all-or-none reservations that
 * are idempotent per order id, exactly-once release), with switches a real catalog lacks: it can
 * be down (nothing listens), hold reservations until the test lets them through, and report what
 * it was asked.
 */
public final class CatalogStandIn implements AutoCloseable {

    /** How long a held reservation waits at most, so a forgotten hold cannot hang a build. */
    private static final long MAX_HOLD_SECONDS = 120;

    private final int port;
    private final String serviceToken;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "catalog-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private volatile HttpServer server;

    private final Map<String, Product> products = new HashMap<>();
    private final Map<String, Reservation> reservations = new HashMap<>();
    private final Map<String, Integer> reservationCalls = new ConcurrentHashMap<>();
    private final Map<String, Integer> releaseCalls = new ConcurrentHashMap<>();

    private volatile boolean holding;
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    /** Held order id → the Host header its caller used: replicas configured with different hosts tell apart. */
    private final Map<String, String> held = new ConcurrentHashMap<>();

    private record Product(String id, String name, BigDecimal price, int quantity) {
    }

    private record Reservation(boolean reserved, String reason, Map<String, Integer> lines, boolean released) {
    }

    public CatalogStandIn(int port, String serviceToken) {
        this.port = port;
        this.serviceToken = serviceToken;
    }

    /** Starts listening (again). */
    public synchronized CatalogStandIn up() {
        if (server != null) {
            return this;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                HttpServer started = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
                started.setExecutor(threads);
                started.createContext("/internal/", this::handle);
                started.start();
                server = started;
                return this;
            } catch (BindException stillClosing) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("port " + port + " stays busy", stillClosing);
                }
                Thread.onSpinWait();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops listening: callers get "connection refused", as from a catalog that is down. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void close() {
        releaseAll();
        down();
        threads.shutdownNow();
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** Adds or replaces a product with this stock. */
    public synchronized void put(String id, String name, String price, int quantity) {
        products.put(id, new Product(id, name, new BigDecimal(price), quantity));
    }

    /** The product's stock on hand now. */
    public synchronized int stock(String id) {
        return products.get(id).quantity();
    }

    /** From now on every reservation waits until {@link #let(String)} or {@link #releaseAll()}. */
    public void holdReservations() {
        holding = true;
    }

    /** The order ids whose reservation request is waiting right now. */
    public Set<String> heldOrders() {
        return Set.copyOf(held.keySet());
    }

    /** The held orders whose caller reached this server as {@code host} (e.g. "127.0.0.1" rather than "localhost"). */
    public Set<String> heldOrdersCalledVia(String host) {
        Set<String> ids = new HashSet<>();
        held.forEach((id, hostHeader) -> {
            if (hostHeader.startsWith(host + ":")) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Lets the order's held reservation (now or later) through. */
    public void let(String orderId) {
        gates.computeIfAbsent(orderId, id -> new CountDownLatch(1)).countDown();
    }

    /** Stops holding and lets every waiting reservation through. */
    public void releaseAll() {
        holding = false;
        gates.values().forEach(CountDownLatch::countDown);
        gates.clear();
    }

    /** How many reservation requests arrived for the order (retries included). */
    public int reservationCalls(String orderId) {
        return reservationCalls.getOrDefault(orderId, 0);
    }

    /** How many release requests arrived for the order. */
    public int releaseCalls(String orderId) {
        return releaseCalls.getOrDefault(orderId, 0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = exchange.getRequestHeaders().getFirst("X-Service-Token");
            if (token == null) {
                reply(exchange, 401, error(401, "missing service token"));
                return;
            }
            if (!token.equals(serviceToken)) {
                reply(exchange, 403, error(403, "wrong service token"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && path.equals("/internal/products/lookup")) {
                reply(exchange, 200, lookup(read(exchange.getRequestBody())));
            } else if (path.startsWith("/internal/stock/reservations/") && method.equals("PUT")) {
                String orderId = path.substring("/internal/stock/reservations/".length());
                JsonObject body = read(exchange.getRequestBody());
                reservationCalls.merge(orderId, 1, Integer::sum);
                awaitGate(orderId, exchange.getRequestHeaders().getFirst("Host"));
                JsonObject outcome = reserve(orderId, body);
                reply(exchange, outcome.getString("status").equals("RESERVED") ? 200 : 409, outcome);
            } else if (path.startsWith("/internal/stock/reservations/") && method.equals("DELETE")) {
                String orderId = path.substring("/internal/stock/reservations/".length());
                releaseCalls.merge(orderId, 1, Integer::sum);
                reply(exchange, 200, release(orderId));
            } else {
                reply(exchange, 404, error(404, "not found"));
            }
        } catch (IOException clientGone) {
            // e.g. the calling order instance was killed while its reservation was held
        }
    }

    private void awaitGate(String orderId, String host) {
        if (!holding) {
            return;
        }
        held.put(orderId, String.valueOf(host));
        try {
            CountDownLatch gate = gates.computeIfAbsent(orderId, id -> new CountDownLatch(1));
            if (holding) {
                gate.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            held.remove(orderId);
        }
    }

    private synchronized JsonObject lookup(JsonObject body) {
        JsonArrayBuilder found = Json.createArrayBuilder();
        for (JsonValue id : body.getJsonArray("ids")) {
            Product product = products.get(((jakarta.json.JsonString) id).getString());
            if (product != null) {
                found.add(Json.createObjectBuilder().add("_id", product.id()).add("name", product.name())
                        .add("price", product.price()).add("quantity", product.quantity()));
            }
        }
        return Json.createObjectBuilder().add("products", found).build();
    }

    /** All lines or none, recorded per order: a repeat answers the first outcome and changes nothing. */
    private synchronized JsonObject reserve(String orderId, JsonObject body) {
        Reservation earlier = reservations.get(orderId);
        if (earlier == null) {
            Map<String, Integer> lines = new LinkedHashMap<>();
            body.getJsonArray("items").forEach(item -> lines.merge(item.asJsonObject().getString("product_id"),
                    item.asJsonObject().getInt("quantity"), Integer::sum));
            String shortage = null;
            for (Map.Entry<String, Integer> line : lines.entrySet()) {
                Product product = products.get(line.getKey());
                if (product == null || product.quantity() < line.getValue()) {
                    shortage = "out of stock: " + (product == null ? "unknown product " + line.getKey() : product.name());
                    break;
                }
            }
            if (shortage == null) {
                lines.forEach((id, quantity) -> adjust(id, -quantity));
            }
            earlier = new Reservation(shortage == null, shortage, lines, false);
            reservations.put(orderId, earlier);
        }
        var outcome = Json.createObjectBuilder().add("order_id", orderId).add("status", earlier.reserved() ? "RESERVED" : "REJECTED");
        if (!earlier.reserved()) {
            outcome.add("reason", earlier.reason());
        }
        return outcome.build();
    }

    /** Gives a reservation back exactly once; NONE for an order that holds nothing. */
    private synchronized JsonObject release(String orderId) {
        Reservation reservation = reservations.get(orderId);
        String status = "NONE";
        if (reservation != null && reservation.reserved()) {
            if (!reservation.released()) {
                reservation.lines().forEach(this::adjust);
                reservations.put(orderId, new Reservation(true, null, reservation.lines(), true));
            }
            status = "RELEASED";
        }
        return Json.createObjectBuilder().add("order_id", orderId).add("status", status).build();
    }

    private void adjust(String productId, int delta) {
        Product product = products.get(productId);
        products.put(productId, new Product(product.id(), product.name(), product.price(), product.quantity() + delta));
    }

    private static JsonObject error(int status, String message) {
        return Json.createObjectBuilder().add("error", message).add("status", status).build();
    }

    private static JsonObject read(InputStream body) throws IOException {
        try (var reader = Json.createReader(new StringReader(new String(body.readAllBytes(), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    private static void reply(HttpExchange exchange, int status, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
