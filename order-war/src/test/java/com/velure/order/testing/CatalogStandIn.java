package com.velure.order.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.velure.catalog.api.InternalCatalogApi;
import com.velure.catalog.api.ReservationOutcome.Status;
import com.velure.catalog.api.StockRequest;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server in the test JVM that implements catalog-war's internal API
 * ({@link InternalCatalogApi}) as the shared contract cases say ({@code InternalCatalogContract},
 * run against it by {@code CatalogStandInHonoursContractTest}): service token, lookup, all-or-none
 * reservations that are idempotent per order id, exactly-once release. It has switches a real
 * catalog lacks: it can be down (nothing listens), hold reservations until the test lets them
 * through, and report what it was asked.
 */
public final class CatalogStandIn implements AutoCloseable {

    private static final String RESERVATIONS = "/internal/stock/reservations/";
    private static final String PRODUCT_ID = "[1-9][0-9]{0,17}";
    private static final int MAX_LINES = 50;
    private static final int MAX_QUANTITY = 100_000;
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
    private final Map<String, Entry> orders = new HashMap<>();
    private final Map<String, Integer> reservationCalls = new ConcurrentHashMap<>();
    private final Map<String, Integer> releaseCalls = new ConcurrentHashMap<>();

    private volatile boolean holding;
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    /** Held order id → the Host header its caller used: replicas configured with different hosts tell apart. */
    private final Map<String, String> held = new ConcurrentHashMap<>();

    private record Product(String id, String name, BigDecimal price, int quantity) {
    }

    private enum State { RESERVED, REJECTED, RELEASED, RELEASED_UNRESERVED }

    /** Where an order's reservation stands; {@code lines} is what it holds while RESERVED. */
    private record Entry(State state, String reason, Map<String, Integer> lines) {
    }

    private record Answer(int status, JsonObject body) {
    }

