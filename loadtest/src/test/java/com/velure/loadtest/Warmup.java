package com.velure.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A few journeys one after another before the load, not counted: the services' JIT compiles the
 * hot paths (password hashing first of all) and the pools open, so the run measures a warm system,
 * like a production one that has been up for a while, not the first seconds of three fresh JVMs.
 */
final class Warmup {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    // HTTP/1.1 as the journey speaks it: the JDK client would otherwise try an h2c upgrade on every request.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    Warmup(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Runs {@code journeys} journeys; returns how many completed (a failed one is only reported). */
    int run(int journeys, String emailPrefix, String password) throws InterruptedException {
        int completed = 0;
        String lastFailure = null;
        for (int i = 0; i < journeys; i++) {
            try {
                String email = emailPrefix + "-warmup-" + i + "@example.com";
                JsonNode registered = send("POST", "/api/auth/register", Map.of("name", "Warm-up " + i, "email", email, "password", password), null, 201);
                JsonNode login = send("POST", "/api/auth/login", Map.of("email", email, "password", password), null, 200);
                JsonNode page = send("GET", "/api/product/products?page=1&limit=20", null, null, 200);
                JsonNode product = page.path("products").path(i % Math.max(1, page.path("products").size()));
                send("POST", "/api/order/create-order", Map.of("items", List.of(Map.of("product_id", product.path("_id").asText(),
                        "quantity", 1))), login.path("accessToken").asText(registered.path("accessToken").asText()), 201);
                completed++;
            } catch (IOException | IllegalStateException e) {
                lastFailure = e.toString();
            }
        }
        System.out.println("[loadtest] warm-up: " + completed + " of " + journeys + " journeys completed"
                + (lastFailure == null ? "" : " (last failure: " + lastFailure + ")"));
        return completed;
    }

    private JsonNode send(String method, String path, Object body, String token, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
