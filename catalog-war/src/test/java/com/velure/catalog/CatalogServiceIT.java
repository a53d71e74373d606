package com.velure.catalog;

import com.velure.catalog.api.InternalCatalogContract;
import com.velure.platform.testing.Http;
import com.velure.platform.testing.OpenApiDocument;
import com.velure.platform.testing.PostgresExtension;
import com.velure.platform.testing.ServiceContract;
import com.velure.platform.testing.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

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
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged catalog WAR in Payara Micro with the pool from server-config/catalog.asadmin:
 * listings, admin changes and the internal stock API, seen by clients. The internal API's cases
 * are {@link InternalCatalogContract}'s, shared with order-war's stand-in; only what needs the real
 * database (concurrent reservations, the cached listing) is written here. Tests that need products of
 * their own create them through the admin API in a category named after the test run, so they
 * neither depend on nor disturb the seed.
 */
class CatalogServiceIT extends ServiceContract implements InternalCatalogContract {

    private static final String SERVICE_TOKEN = "test-service-token"; // VELURE_SERVICE_TOKEN of the build
    private static final String[] LISTINGS = {"/api/product/products", "/api/product/getProductsByPage",
        "/api/product/getProductsByPageAndCategory"};
    private static final List<String> PRODUCT_FIELDS = List.of("_id", "name", "description", "price", "rating",
            "category", "quantity", "images", "dimensions", "brand", "colors", "sku", "dt_created", "dt_updated");

    /** The product the internal API's contract cases reserve from; one per test run. */
    private static String contractProduct;

    private final String admin = "Bearer " + TestTokens.admin("1", "admin@velure.test");
    private final String customer = "Bearer " + TestTokens.customer("2", "customer@velure.test");

    CatalogServiceIT() {
        super("catalog", "product");
    }

    /** For {@link com.velure.platform.testing.SecurityContract} (an admin gets 404 for this id). */
    @Override
    public String[] adminOnlyCall() {
        return new String[]{"DELETE", "/api/product/999999999"};
    }

    // ---- seed and listings ------------------------------------------------------------------

    @Test
    void theSeedHasThirtyProductsInNineCategoriesAllInStock() throws SQLException {
        try (Connection db = PostgresExtension.superuser(); var query = db.createStatement();
             ResultSet row = query.executeQuery("SELECT count(*), count(DISTINCT category), min(quantity) FROM catalog.product"
                     + " WHERE sku LIKE 'VL-%'")) {
            row.next();
            assertEquals(30, row.getInt(1));
            assertEquals(9, row.getInt(2));
            assertTrue(row.getInt(3) >= 100_000, "every seeded product has stock for a long load test");
        }
        JsonArray categories = (JsonArray) http().get("/api/product/categories").structure();
        List<String> names = categories.getValuesAs(JsonString::getString);
        assertTrue(names.containsAll(List.of("Accessories", "Aquarium", "Bird Supplies", "Cat Food", "Dog Food", "Grooming",
                "Small Animals", "Toys")), names::toString);
        assertEquals(names.stream().distinct().sorted().toList(), names, "distinct and sorted");
    }

    @Test
    void theHotListingIsAFullPageInNameOrderWithTheWholeProductShape() throws SQLException {
        Http.Reply reply = http().get("/api/product/products?page=1&limit=20");
        assertEquals(200, reply.status(), reply::toString);
        JsonObject page = reply.json();
        List<String> expectedIds = idsInListingOrder(null, 20, 0);
        assertEquals(expectedIds, ids(page), "the first 20 by name, then id");
        assertEquals(productCount(null), page.getJsonNumber("totalCount").longValue());
        assertEquals(1, page.getInt("page"));
        assertEquals(20, page.getInt("pageSize"));
        assertEquals((productCount(null) + 19) / 20, page.getJsonNumber("totalPages").longValue());

        JsonObject product = page.getJsonArray("products").getJsonObject(0);
        assertEquals(PRODUCT_FIELDS, List.copyOf(product.keySet()));
        assertEquals(JsonValue.ValueType.STRING, product.get("_id").getValueType(), "_id is a string");
        assertEquals(List.of("height", "width", "length", "weight"), List.copyOf(product.getJsonObject("dimensions").keySet()));
        assertTrue(product.getString("dt_created").endsWith("Z"), "ISO-8601 UTC: " + product);

        JsonObject count = http().get("/api/product/getProductsCount").json();
        assertEquals(productCount(null), count.getJsonNumber("count").longValue());
    }

