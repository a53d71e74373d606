package com.velure.order;

import com.velure.order.testing.CatalogStandIn;
import com.velure.order.testing.CatalogStandInExtension;
import com.velure.order.testing.EventStream;
import com.velure.order.testing.SecondInstance;
import com.velure.platform.testing.Http;
import com.velure.platform.testing.OpenApiDocument;
import com.velure.platform.testing.PostgresExtension;
import com.velure.platform.testing.ServiceContract;
import com.velure.platform.testing.TestTokens;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged order WAR in Payara Micro with the pool from server-config/orders.asadmin, against
 * a real PostgreSQL and a real HTTP catalog: {@link CatalogStandIn}, which implements the internal
 * catalog API contract in this JVM on the port of {@code VELURE_CATALOG_URL}. The build runs the
 * server with a small worker (VELURE_ORDER_WORKER_CONCURRENCY), a short lease, and a payment
 * gateway that declines amounts above VELURE_PAYMENT_DECLINE_ABOVE (see order-war/pom.xml).
 */
class OrderServiceIT extends ServiceContract {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int WORKER_CONCURRENCY = Integer.parseInt(env("VELURE_ORDER_WORKER_CONCURRENCY"));
    private static final BigDecimal DECLINE_ABOVE = new BigDecimal(env("VELURE_PAYMENT_DECLINE_ABOVE"));
    private static final AtomicLong PRODUCT_IDS = new AtomicLong(1000);

    OrderServiceIT() {
        super("orders", "order");
    }

    /** For {@link com.velure.platform.testing.SecurityContract}. */
    @Override
    public String[] adminOnlyCall() {
        return new String[]{"GET", "/api/order/orders"};
    }

    // ---------------------------------------------------------------- creating orders

    @Test
    void createsOrdersFromAnItemsObjectAndFromABareArrayWithCatalogPricesAndAnExactTotal() throws Exception {
        String treats = product("Salmon treats", "0.10", 100);
        String rope = product("Rope toy", "0.20", 100);
        String token = customer();

        // 3 × 0.10 + 1 × 0.20 is 0.5000000000000001 in floating point; the client's price is a lie
        Http.Reply created = create(token, "{\"items\":[{\"product_id\":\"" + treats + "\",\"quantity\":3,\"price\":0.01,"
                + "\"name\":\"free stuff\"},{\"product_id\":" + rope + ",\"quantity\":1}]}");
        assertEquals(201, created.status(), created::toString);
        assertEquals("CREATED", created.json().getString("status"));
        assertEquals(new BigDecimal("0.50"), created.json().getJsonNumber("total").bigDecimalValue());
        assertTrue(created.body().contains("\"total\":0.50"), "money has two decimals: " + created.body());
        String orderId = created.json().getString("order_id");
        assertTrue(created.header("Location").endsWith("/api/order/user/order?id=" + orderId), created.headers()::toString);

        JsonObject order = http().get("/api/order/user/order?id=" + orderId, auth(token)).json();
        JsonArray items = order.getJsonArray("items");
        assertEquals("Salmon treats", items.getJsonObject(0).getString("name"));
        assertEquals(new BigDecimal("0.10"), items.getJsonObject(0).getJsonNumber("price").bigDecimalValue());
        assertEquals(rope, items.getJsonObject(1).getString("product_id"));
        assertEquals(new BigDecimal("0.50"), queryDecimal("SELECT total FROM orders.customer_order WHERE id = ?::uuid", orderId));

        Http.Reply bare = http().post("/api/orders", "[{\"product_id\":\"" + rope + "\",\"quantity\":7}]", auth(token));
        assertEquals(201, bare.status(), bare::toString);
        assertEquals(new BigDecimal("1.40"), bare.json().getJsonNumber("total").bigDecimalValue());
        assertEquals(2, count("SELECT count(*) FROM orders.customer_order WHERE user_id = ?", subject(token)));
    }

