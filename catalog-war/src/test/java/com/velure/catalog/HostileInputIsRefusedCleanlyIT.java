package com.velure.catalog;

import com.velure.platform.testing.HostileInputTest;
import com.velure.platform.testing.HostileProbe;
import com.velure.platform.testing.HostileProbe.Target;
import com.velure.platform.testing.Http;
import com.velure.platform.testing.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import static com.velure.platform.testing.HostileInput.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every public catalog endpoint under generated hostile input (platform's {@link HostileProbe}):
 * listings, paging, search, ids and the admin's product bodies. Never a 5xx, never a leak in a
 * body, every error the JSON error body, and a rejected request changes no product or stock.
 */
class HostileInputIsRefusedCleanlyIT extends HostileInputTest {

    @Test
    void everyPublicEndpointAnswersHostileInputWithA4xxAndChangesNothing() throws Exception {
        URI server = base();
        String admin = "Bearer " + TestTokens.admin("1", "admin@velure.test");
        Supplier<List<String[]>> asAdmin = () -> headers("Authorization", admin);
        Http.Reply created = new Http(server).post("/api/product", product().toString(), "Authorization", admin);
        assertEquals(201, created.status(), created::toString);
        String id = created.json().getString("_id");

        HostileProbe probe = new HostileProbe(server, "catalog",
                HostileProbe.tables("catalog.product", "catalog.stock_reservation", "catalog.stock_reservation_line"));
        probe.attack(Target.of("GET", "/api/product/products").query("page", "1").query("limit", "10")
                .query("category", "Toys").query("q", "ball"));
        probe.attack(Target.of("GET", "/api/product/products").query("page", "2").query("pageSize", "5"));
        probe.attack(Target.of("GET", "/api/product/getProductsByPage").query("page", "1").query("pageSize", "10"));
        probe.attack(Target.of("GET", "/api/product/getProductsByPageAndCategory").query("page", "1").query("pageSize", "10")
                .query("category", "Toys"));
        probe.attack(Target.of("GET", "/api/product/categories"));
        probe.attack(Target.of("GET", "/api/product/getProductsCount"));
        probe.attack(Target.of("GET", "/api/product/{id}").pathId(() -> id));
        probe.attack(Target.of("POST", "/api/product").headers(asAdmin).body(HostileInputIsRefusedCleanlyIT::product));
        probe.attack(Target.of("PUT", "/api/product/{id}").pathId(() -> id).headers(asAdmin).body(HostileInputIsRefusedCleanlyIT::product));
        probe.attack(Target.of("DELETE", "/api/product/{id}").pathId(() -> "999999999").headers(asAdmin));
        probe.report();
    }

    /** A valid product with every field, in a category of its own. */
    private static JsonObject product() {
        return Json.createObjectBuilder().add("name", "Hostile ball").add("description", "A ball for the hostile-input test")
                .add("price", 4.5).add("rating", 4.5).add("category", "Hostile").add("quantity", 10)
                .add("images", Json.createArrayBuilder().add("https://example.com/ball.png"))
                .add("dimensions", Json.createObjectBuilder().add("height", 6.5).add("width", 6.5).add("length", 6.5).add("weight", 0.2))
                .add("brand", "Velure").add("colors", Json.createArrayBuilder().add("red").add("blue"))
                .build();
    }
}