    @Test
    void everyListingPagesACategoryWithExactArithmeticAndATieBreakById() {
        String category = "IT Paging " + UUID.randomUUID();
        List<String> created = new ArrayList<>();
        for (String name : List.of("Delta", "alpha", "Charlie", "Bravo", "Echo", "Bravo", "Foxtrot")) {
            created.add(createProduct(category, name, 5).getString("_id"));
        }
        // name order, the two "Bravo" by id (created in id order); "alpha" sorts by the database's collation
        for (String listing : List.of("/api/product/products", "/api/product/getProductsByPageAndCategory")) {
            String sizeParam = listing.endsWith("/products") ? "limit" : "pageSize";
            List<String> all = new ArrayList<>();
            for (int pageNumber = 1; pageNumber <= 3; pageNumber++) {
                JsonObject page = listing(listing, pageNumber, sizeParam, 3, category);
                assertEquals(7, page.getInt("totalCount"), listing);
                assertEquals(3, page.getInt("totalPages"), listing + ": 7 / 3 rounds up");
                assertEquals(pageNumber, page.getInt("page"));
                assertEquals(3, page.getInt("pageSize"));
                assertEquals(pageNumber < 3 ? 3 : 1, page.getJsonArray("products").size(), listing + " page " + pageNumber);
                page.getJsonArray("products").getValuesAs(JsonObject.class)
                        .forEach(product -> assertEquals(category, product.getString("category")));
                all.addAll(ids(page));
            }
            assertEquals(idsInListingOrderOf(created), all, listing + ": stable order by name, then id");
            JsonObject pastTheEnd = listing(listing, 4, sizeParam, 3, category);
            assertEquals(0, pastTheEnd.getJsonArray("products").size(), "a page past the end is empty, not an error");
            assertEquals(7, pastTheEnd.getInt("totalCount"));
            assertEquals(3, pastTheEnd.getInt("totalPages"));
        }
        JsonObject caseInsensitive = http().get("/api/product/products?page=1&limit=100&category="
                + encode(category.toUpperCase())).json();
        assertEquals(7, caseInsensitive.getInt("totalCount"), "the category filter ignores case");
        JsonObject byPageSizeAlias = http().get("/api/product/products?page=2&pageSize=5&category=" + encode(category)).json();
        assertEquals(2, byPageSizeAlias.getJsonArray("products").size(), "pageSize is accepted for limit");
        assertEquals(5, byPageSizeAlias.getInt("pageSize"));
        created.forEach(this::deleteProduct);
    }

    @Test
    void getProductsByPageWalksTheWholeCatalogInListingOrder() throws SQLException {
        long total = productCount(null);
        long pages = (total + 6) / 7;
        List<String> all = new ArrayList<>();
        for (int pageNumber = 1; pageNumber <= pages + 1; pageNumber++) {
            JsonObject page = http().get("/api/product/getProductsByPage?page=" + pageNumber + "&pageSize=7").json();
            assertEquals(total, page.getJsonNumber("totalCount").longValue());
            assertEquals(pages, page.getJsonNumber("totalPages").longValue(), total + " / 7 rounds up");
            long expectedSize = pageNumber < pages ? 7 : pageNumber == pages ? total - 7 * (pages - 1) : 0;
            assertEquals(expectedSize, page.getJsonArray("products").size(), "page " + pageNumber);
            all.addAll(ids(page));
        }
        assertEquals(idsInListingOrder(null, 1000, 0), all, "every product once, by name, then id");
    }