    @Test
    void refusesInvalidOrdersWithA400NamingTheProblemAndCreatesNothing() throws Exception {
        String known = product("Catnip", "2.50", 100);
        String token = customer();
        String line = "{\"product_id\":\"" + known + "\",\"quantity\":1}";
        String fiftyOneLines = IntStream.range(0, 51).mapToObj(i -> "{\"product_id\":\"" + (900000 + i) + "\",\"quantity\":1}")
                .collect(Collectors.joining(",", "[", "]"));

        Map<String, String> invalid = Map.ofEntries(
                Map.entry("{}", "items"),
                Map.entry("{\"items\":[]}", "items"),
                Map.entry("[]", "items"),
                Map.entry("\"hello\"", "items"),
                Map.entry(fiftyOneLines, "items"),
                Map.entry("[{\"product_id\":\"" + known + "\",\"quantity\":0}]", "items[0].quantity"),
                Map.entry("[{\"product_id\":\"" + known + "\",\"quantity\":101}]", "items[0].quantity"),
                Map.entry("[{\"product_id\":\"" + known + "\",\"quantity\":2.5}]", "items[0].quantity"),
                Map.entry("[{\"product_id\":\"" + known + "\",\"quantity\":\"3\"}]", "items[0].quantity"),
                Map.entry("[{\"quantity\":1}]", "items[0].product_id"),
                Map.entry("[" + line + "," + line + "]", "items[1].product_id"),
                Map.entry("[" + line + ",{\"product_id\":\"999999999\",\"quantity\":1}]", "items[1].product_id"));
        for (Map.Entry<String, String> body : invalid.entrySet()) {
            Http.Reply reply = create(token, body.getKey());
            assertEquals(400, reply.status(), () -> body.getKey() + " -> " + reply);
            assertEquals(400, reply.json().getInt("status"), reply::toString);
            assertTrue(reply.json().getJsonObject("fields").containsKey(body.getValue()), () -> body.getKey() + " -> " + reply);
        }
        Http.Reply unknown = create(token, "[" + line + ",{\"product_id\":\"999999999\",\"quantity\":1}]");
        assertEquals("unknown product: 999999999", unknown.json().getString("error"));

        Http.Reply malformed = create(token, "{\"items\": [");
        assertEquals(400, malformed.status(), malformed::toString);
        assertEquals("malformed JSON body", malformed.json().getString("error"));
        Http.Reply deep = create(token, "{\"items\":" + "[".repeat(1500) + "]".repeat(1500) + "}"); // past the parser's depth limit
        assertEquals(400, deep.status(), deep::toString);
        assertEquals("malformed JSON body", deep.json().getString("error"));

        // over HTTP/1.1 on its own connection: the body is refused by its Content-Length, unread, and
        // over HTTP/2 the JDK client would wait for flow-control credit that an unread body never gets
        Http.Reply huge = overHttp11(http().request("/api/order/create-order", auth(token)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + line + "]" + " ".repeat(70_000))));
        assertEquals(413, huge.status(), huge::toString);
        assertEquals(413, huge.json().getInt("status"));

