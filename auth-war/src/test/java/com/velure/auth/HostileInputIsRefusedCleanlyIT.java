package com.velure.auth;

import com.velure.platform.testing.HostileInputTest;
import com.velure.platform.testing.HostileProbe;
import com.velure.platform.testing.HostileProbe.Target;
import com.velure.platform.testing.Http;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static com.velure.platform.testing.HostileInput.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every public auth endpoint under generated hostile input (platform's {@link HostileProbe}):
 * never a 5xx, never a leak in a body, every error the JSON error body, and a rejected request
 * changes no account, session or refresh token. Each request comes from its own X-Forwarded-For
 * address (the test client is a trusted loopback peer), so the per-address login throttle does
 * not turn the rest of the run into 429s.
 */
class HostileInputIsRefusedCleanlyIT extends HostileInputTest {

    private static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Test
    void everyPublicEndpointAnswersHostileInputWithA4xxAndChangesNothing() {
        URI server = URI.create("http://localhost:" + base.getPort() + "/");
        Http http = new Http(server);
        String email = "hostile-" + UUID.randomUUID() + "@velure.test";
        Http.Reply registered = http.post("/api/auth/register", Json.createObjectBuilder().add("name", "Hostile Tester")
                .add("email", email).add("password", PASSWORD).build().toString());
        assertEquals(201, registered.status(), registered::toString);
        String customer = registered.json().getString("accessToken");
        Http.Reply admin = http.post("/api/auth/login", Json.createObjectBuilder().add("email", "admin@velure.test")
                .add("password", System.getenv("VELURE_ADMIN_PASSWORD")).build().toString());
        assertEquals(200, admin.status(), admin::toString);
        String adminToken = admin.json().getString("accessToken");

        HostileProbe probe = new HostileProbe(server, "auth",
                HostileProbe.tables("auth.app_user", "auth.user_session", "auth.refresh_token"));
        probe.attack(Target.of("POST", "/api/auth/register").headers(HostileInputIsRefusedCleanlyIT::fromNewAddress)
                .body(() -> credentials("Ann Hostile", "new-" + UUID.randomUUID() + "@velure.test")));
        probe.attack(Target.of("POST", "/api/auth/login").headers(HostileInputIsRefusedCleanlyIT::fromNewAddress)
                .body(() -> Json.createObjectBuilder().add("email", email).add("password", PASSWORD).build()));
        // A made-up token: reusing a real, rotated one revokes its session on purpose (a 401 that changes data).
        probe.attack(Target.of("POST", "/api/auth/refresh").headers(HostileInputIsRefusedCleanlyIT::fromNewAddress)
                .body(() -> Json.createObjectBuilder().add("refreshToken", "no-such-refresh-token").build()));
        probe.attack(Target.of("DELETE", "/api/auth/logout/{id}").pathId(() -> "no-such-refresh-token")
                .headers(HostileInputIsRefusedCleanlyIT::fromNewAddress));
        probe.attack(Target.of("POST", "/api/auth/validateToken").headers(HostileInputIsRefusedCleanlyIT::fromNewAddress)
                .body(() -> Json.createObjectBuilder().add("token", customer).build()));
        probe.attack(Target.of("GET", "/api/auth/me").headers(() -> headers("Authorization", "Bearer " + customer)));
        probe.attack(Target.of("GET", "/api/auth/users").query("page", "1").query("pageSize", "2")
                .headers(() -> headers("Authorization", "Bearer " + adminToken)));
        probe.attack(Target.of("GET", "/api/auth/.well-known/jwks.json"));
        probe.report();
    }

    private static JsonObject credentials(String name, String email) {
        return Json.createObjectBuilder().add("name", name).add("email", email).add("password", PASSWORD).build();
    }

    /** An address of its own from the benchmarking range 198.18.0.0/15, as the ingress would forward it. */
    private static List<String[]> fromNewAddress() {
        int n = ADDRESSES.incrementAndGet();
        return headers("X-Forwarded-For", "198.19." + (n >> 8 & 0xff) + "." + (n & 0xff));
    }
}
