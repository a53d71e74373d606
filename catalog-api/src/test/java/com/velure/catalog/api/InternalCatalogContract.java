package com.velure.catalog.api;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The internal catalog API's behaviour, written once and run against every implementation: the
 * real catalog (catalog-war's {@code CatalogServiceIT} implements this interface) and the stand-in
 * that order-war's tests use. A case that one of them fails means the copies have drifted apart.
 *
 * <p>An implementing test class says where the API is, which credential it takes and which product
 * the cases may reserve from. Each case uses fresh order ids and gives back what it reserved, and
 * reads stock through the lookup itself, so the cases need nothing else from the implementation;
 * they expect to be the only ones changing that product's stock while they run (JUnit runs a
 * class's tests one after another).
 */
public interface InternalCatalogContract {

    /** Base URI that serves {@code /internal/...}. */
    URI catalogBaseUri();

    /** The service credential the implementation accepts. */
    String serviceToken();

    /** Id of a product with at least 1 000 units in stock, which the cases may reserve from. */
    String productInStock();

    /** A product id that is well formed but names no product. */
    String UNKNOWN_PRODUCT = "999999999";

    @Test
    default void withoutTheServiceTokenEveryCallIs401AndWithAWrongOneIs403() {
        String product = productInStock();
        int before = stockOf(product);
        String order = freshOrderId();
        String reservation = "/internal/stock/reservations/" + order;
        String[][] calls = {{"POST", "/internal/products/lookup", "{\"ids\":[\"" + product + "\"]}"},
            {"PUT", reservation, items(product, 1)}, {"DELETE", reservation, null}};
        String token = serviceToken();
        String[] wrongTokens = {token.substring(0, token.length() - 1) + (token.endsWith("x") ? "y" : "x"),
            "Bearer " + token, token + token};
        for (String[] call : calls) {
            Reply missing = call(call[0], call[1], call[2], null);
            assertEquals(401, missing.status(), call[0] + " " + call[1] + " without a token: " + missing);
            assertEquals(401, missing.json().getInt("status"), "a JSON error: " + missing);
            Reply empty = call(call[0], call[1], call[2], "");
            assertEquals(401, empty.status(), call[0] + " " + call[1] + " with an empty token: " + empty);
            for (String wrong : wrongTokens) {
                Reply refused = call(call[0], call[1], call[2], wrong);
                assertEquals(403, refused.status(), call[0] + " " + call[1] + " with a wrong token: " + refused);
                assertEquals(403, refused.json().getInt("status"), "a JSON error: " + refused);
            }
        }
        assertEquals(before, stockOf(product), "a refused reservation takes nothing");
        // a refused release recorded nothing either: the order can still reserve
        assertReserved(order, reserve(order, items(product, 1)));
        assertEquals(before - 1, stockOf(product));
        assertEquals(outcome(order, "RELEASED"), release(order).json());
        assertEquals(before, stockOf(product));
    }

    @Test
    default void lookupAnswersNamePriceAndStockOfKnownIdsAndLeavesTheOthersOut() {
        String product = productInStock();
        Reply reply = call("POST", "/internal/products/lookup",
                "{\"ids\":[\"" + product + "\",\"" + UNKNOWN_PRODUCT + "\",\"nonsense\"]}", serviceToken());
        assertEquals(200, reply.status(), reply::toString);
        JsonArray products = reply.json().getJsonArray("products");
        assertEquals(1, products.size(), "only the known id: " + reply);
        JsonObject found = products.getJsonObject(0);
        assertEquals(Set.of("_id", "name", "price", "quantity"), found.keySet(), reply::toString);
        assertEquals(JsonValue.ValueType.STRING, found.get("_id").getValueType(), "_id is a string");
        assertEquals(product, found.getString("_id"));
        assertFalse(found.getString("name").isBlank(), reply::toString);
        assertTrue(found.getJsonNumber("price").bigDecimalValue().signum() >= 0, reply::toString);
        assertTrue(found.getJsonNumber("quantity").isIntegral() && found.getInt("quantity") >= 1_000, reply::toString);

        Reply nothingKnown = call("POST", "/internal/products/lookup", "{\"ids\":[\"" + UNKNOWN_PRODUCT + "\"]}", serviceToken());
        assertEquals(200, nothingKnown.status(), nothingKnown::toString);
        assertEquals(0, nothingKnown.json().getJsonArray("products").size(), nothingKnown::toString);
    }

    @Test
    default void aLookupWithoutIdsOrWithTooManyIsA400() {
        List<String> tooMany = new ArrayList<>();
        for (int i = 1; i <= 51; i++) {
            tooMany.add("\"" + i + "\"");
        }
        for (String body : List.of("{\"ids\":[]}", "{}", "{\"ids\":[" + String.join(",", tooMany) + "]}", "{\"ids\":")) {
            Reply reply = call("POST", "/internal/products/lookup", body, serviceToken());
            assertEquals(400, reply.status(), body + ": " + reply);
            assertEquals(400, reply.json().getInt("status"), "a JSON error: " + reply);
        }
    }

    @Test
    default void badReservationBodiesAndOrderIdsAre400AndChangeNothing() {
        String product = productInStock();
        int before = stockOf(product);
        String order = freshOrderId();
        List<String> fiftyOneLines = new ArrayList<>();
        for (int i = 0; i <= 50; i++) {
            fiftyOneLines.add(line(product, 1));
        }
        List<String> badBodies = List.of(items(product, 0), items(product, -1), items(product, 100_001),
                "{\"items\":[]}", "{}", "{\"items\":[{\"quantity\":1}]}", "{\"items\":[{\"product_id\":\"" + product + "\"}]}",
                "{\"items\":[{\"product_id\":\"abc\",\"quantity\":1}]}", "{\"items\":[{\"product_id\":\"0\",\"quantity\":1}]}",
                "{\"items\":[" + String.join(",", fiftyOneLines) + "]}", "{\"items\":[");
        for (String body : badBodies) {
            Reply reply = call("PUT", "/internal/stock/reservations/" + order, body, serviceToken());
            assertEquals(400, reply.status(), body + ": " + reply);
            assertEquals(400, reply.json().getInt("status"), "a JSON error: " + reply);
        }
        for (String badOrderId : List.of("bad%20id", "a".repeat(101), "star*")) {
            Reply reserve = call("PUT", "/internal/stock/reservations/" + badOrderId, items(product, 1), serviceToken());
            assertEquals(400, reserve.status(), badOrderId + ": " + reserve);
            Reply release = call("DELETE", "/internal/stock/reservations/" + badOrderId, null, serviceToken());
            assertEquals(400, release.status(), badOrderId + ": " + release);
        }
        assertEquals(before, stockOf(product), "bad requests take nothing");
        // nor did they record the order: it reserves normally now
        assertReserved(order, reserve(order, items(product, 1)));
        release(order);
        assertEquals(before, stockOf(product));
    }

    @Test
    default void aReservationTakesEveryLineOrNone() {
        String product = productInStock();
        int before = stockOf(product);

        String withUnknown = freshOrderId();
        Reply unknown = reserve(withUnknown, items(product, 2, UNKNOWN_PRODUCT, 1));
        assertEquals(409, unknown.status(), unknown::toString);
        assertEquals(outcome(withUnknown, "REJECTED", "unknown product: " + UNKNOWN_PRODUCT), unknown.json());
        assertEquals(before, stockOf(product), "the line that was in stock was not taken either");

        String tooMuch = freshOrderId();
        Reply outOfStock = reserve(tooMuch, moreThan(product, before));
        assertEquals(409, outOfStock.status(), outOfStock::toString);
        assertEquals(outcome(tooMuch, "REJECTED", "out of stock: " + nameOf(product)), outOfStock.json());
        assertEquals(before, stockOf(product));

        String fits = freshOrderId();
        Reply reserved = reserve(fits, items(product, 3));
        assertEquals(200, reserved.status(), reserved::toString);
        assertEquals(outcome(fits, "RESERVED"), reserved.json(), "no reason on success");
        assertEquals(before - 3, stockOf(product));
        release(fits);
        assertEquals(before, stockOf(product));
    }

    @Test
    default void linesOfOneProductAreAddedUp() {
        String product = productInStock();
        int before = stockOf(product);
        String order = freshOrderId();
        assertReserved(order, reserve(order, items(product, 2, product, 3)));
        assertEquals(before - 5, stockOf(product));
        release(order);
        assertEquals(before, stockOf(product), "both lines given back");
    }

    @Test
    default void aRepeatedReservationAnswersTheFirstOutcomeAndTakesNothingMore() {
        String product = productInStock();
        int before = stockOf(product);

        String order = freshOrderId();
        Reply first = reserve(order, items(product, 2));
        assertReserved(order, first);
        for (String body : List.of(items(product, 2), items(product, 7))) {
            Reply again = reserve(order, body);
            assertEquals(200, again.status(), again::toString);
            assertEquals(first.json(), again.json(), "a repeat answers the first outcome");
        }
        assertEquals(before - 2, stockOf(product), "taken once");

        String refused = freshOrderId();
        Reply rejected = reserve(refused, moreThan(product, stockOf(product)));
        assertEquals(409, rejected.status(), rejected::toString);
        Reply now = reserve(refused, items(product, 1));
        assertEquals(409, now.status(), "a repeat answers the first outcome even when it could be met now: " + now);
        assertEquals(rejected.json(), now.json());
        assertEquals(before - 2, stockOf(product));

        release(order);
        assertEquals(before, stockOf(product));
    }

    @Test
    default void releaseGivesTheStockBackExactlyOnceAndTheOrderCannotReserveAgain() {
        String product = productInStock();
        int before = stockOf(product);
        String order = freshOrderId();
        assertReserved(order, reserve(order, items(product, 4)));
        assertEquals(before - 4, stockOf(product));

        Reply released = release(order);
        assertEquals(200, released.status(), released::toString);
        assertEquals(outcome(order, "RELEASED"), released.json());
        assertEquals(before, stockOf(product));

        Reply repeated = release(order);
        assertEquals(200, repeated.status(), repeated::toString);
        assertEquals(outcome(order, "RELEASED"), repeated.json(), "a repeated release answers RELEASED");
        assertEquals(before, stockOf(product), "and gives nothing more");

        Reply again = reserve(order, items(product, 4));
        assertEquals(409, again.status(), "a released order cannot reserve again: " + again);
        assertEquals("RELEASED", again.json().getString("status"), again::toString);
        assertEquals(before, stockOf(product));
    }

    @Test
    default void releasingAnOrderNeverReservedAnswersNoneAndALateReservationTakesNothing() {
        String product = productInStock();
        int before = stockOf(product);
        String order = freshOrderId();
        Reply none = release(order);
        assertEquals(200, none.status(), none::toString);
        assertEquals(outcome(order, "NONE"), none.json());

        Reply late = reserve(order, items(product, 1));
        assertEquals(409, late.status(), "a reservation that arrives after its order's release takes nothing: " + late);
        assertEquals("RELEASED", late.json().getString("status"), late::toString);
        assertEquals(order, late.json().getString("order_id"));
        assertEquals(before, stockOf(product));
    }

    @Test
    default void releasingARejectedReservationAnswersNoneAndGivesNothing() {
        String product = productInStock();
        int before = stockOf(product);
        String order = freshOrderId();
        assertEquals(409, reserve(order, moreThan(product, before)).status());
        Reply release = release(order);
        assertEquals(200, release.status(), release::toString);
        assertEquals(outcome(order, "NONE"), release.json());
        assertEquals(before, stockOf(product), "releasing a rejected order gives nothing");
        assertEquals(outcome(order, "NONE"), release(order).json(), "also when repeated");
    }

    // ---- helpers: plain HTTP and JSON-P, so the cases depend on no implementation's types -----

    private String freshOrderId() {
        return "contract-" + UUID.randomUUID();
    }

    private Reply reserve(String orderId, String body) {
        return call("PUT", "/internal/stock/reservations/" + orderId, body, serviceToken());
    }

    private Reply release(String orderId) {
        Reply reply = call("DELETE", "/internal/stock/reservations/" + orderId, null, serviceToken());
        assertEquals(200, reply.status(), reply::toString);
        return reply;
    }

    private void assertReserved(String orderId, Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(outcome(orderId, "RESERVED"), reply.json());
    }

    private JsonObject lookedUp(String productId) {
        Reply reply = call("POST", "/internal/products/lookup", "{\"ids\":[\"" + productId + "\"]}", serviceToken());
        assertEquals(200, reply.status(), reply::toString);
        JsonArray products = reply.json().getJsonArray("products");
        assertEquals(1, products.size(), reply::toString);
        return products.getJsonObject(0);
    }

    private int stockOf(String productId) {
        return lookedUp(productId).getInt("quantity");
    }

    private String nameOf(String productId) {
        return lookedUp(productId).getString("name");
    }

    /** Lines of at most 100 000 units each (the per-line limit) that add up to one more than {@code stock}. */
    private static String moreThan(String productId, int stock) {
        List<String> lines = new ArrayList<>();
        for (int left = stock + 1; left > 0; left -= 100_000) {
            lines.add(line(productId, Math.min(left, 100_000)));
        }
        assertTrue(lines.size() <= 50, "stock too large for one request: " + stock);
        return "{\"items\":[" + String.join(",", lines) + "]}";
    }

    /** A reservation body from product id, quantity pairs. */
    private static String items(Object... productIdsAndQuantities) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < productIdsAndQuantities.length; i += 2) {
            lines.add(line((String) productIdsAndQuantities[i], (Integer) productIdsAndQuantities[i + 1]));
        }
        return "{\"items\":[" + String.join(",", lines) + "]}";
    }

    private static String line(String productId, int quantity) {
        return "{\"product_id\":\"" + productId + "\",\"quantity\":" + quantity + "}";
    }

    private static JsonObject outcome(String orderId, String status) {
        return Json.createObjectBuilder().add("order_id", orderId).add("status", status).build();
    }

    private static JsonObject outcome(String orderId, String status, String reason) {
        return Json.createObjectBuilder().add("order_id", orderId).add("status", status).add("reason", reason).build();
    }

    /** One call; {@code serviceToken} null sends no token header, {@code body} null no body. */
    private Reply call(String method, String path, String body, String serviceToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(catalogBaseUri().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (serviceToken != null) {
            request.header(InternalCatalogApi.SERVICE_TOKEN_HEADER, serviceToken);
        }
        try {
            HttpResponse<String> response = Client.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A reply's status and body text, JSON on demand. */
    record Reply(int status, String body) {

        JsonObject json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON object (status " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** One client for every case and implementation; HTTP/1.1 because the JDK's test servers speak nothing else. */
    final class Client {
        static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        private Client() {
        }
    }
}