        Http.Reply notJson = http().send(http().request("/api/order/create-order", auth(token))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("[" + line + "]")));
        assertEquals(415, notJson.status(), notJson::toString);
        assertEquals(415, notJson.json().getInt("status"));

        assertEquals(0, count("SELECT count(*) FROM orders.customer_order WHERE user_id = ?", subject(token)));
    }

    @Test
    void everyOrderEndpointRequiresAValidTokenAndAdminEndpointsTheAdminRole() {
        String forged = TestTokens.sign("u", "u@example.com", List.of("customer"), Duration.ofMinutes(-5));
        String[][] calls = {{"POST", "/api/order/create-order"}, {"POST", "/api/orders"}, {"GET", "/api/order/user/orders"},
            {"GET", "/api/order/user/order?id=" + UUID.randomUUID()}, {"GET", "/api/order/orders"},
            {"POST", "/api/order/update-order-status"}, {"GET", "/api/order/user/order/status?id=" + UUID.randomUUID()}};
        for (String[] call : calls) {
            for (String[] headers : new String[][]{{}, auth(forged), auth("not-a-jwt")}) {
                Http.Reply reply = call[0].equals("GET") ? http().get(call[1], headers) : http().post(call[1], "{}", headers);
                assertEquals(401, reply.status(), () -> String.join(" ", call) + " " + List.of(headers) + " -> " + reply);
                assertEquals(401, reply.json().getInt("status"), reply::toString);
            }
        }
        String customer = customer();
        assertEquals(403, http().get("/api/order/orders", auth(customer)).status());
        Http.Reply forbidden = http().post("/api/order/update-order-status",
                "{\"order_id\":\"" + UUID.randomUUID() + "\",\"status\":\"FAILED\"}", auth(customer));
        assertEquals(403, forbidden.status(), forbidden::toString);
        assertEquals(403, forbidden.json().getInt("status"), forbidden::toString);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheFirstResponseAndAnotherBodyUnderItIs409() throws Exception {
        String kibble = product("Kibble 2 kg", "12.99", 100);
        String token = customer();
        String key = "checkout-" + UUID.randomUUID();

        Http.Reply first = create(token, "{\"items\":[{\"product_id\":\"" + kibble + "\",\"quantity\":2}]}", "Idempotency-Key", key);
        assertEquals(201, first.status(), first::toString);
        // the same order sent again, even in the other shape and with the ignored fields
        Http.Reply retry = create(token, "[{\"product_id\":\"" + kibble + "\",\"quantity\":2,\"price\":1}]", "Idempotency-Key", key);
        assertEquals(201, retry.status(), retry::toString);
        assertEquals(first.json(), retry.json());
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(1, count("SELECT count(*) FROM orders.customer_order WHERE user_id = ?", subject(token)));

        Http.Reply conflict = create(token, "[{\"product_id\":\"" + kibble + "\",\"quantity\":3}]", "Idempotency-Key", key);
        assertEquals(409, conflict.status(), conflict::toString);
        assertEquals(409, conflict.json().getInt("status"));
        assertEquals(1, count("SELECT count(*) FROM orders.customer_order WHERE user_id = ?", subject(token)));

        // keys belong to a user: someone else's identical request is their own order
        Http.Reply otherUser = create(customer(), "[{\"product_id\":\"" + kibble + "\",\"quantity\":2}]", "Idempotency-Key", key);
        assertEquals(201, otherUser.status(), otherUser::toString);
        assertFalse(otherUser.json().getString("order_id").equals(first.json().getString("order_id")));

        Http.Reply badKey = create(token, "[{\"product_id\":\"" + kibble + "\",\"quantity\":2}]", "Idempotency-Key", "x".repeat(256));
        assertEquals(400, badKey.status(), badKey::toString);
    }

    @Test
    void whenTheCatalogIsDownCreateAnswers503WithRetryAfterAndStoresNothing() throws Exception {
        String bowl = product("Steel bowl", "8.00", 100);
        String token = customer();
        awaitOutboxEmpty(); // nothing else should be talking to the catalog meanwhile
        catalog().down();
        try {
            Http.Reply reply = create(token, "[{\"product_id\":\"" + bowl + "\",\"quantity\":1}]");
            assertEquals(503, reply.status(), reply::toString);
            assertNotNull(reply.header("Retry-After"), reply.headers()::toString);
            assertEquals("catalog unavailable, retry later", reply.json().getString("error"));
            assertEquals(0, count("SELECT count(*) FROM orders.customer_order WHERE user_id = ?", subject(token)));
        } finally {
            catalog().up();
        }
        await("create works again once the catalog is back",
                () -> create(token, "[{\"product_id\":\"" + bowl + "\",\"quantity\":1}]").status() == 201);
    }

    // ---------------------------------------------------------------- processing

    @Test
    void anOrderIsProcessedToCompletedAndTakesItsStockOnce() throws Exception {
        String harness = product("Harness M", "24.50", 10);
        String token = customer();
        String orderId = create(token, "[{\"product_id\":\"" + harness + "\",\"quantity\":3}]").json().getString("order_id");

        JsonObject order = awaitFinal(token, orderId);
        assertEquals("COMPLETED", order.getString("status"), order::toString);
        assertFalse(order.containsKey("reason"));
        awaitSettled(orderId);
        assertEquals(7, catalog().stock(harness));
        assertEquals(List.of("CREATED", "PROCESSING", "COMPLETED"), history(orderId));

        String metrics = http().get("/metrics").body();
        assertTrue(metrics.matches("(?s).*\\norders_finished_total\\{[^}]*status=\"COMPLETED\"[^}]*} [1-9].*"), "finished orders are counted");
        for (String gauge : new String[]{"order_worker_in_flight", "order_outbox_backlog", "order_status_streams_open"}) {
            assertTrue(metrics.contains("\n" + gauge + "{"), gauge + " on /metrics");
        }
    }

    @Test
    void anOrderThatCannotGetItsStockFailsWithTheReasonAndHoldsNoStock() throws Exception {
        String plenty = product("Tennis balls", "3.00", 50);
        String scarce = product("Heated bed", "59.00", 1);
        String token = customer();
        String orderId = create(token, "[{\"product_id\":\"" + plenty + "\",\"quantity\":2},{\"product_id\":\""
                + scarce + "\",\"quantity\":3}]").json().getString("order_id");

        JsonObject order = awaitFinal(token, orderId);
        assertEquals("FAILED", order.getString("status"), order::toString);
        assertEquals("out of stock: Heated bed", order.getString("reason"));
        awaitSettled(orderId);
        assertEquals(50, catalog().stock(plenty), "all lines or none");
        assertEquals(1, catalog().stock(scarce));
        assertEquals(1, catalog().releaseCalls(orderId), "a failed order is always released, once");
        assertEquals(List.of("CREATED", "PROCESSING", "FAILED"), history(orderId));
    }

    @Test
    void aDeclinedPaymentFailsTheOrderAndGivesItsStockBack() throws Exception {
        BigDecimal price = DECLINE_ABOVE.divide(BigDecimal.valueOf(2)).add(new BigDecimal("1.00"));
        String collar = product("Diamond collar", price.toPlainString(), 5);
        String token = customer();
        String orderId = create(token, "[{\"product_id\":\"" + collar + "\",\"quantity\":2}]").json().getString("order_id");

        JsonObject order = awaitFinal(token, orderId);
        assertEquals("FAILED", order.getString("status"), order::toString);
        assertTrue(order.getString("reason").startsWith("payment declined"), order::toString);
        awaitSettled(orderId);
        assertEquals(1, catalog().reservationCalls(orderId));
        assertEquals(5, catalog().stock(collar), "the reserved stock came back");
        assertEquals(List.of("CREATED", "PROCESSING", "FAILED"), history(orderId));
    }

    /**
     * Two replicas process the same outbox; one is SIGKILLed while it holds orders in the middle
     * of processing (their stock reservations in flight). The survivor takes them over once their
     * leases run out, exactly as a restarted instance would: every order ends COMPLETED, each
     * status is entered exactly once, and the stock is taken exactly once per order. On the way,
     * a status stream on the second replica follows an order the first one completes.
     */
    @Test
    void killingAReplicaInTheMiddleOfProcessingLosesNothingAndFinishesEachOrderExactlyOnce() throws Exception {
        String food = product("Wet food 12-pack", "17.25", 1000);
        String token = customer();
        awaitOutboxEmpty();
        // the replica reaches the catalog as 127.0.0.1, so the catalog can tell whose reservation it holds
        String replicaHost = "127.0.0.1";
        try (SecondInstance replica = SecondInstance.start(Map.of("VELURE_CATALOG_URL",
                catalog().url().replace("localhost", replicaHost)))) {
            replica.awaitReady(Duration.ofMinutes(4));
            catalog().holdReservations();
            List<String> orders = new ArrayList<>();
            for (int i = 1; i <= 3 * WORKER_CONCURRENCY; i++) {
                Http.Reply created = create(token, "[{\"product_id\":\"" + food + "\",\"quantity\":" + i + "}]");
                assertEquals(201, created.status(), created::toString);
                orders.add(created.json().getString("order_id"));
            }
            await("both replicas hold orders at the catalog", () -> catalog().heldOrders().size() == 2 * WORKER_CONCURRENCY
                    && catalog().heldOrdersCalledVia(replicaHost).size() == WORKER_CONCURRENCY);

            // a client of the replica sees what the other instance does to the order
            String byFirst = catalog().heldOrders().stream()
                    .filter(id -> !catalog().heldOrdersCalledVia(replicaHost).contains(id)).findFirst().orElseThrow();
            try (EventStream stream = EventStream.open(statusUri(replica.base(), byFirst, ""), auth(token))) {
                assertEquals("PROCESSING", stream.nextData(DEADLINE).getString("status"));
                catalog().let(byFirst);
                assertEquals("COMPLETED", stream.nextData(DEADLINE).getString("status"));
                assertEndsWithoutMoreData(stream);
            }
            await("the first instance took the next order", () -> catalog().heldOrders().size() == 2 * WORKER_CONCURRENCY);

            Set<String> inFlightOnReplica = catalog().heldOrdersCalledVia(replicaHost);
            replica.kill();
            catalog().releaseAll(); // the dead replica's reservations still go through at the catalog

            for (String orderId : orders) {
                assertEquals("COMPLETED", awaitFinal(token, orderId).getString("status"), orderId);
            }
            awaitOutboxEmpty();
            int units = orders.size() * (orders.size() + 1) / 2;
            assertEquals(1000 - units, catalog().stock(food), "stock taken exactly once per order");
            Set<String> resumed = orders.stream().filter(id -> catalog().reservationCalls(id) == 2).collect(Collectors.toSet());
            assertEquals(inFlightOnReplica, resumed, "exactly the killed replica's orders were resumed by the survivor");
            for (String orderId : orders) {
                assertEquals(List.of("CREATED", "PROCESSING", "COMPLETED"), history(orderId), orderId);
            }
        } finally {
            catalog().releaseAll();
        }
    }

    // ---------------------------------------------------------------- reading

    @Test
    void customersSeeTheirOwnOrdersNewestFirstAndAnotherUsersOrderIsNotFound() throws Exception {
        String leash = product("Leash", "9.90", 100);
        String token = customer();
        List<String> ids = new ArrayList<>();
        for (int quantity = 1; quantity <= 3; quantity++) {
            ids.add(create(token, "[{\"product_id\":\"" + leash + "\",\"quantity\":" + quantity + "}]").json().getString("order_id"));
        }
        JsonObject first = http().get("/api/order/user/orders?page=1&pageSize=2", auth(token)).json();
        assertEquals(3, first.getInt("totalCount"));
        assertEquals(2, first.getInt("totalPages"));
        assertEquals(1, first.getInt("page"));
        assertEquals(2, first.getInt("pageSize"));
        assertEquals(List.of(ids.get(2), ids.get(1)), orderIds(first));
        assertEquals(List.of(ids.get(0)), orderIds(http().get("/api/order/user/orders?page=2&pageSize=2", auth(token)).json()));
        JsonObject order = first.getJsonArray("orders").getJsonObject(0);
        assertEquals(subject(token), order.getString("user_id"));
        assertEquals(Set.of("id", "user_id", "items", "total", "status", "created_at", "updated_at"),
                order.keySet().stream().filter(key -> !key.equals("reason")).collect(Collectors.toSet()));

        String stranger = customer();
        Http.Reply notTheirs = http().get("/api/order/user/order?id=" + ids.get(0), auth(stranger));
        assertEquals(404, notTheirs.status(), notTheirs::toString);
        assertEquals(404, notTheirs.json().getInt("status"));
        JsonObject empty = http().get("/api/order/user/orders", auth(stranger)).json();
        assertEquals(0, empty.getJsonArray("orders").size());
        assertEquals(0, empty.getInt("totalCount"));

        for (String query : new String[]{"page=0", "page=abc", "pageSize=101", "pageSize=0"}) {
            Http.Reply bad = http().get("/api/order/user/orders?" + query, auth(token));
            assertEquals(400, bad.status(), () -> query + " -> " + bad);
        }
        assertEquals(400, http().get("/api/order/user/order?id=42", auth(token)).status());
        assertEquals(400, http().get("/api/order/user/order", auth(token)).status());
        assertEquals(404, http().get("/api/order/user/order?id=" + UUID.randomUUID(), auth(token)).status());
    }

    /**
     * The worker is made to hold the order at each stage in turn (its workers busy with other
     * orders held at the catalog, then its own reservation held), so the stream provably sees
     * CREATED, PROCESSING and COMPLETED, with keep-alive comments while nothing changes.
     */
    @Test
    void theStatusStreamDeliversCreatedProcessingCompletedInOrderAndThenEnds() throws Exception {
        String brush = product("Grooming brush", "6.75", 100);
        String token = customer();
        awaitOutboxEmpty();
        catalog().holdReservations();
        try {
            List<String> blockers = new ArrayList<>();
            for (int i = 0; i < WORKER_CONCURRENCY; i++) {
                blockers.add(create(token, "[{\"product_id\":\"" + brush + "\",\"quantity\":1}]").json().getString("order_id"));
            }
            await("every worker thread is busy", () -> catalog().heldOrders().containsAll(blockers));
            String orderId = create(token, "[{\"product_id\":\"" + brush + "\",\"quantity\":2}]").json().getString("order_id");

            try (EventStream stream = EventStream.open(statusUri(base(), orderId, "?token=" + token))) {
                assertEquals(200, stream.status());
                assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
                JsonObject created = stream.nextData(DEADLINE);
                assertNotNull(created, "the order at once");
                assertEquals("CREATED", created.getString("status"));
                assertEquals(orderId, created.getString("id"));
                assertEquals(2, created.getJsonArray("items").getJsonObject(0).getInt("quantity"));
                assertEquals(EventStream.Kind.COMMENT, stream.next(DEADLINE).kind(), "keep-alive while nothing changes");

                blockers.forEach(catalog()::let);
                JsonObject processing = stream.nextData(DEADLINE);
                assertNotNull(processing);
                assertEquals("PROCESSING", processing.getString("status"));
                await("its reservation is held", () -> catalog().heldOrders().contains(orderId));

                catalog().let(orderId);
                JsonObject completed = stream.nextData(DEADLINE);
                assertNotNull(completed);
                assertEquals("COMPLETED", completed.getString("status"));
                assertEquals(completed.getString("updated_at"), order(token, orderId).getString("updated_at"));
                assertEndsWithoutMoreData(stream);
            }
        } finally {
            catalog().releaseAll();
        }
    }

    @Test
    void theStatusStreamTakesTheHeaderTokenEndsAtOnceForAFinishedOrderAndRefusesStrangers() throws Exception {
        String toy = product("Squeaky duck", "1.99", 100);
        String token = customer();
        String orderId = create(token, "[{\"product_id\":\"" + toy + "\",\"quantity\":1}]").json().getString("order_id");
        awaitFinal(token, orderId);

        try (EventStream stream = EventStream.open(statusUri(base(), orderId, ""), auth(token))) {
            assertEquals(200, stream.status());
            assertEquals("COMPLETED", stream.nextData(DEADLINE).getString("status"));
            assertEndsWithoutMoreData(stream);
        }
        Http.Reply stranger = http().get("/api/order/user/order/status?id=" + orderId + "&token=" + customer());
        assertEquals(404, stranger.status(), stranger::toString);
        assertEquals(401, http().get("/api/order/user/order/status?id=" + orderId).status());
        assertEquals(401, http().get("/api/order/user/order/status?id=" + orderId + "&token=garbage").status());
        assertEquals(400, http().get("/api/order/user/order/status?id=nope", auth(token)).status());
    }

    /**
     * A browser's EventSource reconnects whenever a stream ends, sending the last event id it saw.
     * Events carry the status change's sequence number as id; once the client holds the final
     * event, a reconnect gets 204 (which stops EventSource) instead of the finished order forever.
     * A first connection, or one that missed the final event, still gets the order once.
     */
    @Test
    void aReconnectHoldingTheFinalEventGets204WhileAFirstConnectionGetsTheOrderOnce() throws Exception {
        String ball = product("Tennis ball", "2.50", 100);
        String token = customer();
        String orderId = create(token, "[{\"product_id\":\"" + ball + "\",\"quantity\":1}]").json().getString("order_id");
        awaitFinal(token, orderId);

        String finalEvent;
        try (EventStream first = EventStream.open(statusUri(base(), orderId, "?token=" + token))) {
            assertEquals(200, first.status());
            EventStream.Item event = first.nextDataEvent(DEADLINE);
            assertNotNull(event, "the finished order once");
            assertEquals("COMPLETED", event.data().getString("status"));
            assertNotNull(event.id(), "every event has an id");
            finalEvent = event.id();
            assertEndsWithoutMoreData(first);
        }

        String query = "/api/order/user/order/status?id=" + orderId;
        for (String[] headers : new String[][]{{"Last-Event-ID", finalEvent}, {"Last-Event-ID", finalEvent, "Authorization", "Bearer " + token}}) {
            String path = headers.length == 2 ? query + "&token=" + token : query;
            Http.Reply done = http().get(path, headers);
            assertEquals(204, done.status(), () -> "a reconnect after the final event: " + done + " " + done.headers().map());
            assertEquals("", done.body());
        }

        for (String stale : new String[]{"0", "not-an-id", ""}) {
            try (EventStream missed = EventStream.open(statusUri(base(), orderId, "?token=" + token), "Last-Event-ID", stale)) {
                assertEquals(200, missed.status(), "Last-Event-ID " + stale);
                EventStream.Item event = missed.nextDataEvent(DEADLINE);
                assertNotNull(event, "Last-Event-ID " + stale + " missed the final event: the order once");
                assertEquals(finalEvent, event.id());
                assertEndsWithoutMoreData(missed);
            }
        }
        Http.Reply stranger = http().get(query + "&token=" + customer(), "Last-Event-ID", finalEvent);
        assertEquals(404, stranger.status(), "never a 204 that tells a stranger the order exists: " + stranger);
    }

    /**
     * The status stream's {@code ?token=} is checked by platform's verifier like the header's:
     * every forged or stale token, in the query or the header, is a clean
     * JSON 401 for the order's owner, never an event stream.
     */
    @Test
    void theStatusStreamRefusesEveryForgedOrExpiredTokenWithAJson401() throws Exception {
        String bone = product("Chew bone", "3.10", 100);
        String token = customer();
        String orderId = create(token, "[{\"product_id\":\"" + bone + "\",\"quantity\":1}]").json().getString("order_id");
        Map<String, String> forged = new java.util.LinkedHashMap<>(com.velure.platform.testing.SecurityContract.forgedTokens(
                TestTokens.admin(subject(token), "owner@velure.test")));
        forged.put("expired customer token", TestTokens.sign(subject(token), "owner@velure.test", List.of("customer"), Duration.ofMinutes(-1)));
        for (Map.Entry<String, String> bad : forged.entrySet()) {
            for (boolean inHeader : new boolean[]{false, true}) {
                Http.Reply refused = inHeader
                        ? http().get("/api/order/user/order/status?id=" + orderId, "Authorization", "Bearer " + bad.getValue())
                        : http().get("/api/order/user/order/status?id=" + orderId + "&token=" + bad.getValue());
                String where = bad.getKey() + (inHeader ? " in the header" : " as ?token=");
                assertEquals(401, refused.status(), () -> where + ": " + refused);
                assertTrue(refused.header("Content-Type").startsWith("application/json"), () -> where + ": " + refused.headers().map());
                assertEquals(401, refused.json().getInt("status"), () -> where + ": " + refused);
            }
        }
        Http.Reply owner = http().get("/api/order/user/order/status?id=" + orderId, "Authorization", "Bearer " + token);
        assertEquals(200, owner.status(), "the owner's genuine token still works: " + owner);
    }

    // ---------------------------------------------------------------- administration

    @Test
    void adminsSeeAllOrdersAndChangeStatusOnlyAlongTheLifecycle() throws Exception {
        String bed = product("Orthopedic bed", "80.00", 10);
        String admin = TestTokens.admin("admin-" + UUID.randomUUID(), "admin@example.com");
        String token = customer();
        String done = create(token, "[{\"product_id\":\"" + bed + "\",\"quantity\":1}]").json().getString("order_id");
        awaitFinal(token, done);

        JsonObject all = http().get("/api/order/orders?pageSize=100", auth(admin)).json();
        assertTrue(all.getInt("totalCount") >= 1);
        assertTrue(orderIds(all).contains(done) || all.getInt("totalCount") > 100, all::toString);

        Http.Reply illegal = updateStatus(admin, done, "PROCESSING");
        assertEquals(409, illegal.status(), illegal::toString);
        assertEquals(409, illegal.json().getInt("status"));
        Http.Reply same = updateStatus(admin, done, "COMPLETED");
        assertEquals(200, same.status(), same::toString);
        assertFalse(same.json().getBoolean("updated"));
        assertEquals(400, updateStatus(admin, done, "SHIPPED").status());
        assertEquals(400, http().post("/api/order/update-order-status", "{\"status\":\"FAILED\"}", auth(admin)).status());
        assertEquals(404, updateStatus(admin, UUID.randomUUID().toString(), "FAILED").status());

        // an admin fails an order while the worker has its stock reservation in flight: the worker
        // must not complete it afterwards (the last writer does not win) and gives the stock back
        awaitOutboxEmpty();
        catalog().holdReservations();
        try {
            String cancelled = create(token, "[{\"product_id\":\"" + bed + "\",\"quantity\":4}]").json().getString("order_id");
            await("the worker is reserving its stock", () -> catalog().heldOrders().contains(cancelled));
            // a reason PostgreSQL cannot store (NUL) or that forges log lines is refused, not a 500
            for (String reason : new String[]{"a\\u0000b", "line\\nbreak"}) {
                Http.Reply refused = http().post("/api/order/update-order-status", "{\"order_id\":\"" + cancelled
                        + "\",\"status\":\"FAILED\",\"reason\":\"" + reason + "\"}", auth(admin));
                assertEquals(400, refused.status(), refused::toString);
                assertTrue(refused.json().getJsonObject("fields").containsKey("reason"), refused::toString);
            }
            Http.Reply fail = updateStatus(admin, cancelled, "FAILED");
            assertEquals(200, fail.status(), fail::toString);
            assertEquals(cancelled, fail.json().getString("order_id"));
            assertEquals("FAILED", fail.json().getString("status"));
            assertTrue(fail.json().getBoolean("updated"));
            catalog().let(cancelled);
            awaitSettled(cancelled);
            JsonObject order = order(token, cancelled);
            assertEquals("FAILED", order.getString("status"));
            assertEquals("cancelled by an administrator", order.getString("reason"));
            assertEquals(9, catalog().stock(bed), "only the completed order keeps its bed");
            assertEquals(List.of("CREATED", "PROCESSING", "FAILED"), history(cancelled));
        } finally {
            catalog().releaseAll();
        }
    }

    // ---------------------------------------------------------------- the published contract

    /** Clients generate their code from /openapi: real replies, successes and errors, hold against it. */
    @Test
    void realRepliesMatchTheOpenApiDocument() throws Exception {
        OpenApiDocument document = OpenApiDocument.of(base()).assertDescribesItself();
        String line = "[{\"product_id\":\"" + product("Liver treats", "4.25", 100) + "\",\"quantity\":";
        String token = customer();
        String admin = TestTokens.admin("admin-" + UUID.randomUUID(), "admin@example.com");
        String key = "openapi-" + UUID.randomUUID();
        String create = "/api/order/create-order";

        Http.Reply created = documented(document, "POST", create, 201, create(token, line + "2}]", "Idempotency-Key", key));
        documented(document, "POST", create, 400, create(token, line + "0}]"));
        documented(document, "POST", create, 401, http().post(create, "[]"));
        documented(document, "POST", create, 409, create(token, line + "3}]", "Idempotency-Key", key));

        String order = "/api/order/user/order?id=" + created.json().getString("order_id");
        awaitFinal(token, created.json().getString("order_id")); // every field there, the status final
        documented(document, "GET", order, 200, http().get(order, auth(token)));
        documented(document, "GET", order, 404, http().get(order, auth(customer())));
        documented(document, "GET", "/api/order/user/orders", 200, http().get("/api/order/user/orders", auth(token)));
        documented(document, "GET", "/api/order/user/orders", 400, http().get("/api/order/user/orders?page=0", auth(token)));

        documented(document, "GET", "/api/order/orders", 200, http().get("/api/order/orders?pageSize=5", auth(admin)));
        documented(document, "GET", "/api/order/orders", 403, http().get("/api/order/orders", auth(token)));
        String status = "/api/order/update-order-status";
        documented(document, "POST", status, 200, updateStatus(admin, created.json().getString("order_id"), "COMPLETED"));
        documented(document, "POST", status, 409, updateStatus(admin, created.json().getString("order_id"), "PROCESSING"));
    }

    // ---------------------------------------------------------------- helpers

    /** Asserts the reply's status and holds the reply against the document. */
    private static Http.Reply documented(OpenApiDocument document, String method, String path, int status, Http.Reply reply) {
        assertEquals(status, reply.status(), reply::toString);
        document.assertDescribes(method, path, reply);
        return reply;
    }

    private static CatalogStandIn catalog() {
        return CatalogStandInExtension.catalog();
    }

    /** A new product in the stand-in catalog, with an id no other test uses. */
    private static String product(String name, String price, int stock) {
        String id = String.valueOf(PRODUCT_IDS.incrementAndGet());
        catalog().put(id, name, price, stock);
        return id;
    }

    /** A token for a brand-new customer, so counts per user are this test's own. */
    private static String customer() {
        String user = "user-" + UUID.randomUUID();
        return TestTokens.customer(user, user + "@example.com");
    }

    /**
     * Platform's revocation check, as every service runs it: once auth has revoked a session (here
     * PostgresExtension's stand-in for auth.sessions_revoked_within), its access tokens are refused within
     * velure.session-revocation.check-millis (2 s), not at their expiry.
     */
    @Test
    void anAccessTokenOfARevokedSessionIsRefusedWithinTwoSeconds() throws Exception {
        String token = customer();
        assertEquals(200, http().get("/api/order/user/orders", auth(token)).status());
        PostgresExtension.revokeSession(UUID.fromString(com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("sid")));
        long revoked = System.nanoTime();
        Http.Reply reply = http().get("/api/order/user/orders", auth(token));
        while (reply.status() != 401 && System.nanoTime() - revoked < Duration.ofMillis(3500).toNanos()) {
            Thread.sleep(100);
            reply = http().get("/api/order/user/orders", auth(token));
        }
        assertEquals(401, reply.status(), reply::toString);
        assertEquals("session revoked", reply.json().getString("error"));
        Http.Reply stream = http().get("/api/order/user/order/status?id=" + UUID.randomUUID() + "&token=" + token);
        assertEquals(401, stream.status(), () -> "the status stream's ?token= is checked the same way: " + stream);
        assertEquals(200, http().get("/api/order/user/orders", auth(customer())).status(), "other sessions are unaffected");
    }

    /**
     * A status stream opened before its session is revoked ends within the revocation bound too
     * (velure.session-revocation.check-millis, 2 s, plus one stream poll, 100 ms in this build),
     * cleanly: the response ends, and EventSource's reconnect gets 401 and stops. Both ways in:
     * ?token= and the Authorization header. The orders are held at the catalog, so only the
     * revocation can end the streams.
     */
    @Test
    void anOpenStatusStreamEndsWithinTheRevocationBoundOnceItsSessionIsRevoked() throws Exception {
        String rope = product("Tug rope", "4.20", 100);
        catalog().holdReservations();
        try {
            for (boolean inHeader : new boolean[]{false, true}) {
                String token = customer();
                String orderId = create(token, "[{\"product_id\":\"" + rope + "\",\"quantity\":1}]").json().getString("order_id");
                URI uri = statusUri(base(), orderId, inHeader ? "" : "?token=" + token);
                String how = inHeader ? "header token" : "?token=";
                try (EventStream stream = inHeader ? EventStream.open(uri, auth(token)) : EventStream.open(uri)) {
                    assertEquals(200, stream.status(), how);
                    assertNotNull(stream.nextData(DEADLINE), how + ": the order at once");
                    PostgresExtension.revokeSession(UUID.fromString(com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("sid")));
                    long revoked = System.nanoTime();
                    long bound = revoked + Duration.ofMillis(3500).toNanos();
                    EventStream.Item item = null;
                    while (System.nanoTime() < bound && (item == null || item.kind() != EventStream.Kind.END)) {
                        item = stream.next(Duration.ofNanos(Math.max(1, bound - System.nanoTime()))); // data or keep-alives until then
                    }
                    long took = (System.nanoTime() - revoked) / 1_000_000;
                    assertTrue(item != null && item.kind() == EventStream.Kind.END,
                            how + ": the stream still runs " + took + " ms after its session was revoked");
                    System.out.println("[order] status stream (" + how + ") ended " + took + " ms after its session was revoked");
                }
                Http.Reply reconnect = inHeader ? http().get("/api/order/user/order/status?id=" + orderId, auth(token))
                        : http().get("/api/order/user/order/status?id=" + orderId + "&token=" + token);
                assertEquals(401, reconnect.status(), () -> how + ": the reconnect: " + reconnect);
            }
        } finally {
            catalog().releaseAll();
        }
    }

    private static String subject(String token) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] auth(String token) {
        return new String[]{"Authorization", "Bearer " + token};
    }

    private Http.Reply create(String token, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of(auth(token)));
        all.addAll(List.of(headers));
        return http().post("/api/order/create-order", body, all.toArray(String[]::new));
    }

    private static Http.Reply overHttp11(HttpRequest.Builder request) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Http.Reply(response.statusCode(), response.headers(), response.body());
    }

    private Http.Reply updateStatus(String adminToken, String orderId, String status) {
        return http().post("/api/order/update-order-status",
                "{\"order_id\":\"" + orderId + "\",\"status\":\"" + status + "\"}", auth(adminToken));
    }

    private JsonObject order(String token, String orderId) {
        Http.Reply reply = http().get("/api/order/user/order?id=" + orderId, auth(token));
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    /** Polls the order until it is COMPLETED or FAILED. */
    private JsonObject awaitFinal(String token, String orderId) throws InterruptedException {
        JsonObject[] last = new JsonObject[1];
        await("order " + orderId + " reaches a final status", () -> {
            last[0] = order(token, orderId);
            return Set.of("COMPLETED", "FAILED").contains(last[0].getString("status"));
        });
        return last[0];
    }

    private static URI statusUri(URI base, String orderId, String tokenQuery) {
        String query = tokenQuery.isEmpty() ? "?id=" + orderId : tokenQuery + "&id=" + orderId;
        return base.resolve("/api/order/user/order/status" + query);
    }

    private static void assertEndsWithoutMoreData(EventStream stream) throws InterruptedException {
        for (EventStream.Item item; (item = stream.next(DEADLINE)) != null; ) {
            if (item.kind() == EventStream.Kind.END) {
                return;
            }
            assertEquals(EventStream.Kind.COMMENT, item.kind(), () -> "no event after the final status");
        }
        throw new AssertionError("the stream did not end after the final status");
    }

    private static List<String> orderIds(JsonObject page) {
        return page.getJsonArray("orders").stream().map(order -> order.asJsonObject().getString("id")).toList();
    }

    /** The order's status history, oldest first. */
    private static List<String> history(String orderId) throws SQLException {
        try (Connection db = PostgresExtension.superuser(); PreparedStatement select = db.prepareStatement(
                "SELECT status FROM orders.order_status_change WHERE order_id = ?::uuid ORDER BY id")) {
            select.setString(1, orderId);
            List<String> statuses = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    statuses.add(rows.getString(1));
                }
            }
            return statuses;
        }
    }

    /** Waits until the worker has nothing left to do for the order (its outbox row is gone). */
    private static void awaitSettled(String orderId) throws InterruptedException {
        await("order " + orderId + " settled", () -> count("SELECT count(*) FROM orders.order_outbox WHERE order_id = ?::uuid", orderId) == 0);
    }

    private static void awaitOutboxEmpty() throws InterruptedException {
        await("the outbox is empty", () -> count("SELECT count(*) FROM orders.order_outbox") == 0);
    }

    private static long count(String sql, Object... parameters) {
        try (Connection db = PostgresExtension.superuser(); PreparedStatement select = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigDecimal queryDecimal(String sql, String parameter) throws SQLException {
        try (Connection db = PostgresExtension.superuser(); PreparedStatement select = db.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBigDecimal(1);
            }
        }
    }

    /** Polls {@code condition} every 50 ms until it holds; fails after {@link #DEADLINE}. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: order-war's failsafe configuration sets it");
        }
        return value;
    }
}
