package com.velure.order;

import com.velure.order.testing.CatalogStandInExtension;
import com.velure.platform.testing.HostileInputTest;
import com.velure.platform.testing.HostileProbe;
import com.velure.platform.testing.HostileProbe.Target;
import com.velure.platform.testing.Http;
import com.velure.platform.testing.PostgresExtension;
import com.velure.platform.testing.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static com.velure.platform.testing.HostileInput.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every public order endpoint under generated hostile input (platform's {@link HostileProbe}):
 * order bodies in both shapes, Idempotency-Key, paging, order ids, the status stream's id and
 * query token, and the admin's status updates. Never a 5xx, never a leak in a body, every error
 * the JSON error body, and a rejected request changes no order, outbox entry or idempotency key.
 * After an accepted order the probe waits until the worker has finished it, so that background
 * processing is never taken for a change made by a rejected request.
 */
class HostileInputIsRefusedCleanlyIT extends HostileInputTest {

    private static final String PRODUCT = "77000001";
    private static final Duration SETTLE_DEADLINE = Duration.ofSeconds(60);

    @Test
    void everyPublicEndpointAnswersHostileInputWithA4xxAndChangesNothing() throws Exception {
        URI server = base();
        CatalogStandInExtension.catalog().put(PRODUCT, "Hostile ball", "4.50", 1_000_000);
        String user = "hostile-" + UUID.randomUUID();
        String customer = TestTokens.customer(user, user + "@example.com");
        String admin = TestTokens.admin("admin-" + UUID.randomUUID(), "admin@example.com");
        Supplier<List<String[]>> asCustomer = () -> headers("Authorization", "Bearer " + customer);
        Supplier<List<String[]>> asAdmin = () -> headers("Authorization", "Bearer " + admin);

        Http.Reply created = new Http(server).post("/api/order/create-order", items().toString(), "Authorization", "Bearer " + customer);
        assertEquals(201, created.status(), created::toString);
        String orderId = created.json().getString("order_id");
        HostileProbe.StoredData data = new OrderTables();
        data.settle();

        HostileProbe probe = new HostileProbe(server, "order", data);
        probe.attack(Target.of("POST", "/api/order/create-order").headers(asCustomer).keyHeader("Idempotency-Key")
                .body(HostileInputIsRefusedCleanlyIT::items));
        probe.attack(Target.of("POST", "/api/orders").headers(asCustomer).keyHeader("Idempotency-Key")
                .body(() -> items().getJsonArray("items")));
        probe.attack(Target.of("GET", "/api/order/user/orders").headers(asCustomer).query("page", "1").query("pageSize", "10"));
        probe.attack(Target.of("GET", "/api/order/user/order").headers(asCustomer).query("id", orderId));
        probe.attack(Target.of("GET", "/api/order/user/order/status").query("id", orderId).query("token", customer));
        probe.attack(Target.of("GET", "/api/order/orders").headers(asAdmin).query("page", "1").query("pageSize", "10"));
        probe.attack(Target.of("POST", "/api/order/update-order-status").headers(asAdmin)
                .body(() -> Json.createObjectBuilder().add("order_id", orderId).add("status", "COMPLETED").build()));
        probe.report();
    }

    private static JsonObject items() {
        JsonArray lines = Json.createArrayBuilder().add(Json.createObjectBuilder().add("product_id", PRODUCT).add("quantity", 1)
                .add("name", "ignored").add("price", 0.01)).build();
        return Json.createObjectBuilder().add("items", lines).build();
    }

    /** The order schema's tables; settled when no order is still waiting for or in processing. */
    private static final class OrderTables implements HostileProbe.StoredData {

        private final HostileProbe.StoredData tables = HostileProbe.tables("orders.customer_order", "orders.order_line",
                "orders.order_status_change", "orders.order_outbox", "orders.idempotency_key");

        @Override
        public String fingerprint() {
            return tables.fingerprint();
        }

        @Override
        public void settle() {
            Instant deadline = Instant.now().plus(SETTLE_DEADLINE);
            try (Connection db = PostgresExtension.superuser(); Statement query = db.createStatement()) {
                while (true) {
                    try (ResultSet row = query.executeQuery("SELECT (SELECT count(*) FROM orders.customer_order"
                            + " WHERE status IN ('CREATED', 'PROCESSING')) + (SELECT count(*) FROM orders.order_outbox)")) {
                        row.next();
                        if (row.getLong(1) == 0) {
                            return;
                        }
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new AssertionError("orders still unprocessed after " + SETTLE_DEADLINE);
                    }
                    Thread.sleep(50);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
