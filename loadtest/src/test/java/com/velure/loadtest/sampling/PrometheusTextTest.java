package com.velure.loadtest.sampling;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PrometheusTextTest {

    private static final String METRICS = """
            # TYPE db_pool_connections_in_use gauge
            # HELP db_pool_connections_in_use Connections lent to requests right now
            db_pool_connections_in_use{mp_scope="application",pool="auth-pool"} 3.0
            db_pool_connections_idle{mp_scope="application",pool="auth-pool"} 5.0
            db_pool_waiting_threads{mp_scope="application",pool="auth-pool"} 0.0
            db_pool_wait_timeouts_total{mp_scope="application",pool="auth-pool"} 12.0
            db_pool_connections_max{mp_scope="application",pool="auth-pool"} 8.0
            http_server_requests_seconds_count{method="GET",path="/a \\"b\\"",status="200"} 7 1700000000000
            jvm_uptime_seconds 42.5
            """;

    @Test
    void readsNamesLabelsAndValues() {
        List<PrometheusText.Sample> samples = PrometheusText.parse(METRICS);

        assertEquals(7, samples.size());
        assertEquals(new PrometheusText.Sample("db_pool_connections_in_use", Map.of("mp_scope", "application", "pool", "auth-pool"), 3.0), samples.get(0));
        assertEquals("/a \"b\"", samples.get(5).labels().get("path"));
        assertEquals(7.0, samples.get(5).value(), "a timestamp after the value is ignored");
        assertEquals(new PrometheusText.Sample("jvm_uptime_seconds", Map.of(), 42.5), samples.get(6));
    }

    @Test
    void aPoolReadingTakesTheServicesPoolGauges() {
        PoolReading pool = PoolReading.of(PrometheusText.parse(METRICS));

        assertEquals("auth-pool", pool.pool());
        assertEquals(3, pool.inUse());
        assertEquals(5, pool.idle());
        assertEquals(0, pool.waiting());
        assertEquals(12, pool.waitTimeoutsTotal());
        assertEquals(8, pool.maxSize());
        assertEquals(Double.NaN, pool.maxWaitMillis(), "not published: NaN, never a made-up 0");
        assertNull(PoolReading.of(PrometheusText.parse("jvm_uptime_seconds 1\n")));
    }
}
