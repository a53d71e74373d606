package com.velure.platform.testing;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every Velure service promises operators, checked from outside against its packaged WAR in
 * a real Payara Micro with the pool from server-config/: readiness, applied migrations, real pool
 * metrics and JSON errors, and (from {@link SecurityContract}) the attacks every service
 * withstands. Each WAR's integration test class extends this one and adds its own feature tests,
 * so each WAR boots one server.
 */
@ExtendWith(PostgresExtension.class)
@ExtendWith(TestKeys.class)
@ExtendWith(ServerLog.class)
@ExtendWith(ArquillianExtension.class)
public abstract class ServiceContract implements SecurityContract {

    /** Every pool metric the README lists. */
    public static final String[] POOL_METRICS = {
        "db_pool_connections_in_use", "db_pool_connections_idle", "db_pool_connections_max", "db_pool_max_wait_milliseconds",
        "db_pool_waiting_threads", "db_pool_wait_milliseconds_last", "db_pool_wait_milliseconds_average",
        "db_pool_wait_timeouts_total", "db_pool_connections_created_total", "db_pool_connections_destroyed_total",
        "db_pool_connections_acquired_total", "db_pool_connections_released_total",
        "db_pool_validation_failures_total", "db_pool_potential_leaks_total"};

    private final String database;
    private final String apiPrefix;

    @ArquillianResource
    protected URL base;

    /**
     * @param database the service's schema/role name ({@code catalog}); its pool is {@code <database>-pool}
     * @param apiPrefix the service's public prefix under /api ({@code product})
     */
    protected ServiceContract(String database, String apiPrefix) {
        this.database = database;
        this.apiPrefix = apiPrefix;
    }