    @Test
    void anEmptyCategoryIsAnEmptyPageWithNoPages() {
        JsonObject page = http().get("/api/product/getProductsByPageAndCategory?page=1&pageSize=10&category=No+Such+Aisle").json();
        assertEquals(0, page.getJsonArray("products").size());
        assertEquals(0, page.getInt("totalCount"));
        assertEquals(0, page.getInt("totalPages"));
    }

    @Test
    void searchMatchesWordPrefixesOfTheNameIgnoringCase() {
        String category = "IT Search " + UUID.randomUUID();
        String bone = createProduct(category, "Zorblax Chew Bone", 3).getString("_id");
        String rope = createProduct(category, "Quixotl Chew Rope", 3).getString("_id");
        assertEquals(List.of(rope, bone), searchIds("chew", category), "both, in name order");
        assertEquals(List.of(bone), searchIds("ZORB", category), "a word prefix, any case");
        assertEquals(List.of(bone), searchIds("bone zorblax", category), "every word, in any order");
        assertEquals(List.of(bone), searchIds("zorblax", null), "search without a category");
        assertEquals(List.of(), searchIds("blax", category), "inside a word is no match");
        assertEquals(List.of(), searchIds("%_*&!", category), "punctuation matches nothing and breaks nothing");
        deleteProduct(bone);
        deleteProduct(rope);
    }

    @Test
    void badPagingIsA400ThatNamesTheParameterNeverA500() {
        for (String listing : LISTINGS) {
            String size = listing.endsWith("/products") ? "limit" : "pageSize";
            String category = listing.endsWith("Category") ? "&category=Toys" : "";
            for (String query : List.of("page=0&" + size + "=10", "page=-1&" + size + "=10", "page=abc&" + size + "=10",
                    "page=1.5&" + size + "=10", "page=99999999999999999999&" + size + "=10")) {
                assertInvalid(listing + "?" + query + category, "page");
            }
            for (String query : List.of("page=1&" + size + "=0", "page=1&" + size + "=101", "page=1&" + size + "=ten",
                    "page=1&" + size + "=")) {
                assertInvalid(listing + "?" + query + category, size);
            }
            Http.Reply largest = http().get(listing + "?page=1&" + size + "=100" + category);
            assertEquals(200, largest.status(), largest::toString);
            Http.Reply defaults = http().get(listing + (category.isEmpty() ? "" : "?" + category.substring(1)));
            assertEquals(200, defaults.status(), defaults::toString);
            assertEquals(1, defaults.json().getInt("page"));
            assertEquals(20, defaults.json().getInt("pageSize"));
            Http.Reply farAway = http().get(listing + "?page=1000000&" + size + "=100" + category);
            assertEquals(200, farAway.status(), farAway::toString);
            assertEquals(0, farAway.json().getJsonArray("products").size());
        }
        assertInvalid("/api/product/getProductsByPageAndCategory?page=1&pageSize=10", "category");
        assertInvalid("/api/product/products?q=" + "a".repeat(101), "q");
    }

    @Test
    void aProductIsFoundByIdAndAnUnknownIdIsAJson404() {
        String firstId = ids(http().get("/api/product/products?page=1&limit=1").json()).get(0);
        Http.Reply found = http().get("/api/product/" + firstId);
        assertEquals(200, found.status(), found::toString);
        assertEquals(firstId, found.json().getString("_id"));
        for (String unknown : List.of("999999999", "0", "-3", "not-a-number", "99999999999999999999")) {
            Http.Reply missing = http().get("/api/product/" + unknown);
            assertEquals(404, missing.status(), unknown + ": " + missing);
            assertEquals("product not found", missing.json().getString("error"));
        }
    }

    // ---- admin changes ----------------------------------------------------------------------