    /** A request the contract refuses, answered with a JSON error. */
    private static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
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
            try {
                reply(exchange, serve(exchange));
            } catch (Refused refused) {
                reply(exchange, new Answer(refused.status, Json.createObjectBuilder()
                        .add("error", refused.getMessage()).add("status", refused.status).build()));
            }
        } catch (IOException clientGone) {
            // e.g. the calling order instance was killed while its reservation was held
        }
    }

    private Answer serve(HttpExchange exchange) throws IOException {
        String token = exchange.getRequestHeaders().getFirst(InternalCatalogApi.SERVICE_TOKEN_HEADER);
        if (token == null || token.isEmpty()) {
            throw new Refused(401, "missing service token");
        }
        if (!token.equals(serviceToken)) {
            throw new Refused(403, "wrong service token");
        }
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (method.equals("POST") && path.equals("/internal/products/lookup")) {
            return new Answer(200, lookup(ids(read(exchange.getRequestBody()))));
        }
        if (!path.startsWith(RESERVATIONS) || !(method.equals("PUT") || method.equals("DELETE"))) {
            throw new Refused(404, "not found");
        }
        String orderId = path.substring(RESERVATIONS.length());
        if (!orderId.matches(InternalCatalogApi.ORDER_ID)) {
            throw new Refused(400, "orderId " + InternalCatalogApi.ORDER_ID_MESSAGE);
        }
        if (method.equals("DELETE")) {
            releaseCalls.merge(orderId, 1, Integer::sum);
            return new Answer(200, outcome(orderId, release(orderId), null));
        }
        Map<String, Integer> lines = lines(read(exchange.getRequestBody()));
        reservationCalls.merge(orderId, 1, Integer::sum);
        awaitGate(orderId, exchange.getRequestHeaders().getFirst("Host"));
        Entry entry = reserve(orderId, lines);
        return new Answer(entry.state() == State.RESERVED ? 200 : 409, outcome(orderId,
                entry.state() == State.RESERVED ? Status.RESERVED : entry.state() == State.REJECTED ? Status.REJECTED : Status.RELEASED,
                entry.reason()));
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

    private synchronized JsonObject lookup(List<String> ids) {
        JsonArrayBuilder found = Json.createArrayBuilder();
        for (String id : ids) {
            Product product = products.get(id);
            if (product != null) {
                found.add(Json.createObjectBuilder().add("_id", product.id()).add("name", product.name())
                        .add("price", product.price()).add("quantity", product.quantity()));
            }
        }
        return Json.createObjectBuilder().add("products", found).build();
    }

    /**
     * All lines or none, recorded per order: a repeat answers the first outcome and changes
     * nothing, and an order released before (or after) it reserved can never reserve.
     */
    private synchronized Entry reserve(String orderId, Map<String, Integer> lines) {
        Entry earlier = orders.get(orderId);
        if (earlier != null) {
            return earlier;
        }
        String refusal = lines.keySet().stream().filter(id -> !products.containsKey(id)).findFirst()
                .map(id -> "unknown product: " + id).orElse(null);
        for (Map.Entry<String, Integer> line : lines.entrySet()) {
            if (refusal == null && products.get(line.getKey()).quantity() < line.getValue()) {
                refusal = "out of stock: " + products.get(line.getKey()).name();
            }
        }
        if (refusal == null) {
            lines.forEach((id, quantity) -> adjust(id, -quantity));
        }
        Entry entry = refusal == null ? new Entry(State.RESERVED, null, lines) : new Entry(State.REJECTED, refusal, Map.of());
        orders.put(orderId, entry);
        return entry;
    }

    /** Gives a reservation back exactly once: RELEASED now or before, NONE when nothing was reserved. */
    private synchronized Status release(String orderId) {
        Entry entry = orders.get(orderId);
        if (entry == null) {
            orders.put(orderId, new Entry(State.RELEASED_UNRESERVED, null, Map.of()));
            return Status.NONE;
        }
        return switch (entry.state()) {
            case RESERVED -> {
                entry.lines().forEach(this::adjust);
                orders.put(orderId, new Entry(State.RELEASED, null, Map.of()));
                yield Status.RELEASED;
            }
            case RELEASED -> Status.RELEASED;
            case REJECTED, RELEASED_UNRESERVED -> Status.NONE;
        };
    }

    private void adjust(String productId, int delta) {
        Product product = products.get(productId);
        products.put(productId, new Product(product.id(), product.name(), product.price(), product.quantity() + delta));
    }

    private static JsonObject outcome(String orderId, Status status, String reason) {
        JsonObjectBuilder outcome = Json.createObjectBuilder().add("order_id", orderId).add("status", status.name());
        return (reason == null ? outcome : outcome.add("reason", reason)).build();
    }

    /** {@code {"ids": [1 to 50 strings]}}, as {@link com.velure.catalog.api.ProductLookup} constrains it. */
    private static List<String> ids(JsonObject body) {
        if (!(body.get("ids") instanceof JsonArray ids) || ids.isEmpty() || ids.size() > MAX_LINES
                || !ids.stream().allMatch(id -> id instanceof JsonString text && text.getString().length() <= 40)) {
            throw new Refused(400, "ids: 1 to 50 product ids");
        }
        return ids.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    /** {@code {"items": [1 to 50 {product_id, quantity}]}} as {@link StockRequest} constrains it, lines of one product added up. */
    private static Map<String, Integer> lines(JsonObject body) {
        if (!(body.get("items") instanceof JsonArray items) || items.isEmpty() || items.size() > MAX_LINES) {
            throw new Refused(400, "items: 1 to 50 lines");
        }
        Map<String, Integer> lines = new TreeMap<>();
        for (JsonValue item : items) {
            if (!(item instanceof JsonObject line && line.get("product_id") instanceof JsonString id && id.getString().matches(PRODUCT_ID)
                    && line.get("quantity") instanceof JsonNumber quantity && quantity.isIntegral()
                    && quantity.longValue() >= 1 && quantity.longValue() <= MAX_QUANTITY)) {
                throw new Refused(400, "items: each {product_id, quantity 1 to " + MAX_QUANTITY + "}");
            }
            lines.merge(id.getString(), quantity.intValue(), Integer::sum);
        }
        return lines;
    }

    private static JsonObject read(InputStream body) throws IOException {
        try (var reader = Json.createReader(new StringReader(new String(body.readAllBytes(), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException malformed) {
            throw new Refused(400, "malformed JSON body");
        }
    }

    private static void reply(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
