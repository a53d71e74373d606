package com.velure.loadtest;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadTestSettingsTest {

    @Test
    void aStartedStackIsSampledOnItsOwnPorts() {
        Map<String, String> properties = Map.of("loadtest.stack", "local", "loadtest.port.ingress", "48080",
                "loadtest.port.auth", "48081", "loadtest.port.catalog", "48082", "loadtest.port.order", "48083",
                "loadtest.port.db", "55432", "loadtest.stack.env", "AUTH_DB_POOL_MAX_SIZE=1000, ORDER_DB_POOL_MAX_WAIT_MS=60000");

        LoadTestSettings settings = LoadTestSettings.from(properties::get, Map.of());

        assertEquals("http://localhost:48080", settings.baseUrl());
        assertEquals("http://localhost:48082/metrics?scope=application", settings.metricsUrls().get("catalog"));
        assertEquals("jdbc:postgresql://localhost:55432/velure", settings.database().orElseThrow().url());
        assertEquals(Map.of("AUTH_DB_POOL_MAX_SIZE", "1000", "ORDER_DB_POOL_MAX_WAIT_MS", "60000"), settings.stack().orElseThrow().environment());
        assertEquals(Thresholds.GOALS, settings.thresholds());
        assertEquals(3, settings.metricsUrls().size());
        assertTrue(settings.metricsUrls().containsKey("auth"), settings.metricsUrls().toString());
    }

    @Test
    void replicasAreSampledEachOnItsOwnPortAsTheLauncherNamesThem() {
        Map<String, String> properties = Map.of("loadtest.stack", "local", "loadtest.port.auth", "48081",
                "loadtest.port.catalog", "48082", "loadtest.port.order", "48083", "loadtest.replicas", "auth=3,order=2",
                "loadtest.pgbouncer", "true");

        LoadTestSettings settings = LoadTestSettings.from(properties::get, Map.of());

        String metrics = "/metrics?scope=application";
        assertEquals(Map.of("auth-1", "http://localhost:48081" + metrics, "auth-2", "http://localhost:48181" + metrics,
                "auth-3", "http://localhost:48281" + metrics, "catalog", "http://localhost:48082" + metrics,
                "order-1", "http://localhost:48083" + metrics, "order-2", "http://localhost:48183" + metrics), settings.metricsUrls());
        assertEquals("auth=3,catalog=1,order=2", settings.stack().orElseThrow().replicaSpec());
        assertTrue(settings.stack().orElseThrow().pgBouncer());
    }

    @Test
    void usersAndHoldReachTheNamedProfileAndEmptyOnesMeanItsDefaults() {
        LoadTestSettings held = LoadTestSettings.from(Map.of("loadtest.stack", "none", "loadtest.profile", "hold",
                "loadtest.users", "60", "loadtest.hold.seconds", "180")::get, Map.of());
        // what Maven passes when run.sh was given neither option
        LoadTestSettings knee = LoadTestSettings.from(Map.of("loadtest.stack", "none", "loadtest.profile", "knee",
                "loadtest.users", "", "loadtest.hold.seconds", "")::get, Map.of());

        assertEquals(LoadProfile.hold(60, 180), held.profile());
        assertEquals(LoadProfile.knee(1000, 60), knee.profile());
    }

    @Test
    void anyBaseUrlWithoutSamplingWhenNothingIsNamed() {
        LoadTestSettings settings = LoadTestSettings.from(Map.of("loadtest.stack", "none", "loadtest.profile", "seed",
                "loadtest.threshold.requestP95Ms", "3000")::get, Map.of("BASE_URL", "https://shop.example/"));

        assertEquals("https://shop.example", settings.baseUrl());
        assertTrue(settings.metricsUrls().isEmpty());
        assertTrue(settings.database().isEmpty());
        assertTrue(settings.stack().isEmpty());
        assertEquals("seed", settings.profile().name());
        assertEquals(3000, settings.thresholds().requestP95Ms());
    }

    @Test
    void metricsUrlsNamedForAnyDeploymentKeepTheirQuery() {
        LoadTestSettings settings = LoadTestSettings.from(Map.of("loadtest.stack", "none",
                "loadtest.metrics", "auth=https://a.example/metrics?scope=application, order=https://o.example/metrics")::get,
                Map.of("BASE_URL", "https://shop.example"));

        assertEquals(Map.of("auth", "https://a.example/metrics?scope=application", "order", "https://o.example/metrics"),
                settings.metricsUrls());
    }
}