    @Test
    void anAdminCreatesReadsUpdatesAndDeletesAProduct() {
        String category = "IT Admin " + UUID.randomUUID();
        Http.Reply created = send("POST", "/api/product", productJson(category, "Admin Test Lamp", 12).toString(), admin);
        assertEquals(201, created.status(), created::toString);
        JsonObject product = created.json();
        String id = product.getString("_id");
        assertTrue(created.header("Location").endsWith("/api/product/" + id), created.header("Location"));
        assertEquals("Admin Test Lamp", product.getString("name"));
        assertEquals("19.90", product.getJsonNumber("price").toString(), "money keeps two decimals");
        assertEquals(12, product.getInt("quantity"));
        assertEquals(List.of("https://img.velure.example/lamp.jpg"), product.getJsonArray("images").getValuesAs(JsonString::getString));
        assertEquals("30.00", product.getJsonObject("dimensions").getJsonNumber("height").toString());
        assertTrue(product.getJsonObject("dimensions").isNull("weight"), "unknown dimensions are null");
        assertEquals(List.of("red", "blue"), product.getJsonArray("colors").getValuesAs(JsonString::getString));
        assertEquals(product, http().get("/api/product/" + id).json());
        assertEquals(List.of(id), ids(http().get("/api/product/products?category=" + encode(category)).json()),
                "a new product is listed at once");

        JsonObject changed = Json.createObjectBuilder(productJson(category, "Admin Test Lamp XL", 40))
                .add("_id", id).add("price", 24.5).add("sku", "IT-" + id).build();
        Http.Reply updated = send("PUT", "/api/product/" + id, changed.toString(), admin);
        assertEquals(200, updated.status(), updated::toString);
        assertEquals("Admin Test Lamp XL", updated.json().getString("name"));
        assertEquals("24.50", updated.json().getJsonNumber("price").toString());
        assertEquals(40, updated.json().getInt("quantity"), "an admin restocks with PUT");
        assertEquals(product.getString("dt_created"), updated.json().getString("dt_created"));
        assertEquals("Admin Test Lamp XL", http().get("/api/product/" + id).json().getString("name"));
        assertEquals("Admin Test Lamp XL", http().get("/api/product/products?category=" + encode(category)).json()
                .getJsonArray("products").getJsonObject(0).getString("name"), "the listing shows the change at once");

        Http.Reply mismatched = send("PUT", "/api/product/" + id,
                Json.createObjectBuilder(changed).add("_id", "1" + id).build().toString(), admin);
        assertEquals(400, mismatched.status(), mismatched::toString);
        Http.Reply duplicateSku = send("POST", "/api/product",
                Json.createObjectBuilder(productJson(category, "Copy", 1)).add("sku", "IT-" + id).build().toString(), admin);
        assertEquals(409, duplicateSku.status(), duplicateSku::toString);

        Http.Reply deleted = send("DELETE", "/api/product/" + id, null, admin);
        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals(404, http().get("/api/product/" + id).status());
        assertEquals(0, http().get("/api/product/products?category=" + encode(category)).json().getInt("totalCount"),
                "a deleted product leaves the listing at once");
        assertEquals(404, send("DELETE", "/api/product/" + id, null, admin).status());
        assertEquals(404, send("PUT", "/api/product/" + id, productJson(category, "Gone", 1).toString(), admin).status());
    }

    @Test
    void changesNeedAnAdminAnonymousIs401AndACustomerIs403() {
        String id = ids(http().get("/api/product/products?page=1&limit=1").json()).get(0);
        String body = productJson("IT Forbidden", "Never Stored", 1).toString();
        String expired = "Bearer " + TestTokens.sign("1", "admin@velure.test", List.of("admin"), Duration.ofMinutes(-5));
        String[][] calls = {{"POST", "/api/product"}, {"PUT", "/api/product/" + id}, {"DELETE", "/api/product/" + id}};
        for (String[] call : calls) {
            Http.Reply anonymous = send(call[0], call[1], body, null);
            assertEquals(401, anonymous.status(), call[0] + " anonymous: " + anonymous);
            assertEquals(401, anonymous.json().getInt("status"));
            for (String rejected : List.of(expired, "Bearer not.a.jwt")) {
                Http.Reply refused = send(call[0], call[1], body, rejected);
                assertEquals(401, refused.status(), call[0] + " with " + rejected + ": " + refused);
                assertEquals(401, refused.json().getInt("status"), "JSON, not the container's page: " + refused);
            }
            Http.Reply asCustomer = send(call[0], call[1], body, customer);
            assertEquals(403, asCustomer.status(), call[0] + " as a customer: " + asCustomer);
            assertEquals(403, asCustomer.json().getInt("status"));
        }
        assertEquals(200, http().get("/api/product/" + id).status(), "the product is still there");
        assertEquals(0, http().get("/api/product/products?category=IT+Forbidden").json().getInt("totalCount"));
    }