    /**
     * The WAR exactly as the build packaged it, plus the test-only classes a module names in system
     * property {@code velure.test.deploymentClasses} (comma-separated), so a WAR's one test class can
     * still use a test resource.
     */
    @Deployment(testable = false)
    public static WebArchive packagedWar() {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("velure.war")));
        for (String name : System.getProperty("velure.test.deploymentClasses", "").split(",")) {
            if (!name.isBlank()) {
                try {
                    war.addClass(Class.forName(name.strip()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("velure.test.deploymentClasses names a missing class", e);
                }
            }
        }
        return war;
    }

    protected URI base() {
        try {
            return base.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    protected Http http() {
        return new Http(base());
    }

    @Override
    public URI serviceBase() {
        return base();
    }

    @Override
    public String databaseRole() {
        return database;
    }

    @Test
    void isReadyWithItsMigrationsApplied() throws SQLException {
        assertReady(base());
        assertMigrated(database, 1);
    }

    /**
     * The revoked-session list (platform's RevokedSessions) is loaded while the WAR deploys, before
     * Payara reports itself ready, so a just-started replica's first signed-in requests find it. Loaded
     * in the background after that, concurrent ones got 503 for the few hundred milliseconds of the
     * first, cold load (CI, 2026-12-07: the first request of catalog's HostileInputIsRefusedCleanlyIT).
     */
    @Test
    void loadsTheRevokedSessionsBeforeItIsReady() throws IOException {
        System.out.flush();
        List<String> log = Files.readAllLines(ServerLog.file(), StandardCharsets.ISO_8859_1);
        int ready = firstLineWith(log, "Payara Micro", ") ready in ");
        int loaded = firstLineWith(log, "Revoked sessions loaded");
        assertTrue(ready >= 0, "the server log holds Payara's ready line");
        assertTrue(loaded >= 0 && loaded < ready, "revoked sessions loaded at line " + loaded + ", Payara ready at line " + ready);
    }

    private static int firstLineWith(List<String> lines, String... parts) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (Arrays.stream(parts).allMatch(line::contains)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void exportsRealPoolAndRequestMetrics() {
        Http.Reply reply = http().get("/api/" + apiPrefix + "/status");
        assertEquals(200, reply.status(), reply::toString);
        assertPoolMetricsReal(base(), database + "-pool");
        assertRequestMetered(base(), "/api/{prefix}/status"); // the template, not the raw path
    }

    /**
     * Clients generate code from /openapi: it names the service and its bearer scheme. (Each WAR's
     * test holds its own real replies against it; Payara documents only the WAR's own classes,
     * not platform's operator routes such as the status endpoint.)
     */
    @Test
    void describesItselfInOpenApi() {
        OpenApiDocument.of(base()).assertDescribesItself();
    }

    @Test
    void answersUnknownPathsWithJson404() {
        assertJsonNotFound(base(), "/api/no/such/thing");
        assertJsonNotFound(base(), "/nowhere");
    }

    /** A header the container itself refuses (before JAX-RS runs) still gets the API's JSON error, not Payara's HTML page. */
    @Test
    void answersAMalformedHeaderWithTheJsonErrorNotAServerPage() {
        Http.Reply malformed = http().get("/api/" + apiPrefix + "/status", "Accept", "application/json;q=abc");
        assertEquals(400, malformed.status(), malformed::toString);
        assertTrue(malformed.header("Content-Type").startsWith("application/json"), malformed::toString);
        assertEquals(400, malformed.json().getInt("status"), malformed::toString);
        assertFalse(malformed.body().contains("Payara"), malformed::toString);
    }

    public static void assertReady(URI base) {
        Http.Reply ready = new Http(base).get("/health/ready");
        assertEquals(200, ready.status(), ready::toString);
        JsonObject health = ready.json();
        assertEquals("UP", health.getString("status"), ready::toString);
        assertTrue(ready.body().contains("schemaVersion"), "readiness checks the database: " + ready);
    }

    /** Flyway's history table in the service's own schema lists every migration as successful. */
    public static void assertMigrated(String schema, int atLeast) throws SQLException {
        try (Connection db = PostgresExtension.superuser(); Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT count(*) FILTER (WHERE success), count(*) FROM "
                     + schema + ".flyway_schema_history WHERE version IS NOT NULL")) {
            rows.next();
            assertTrue(rows.getInt(1) >= atLeast, "applied migrations in " + schema + ": " + rows.getInt(1));
            assertEquals(rows.getInt(2), rows.getInt(1), "every migration in " + schema + " succeeded");
        }
    }

    /** /metrics names every pool figure for the service's pool, and the pool has really opened connections. */
    public static void assertPoolMetricsReal(URI base, String pool) {
        Http.Reply metrics = new Http(base).get("/metrics");
        assertEquals(200, metrics.status(), metrics::toString);
        for (String name : POOL_METRICS) {
            assertFalse(Double.isNaN(metric(metrics.body(), name, pool)), name + " for " + pool + " is missing or NaN");
        }
        assertTrue(metric(metrics.body(), "db_pool_connections_created_total", pool) > 0, "pool opened connections");
        assertTrue(metric(metrics.body(), "db_pool_connections_acquired_total", pool) > 0, "pool lent connections");
        assertTrue(metric(metrics.body(), "db_pool_connections_max", pool) > 0, "pool has a max size");
    }

    /** /metrics counts and times the request the test just made, under its path template. */
    public static void assertRequestMetered(URI base, String pathTemplate) {
        String metrics = new Http(base).get("/metrics").body();
        Matcher count = Pattern.compile("(?m)^http_server_requests_seconds_count\\{[^}]*path=\""
                + Pattern.quote(pathTemplate) + "\"[^}]*\\} (\\S+)$").matcher(metrics);
        assertTrue(count.find() && Double.parseDouble(count.group(1)) >= 1, "request metrics for " + pathTemplate);
    }

    /** An unknown path under the service answers the API's JSON 404, not a server page. */
    public static void assertJsonNotFound(URI base, String path) {
        Http.Reply missing = new Http(base).get(path);
        assertEquals(404, missing.status(), missing::toString);
        assertTrue(missing.header("Content-Type").startsWith("application/json"), missing::toString);
        assertEquals(404, missing.json().getInt("status"));
        assertEquals("not found", missing.json().getString("error"));
        assertTrue(missing.json().containsKey("requestId"), missing::toString);
    }

    /** A metric's value for the pool from Prometheus text, NaN when absent. */
    public static double metric(String prometheusText, String name, String pool) {
        Matcher line = Pattern.compile("(?m)^" + name + "\\{[^}]*pool=\"" + Pattern.quote(pool) + "\"[^}]*\\} (\\S+)$")
                .matcher(prometheusText);
        return line.find() ? Double.parseDouble(line.group(1)) : Double.NaN;
    }
}