    @Test
    void invalidProductsAreA400ThatNamesEachFieldAndStoreNothing() {
        String category = "IT Invalid " + UUID.randomUUID();
        JsonObject valid = productJson(category, "Valid", 1);
        Map<String, JsonObject> invalid = Map.of(
                "name", Json.createObjectBuilder(valid).add("name", " ").build(),
                "price", Json.createObjectBuilder(valid).add("price", -1).build(),
                "quantity", Json.createObjectBuilder(valid).remove("quantity").build(),
                "rating", Json.createObjectBuilder(valid).add("rating", 7).build(),
                "images", Json.createObjectBuilder(valid).add("images", Json.createArrayBuilder().add("javascript:alert(1)")).build(),
                "category", Json.createObjectBuilder(valid).remove("category").build());
        invalid.forEach((field, body) -> {
            Http.Reply reply = send("POST", "/api/product", body.toString(), admin);
            assertEquals(400, reply.status(), field + ": " + reply);
            assertTrue(reply.json().getJsonObject("fields").containsKey(field), field + ": " + reply);
        });
        Http.Reply malformed = send("POST", "/api/product", "{\"name\": ", admin);
        assertEquals(400, malformed.status(), malformed::toString);
        Http.Reply withId = send("POST", "/api/product", Json.createObjectBuilder(valid).add("_id", "5").build().toString(), admin);
        assertEquals(400, withId.status(), withId::toString);
        assertEquals(0, http().get("/api/product/products?category=" + encode(category)).json().getInt("totalCount"));
    }

    @Test
    void productTextHoldingANulIsA400NamingTheFieldNeverA500() {
        String category = "IT NUL " + UUID.randomUUID();
        JsonObject valid = productJson(category, "Valid", 1);
        Map<String, JsonObject> withNul = Map.of(
                "name", Json.createObjectBuilder(valid).add("name", "Bo\u0000wl").build(),
                "description", Json.createObjectBuilder(valid).add("description", "Deep\u0000").build(),
                "brand", Json.createObjectBuilder(valid).add("brand", "a\u0000b").build(),
                "colors", Json.createObjectBuilder(valid).add("colors", Json.createArrayBuilder().add("re\u0000d")).build(),
                "images", Json.createObjectBuilder(valid).add("images", Json.createArrayBuilder().add("https://x.test/\u0000")).build(),
                "category", Json.createObjectBuilder(valid).add("category", category + "\u0000x").build());
        withNul.forEach((field, body) -> {
            Http.Reply reply = send("POST", "/api/product", body.toString(), admin);
            assertEquals(400, reply.status(), field + ": " + reply);
            assertTrue(reply.json().getJsonObject("fields").containsKey(field), field + ": " + reply);
        });
        assertEquals(0, http().get("/api/product/products?category=" + encode(category)).json().getInt("totalCount"));
    }

    // ---- the OpenAPI document ----------------------------------------------------------------

    /** Clients generate code from /openapi: every reply below, success and error, must be documented as it is. */
    @Test
    void theOpenApiDocumentDescribesRealReplies() {
        OpenApiDocument openApi = OpenApiDocument.of(base()).assertDescribesItself();
        String category = "IT OpenAPI " + UUID.randomUUID();
        String body = productJson(category, "Documented Dish", 3).toString();
        Http.Reply created = send("POST", "/api/product", body, admin);
        String id = created.json().getString("_id");
        Map<String, Http.Reply> replies = new java.util.LinkedHashMap<>();
        replies.put("GET /api/product/products?page=1&limit=20", http().get("/api/product/products?page=1&limit=20"));
        replies.put("GET /api/product/products?page=0", http().get("/api/product/products?page=0"));
        replies.put("GET /api/product/getProductsByPage?page=1&pageSize=5", http().get("/api/product/getProductsByPage?page=1&pageSize=5"));
        replies.put("GET /api/product/getProductsByPageAndCategory?page=1", http().get("/api/product/getProductsByPageAndCategory?page=1"));
        replies.put("GET /api/product/getProductsByPageAndCategory?category=Toys",
                http().get("/api/product/getProductsByPageAndCategory?category=Toys"));
        replies.put("GET /api/product/categories", http().get("/api/product/categories"));
        replies.put("GET /api/product/getProductsCount", http().get("/api/product/getProductsCount"));
        replies.put("GET /api/product/" + id, http().get("/api/product/" + id));
        replies.put("GET /api/product/999999999", http().get("/api/product/999999999"));
        replies.put("POST /api/product", created);
        replies.put("POST /api/product ", send("POST", "/api/product", body, null));
        replies.put("POST /api/product  ", send("POST", "/api/product", body, customer));
        replies.put("POST /api/product   ", send("POST", "/api/product", "{\"name\": \" \"}", admin));
        replies.put("POST /api/product    ", http().send(http().request("/api/product").header("Authorization", admin)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body))));
        replies.put("POST /api/product     ", onFreshConnection(http().request("/api/product").header("Authorization", admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + "x".repeat(65 * 1024) + "\"}"))));
        replies.put("PUT /api/product/" + id, send("PUT", "/api/product/" + id, body, admin));
        replies.put("PUT /api/product/999999999", send("PUT", "/api/product/999999999", body, admin));
        replies.put("DELETE /api/product/" + id, send("DELETE", "/api/product/" + id, null, admin));
        replies.put("DELETE /api/product/" + id + " ", send("DELETE", "/api/product/" + id, null, admin));
        String order = "openapi-" + UUID.randomUUID();
        String reservation = "/internal/stock/reservations/" + order;
        replies.put("POST /internal/products/lookup", internal("POST", "/internal/products/lookup", "{\"ids\":[\"" + id + "\"]}", SERVICE_TOKEN));
        replies.put("POST /internal/products/lookup ", internal("POST", "/internal/products/lookup", "{\"ids\":[]}", SERVICE_TOKEN));
        replies.put("PUT " + reservation, reserve(order, Map.of(productInStock(), 1)));
        replies.put("PUT " + reservation + "x", reserve(order + "x", Map.of(productInStock(), 100_000)));
        replies.put("DELETE " + reservation, internal("DELETE", reservation, null, SERVICE_TOKEN));
        replies.put("DELETE " + reservation + " ", internal("DELETE", reservation, null, null));
        replies.put("DELETE " + reservation + "  ", internal("DELETE", reservation, null, "wrong"));
        replies.forEach((call, reply) -> {
            String[] methodAndPath = call.strip().split(" ", 2);
            openApi.assertDescribes(methodAndPath[0], methodAndPath[1], reply);
        });
        assertEquals(List.of(200, 400, 200, 400, 200, 200, 200, 200, 404, 201, 401, 403, 400, 415, 413, 200, 404, 204, 404,
                        200, 400, 200, 409, 200, 401, 403),
                replies.values().stream().map(Http.Reply::status).toList(), "the replies cover success and every error");
    }

    // ---- internal stock API: the shared cases come from InternalCatalogContract ---------------

    @Override
    public URI catalogBaseUri() {
        return base();
    }

    @Override
    public String serviceToken() {
        return SERVICE_TOKEN;
    }

    /** One product of the test run's own, made once, so the contract's stock arithmetic touches nothing else. */
    @Override
    public String productInStock() {
        synchronized (CatalogServiceIT.class) {
            if (contractProduct == null) {
                contractProduct = createProduct("IT Contract " + UUID.randomUUID(), "Contract Kibble", 1_000).getString("_id");
            }
            return contractProduct;
        }
    }

    @Test
    void aUsersAccessTokenIsNoServiceToken() {
        Http.Reply reply = internal("POST", "/internal/products/lookup", "{\"ids\":[\"1\"]}", admin);
        assertEquals(403, reply.status(), reply::toString);
        String order = "token-check-" + UUID.randomUUID();
        assertEquals(403, internal("PUT", "/internal/stock/reservations/" + order,
                "{\"items\":[{\"product_id\":\"1\",\"quantity\":1}]}", admin).status());
        assertEquals(0, reservationCount(order), "nothing was recorded");
    }


    @Test
    void twentyConcurrentOrdersForTheLastFiveUnitsSellExactlyFive() throws Exception {
        String product = createProduct("IT Last Five " + UUID.randomUUID(), "Last Five Leash", 5).getString("_id");
        int buyers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(buyers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            String order = "race-" + i + "-" + UUID.randomUUID();
            replies.add(pool.submit(() -> {
                start.await();
                return reserve(order, Map.of(product, 1));
            }));
        }
        start.countDown();
        int reserved = 0;
        int rejected = 0;
        for (Future<Http.Reply> reply : replies) {
            Http.Reply r = reply.get(60, TimeUnit.SECONDS);
            if (r.status() == 200) {
                reserved++;
            } else {
                assertEquals(409, r.status(), r::toString);
                assertEquals("out of stock: Last Five Leash", r.json().getString("reason"));
                rejected++;
            }
        }
        pool.shutdown();
        assertEquals(5, reserved, "exactly the five units in stock were sold");
        assertEquals(15, rejected);
        assertEquals(0, stock(product), "stock ends at zero, never below");
        assertEquals(5, reservedUnits(product), "five units recorded against five orders");
        assertEquals(0, http().get("/api/product/" + product).json().getInt("quantity"), "GET by id shows the stock on hand");
    }

    @Test
    void aListingShowsStockTakenByAnOrderWithinTheCacheLifetime() throws InterruptedException {
        String category = "IT Cached Stock " + UUID.randomUUID();
        String product = createProduct(category, "Cached Stock Mat", 10).getString("_id");
        String listing = "/api/product/products?page=1&limit=20&category=" + encode(category);
        assertEquals(10, http().get(listing).json().getJsonArray("products").getJsonObject(0).getInt("quantity"));
        assertEquals(200, reserve("order-" + UUID.randomUUID(), Map.of(product, 3)).status());
        // The listing may keep the page for its 1 s lifetime, never longer: poll with a generous deadline.
        int shown = 10;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); shown != 7 && System.nanoTime() < deadline; ) {
            Thread.sleep(100);
            shown = http().get(listing).json().getJsonArray("products").getJsonObject(0).getInt("quantity");
        }
        assertEquals(7, shown, "stock taken by an order shows in the listing once the cached page expires");
        deleteProduct(product);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static JsonObject productJson(String category, String name, int quantity) {
        return Json.createObjectBuilder()
                .add("name", name)
                .add("description", "made by " + CatalogServiceIT.class.getSimpleName())
                .add("price", 19.9)
                .add("rating", 4.5)
                .add("category", category)
                .add("quantity", quantity)
                .add("images", Json.createArrayBuilder().add("https://img.velure.example/lamp.jpg"))
                .add("dimensions", Json.createObjectBuilder().add("height", 30).add("width", 12.5).add("length", 12.5))
                .add("brand", "Test Brand")
                .add("colors", Json.createArrayBuilder().add("red").add("blue"))
                .build();
    }

    private JsonObject createProduct(String category, String name, int quantity) {
        Http.Reply created = send("POST", "/api/product", productJson(category, name, quantity).toString(), admin);
        assertEquals(201, created.status(), created::toString);
        return created.json();
    }

    private void deleteProduct(String id) {
        assertEquals(204, send("DELETE", "/api/product/" + id, null, admin).status());
    }

    private JsonObject listing(String listing, int page, String sizeParam, int size, String category) {
        Http.Reply reply = http().get(listing + "?page=" + page + "&" + sizeParam + "=" + size + "&category=" + encode(category));
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    private List<String> searchIds(String q, String category) {
        Http.Reply reply = http().get("/api/product/products?limit=100&q=" + encode(q)
                + (category == null ? "" : "&category=" + encode(category)));
        assertEquals(200, reply.status(), reply::toString);
        return ids(reply.json());
    }

    private void assertInvalid(String pathAndQuery, String field) {
        Http.Reply reply = http().get(pathAndQuery);
        assertEquals(400, reply.status(), pathAndQuery + ": " + reply);
        assertEquals(400, reply.json().getInt("status"));
        assertNotNull(reply.json().getString("error"));
        assertTrue(reply.json().getJsonObject("fields").containsKey(field), pathAndQuery + ": " + reply);
    }

    private Http.Reply reserve(String order, Map<String, Integer> lines) {
        StringBuilder items = new StringBuilder();
        lines.forEach((product, quantity) -> items.append(items.isEmpty() ? "" : ",")
                .append("{\"product_id\":\"").append(product).append("\",\"quantity\":").append(quantity).append('}'));
        return internal("PUT", "/internal/stock/reservations/" + order, "{\"items\":[" + items + "]}", SERVICE_TOKEN);
    }

    private Http.Reply internal(String method, String path, String body, String serviceToken) {
        return serviceToken == null ? send(method, path, body, null)
                : http().send(request(method, path, body).header("X-Service-Token", serviceToken));
    }

    /**
     * For a body the server refuses before reading it (413): a connection of its own, HTTP/1.1, so
     * the unread rest of the body cannot stall the shared client.
     */
    private static Http.Reply onFreshConnection(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Reply(response.statusCode(), response.headers(), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Http.Reply send(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = request(method, path, body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http().send(request);
    }

    private HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.Builder request = http().request(path);
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("products").getValuesAs(JsonObject.class).stream().map(p -> p.getString("_id")).toList();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The listing order the API promises, computed by the database itself. */
    private static List<String> idsInListingOrder(String category, int limit, int offset) throws SQLException {
        try (Connection db = PostgresExtension.superuser(); PreparedStatement query = db.prepareStatement(
                "SELECT id FROM catalog.product WHERE (?::text IS NULL OR category = ?) ORDER BY name, id LIMIT ? OFFSET ?")) {
            query.setString(1, category);
            query.setString(2, category);
            query.setInt(3, limit);
            query.setInt(4, offset);
            return strings(query);
        }
    }

    private static List<String> idsInListingOrderOf(List<String> ids) {
        try (Connection db = PostgresExtension.superuser(); PreparedStatement query = db.prepareStatement(
                "SELECT id FROM catalog.product WHERE id = ANY (?::bigint[]) ORDER BY name, id")) {
            query.setArray(1, db.createArrayOf("text", ids.toArray()));
            return strings(query);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(PreparedStatement query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static long productCount(String category) throws SQLException {
        return single("SELECT count(*) FROM catalog.product WHERE (?::text IS NULL OR category = ?)", category, category);
    }

    private static long stock(String productId) throws SQLException {
        return single("SELECT quantity FROM catalog.product WHERE id = ?::bigint", productId);
    }

    private static long reservedUnits(String productId) throws SQLException {
        return single("SELECT coalesce(sum(l.quantity), 0) FROM catalog.stock_reservation_line l"
                + " JOIN catalog.stock_reservation r USING (order_id) WHERE r.status = 'RESERVED' AND l.product_id = ?::bigint",
                productId);
    }

    private static long reservationCount(String orderId) {
        try {
            return single("SELECT count(*) FROM catalog.stock_reservation WHERE order_id = ?", orderId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long single(String sql, String... parameters) throws SQLException {
        try (Connection db = PostgresExtension.superuser(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), sql);
                return row.getLong(1);
            }
        }
    }
}
