package com.velure.platform.testing;

import com.velure.devsupport.DatabaseProvisioner;
import com.velure.devsupport.LocalPostgres;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Starts one real PostgreSQL for the whole test JVM, before Arquillian boots Payara Micro, and
 * provisions the service roles and schemas. Register it before {@code ArquillianExtension}.
 *
 * <p>The port comes from the environment variable {@code DB_PORT}, which the build reserves and
 * which the Payara Micro process inherits, so the pool in server-config/ finds the server without
 * test-only configuration. {@code -Dvelure.test.postgres=testcontainers} uses a Docker container
 * instead of the embedded server.
 */
public final class PostgresExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    private static volatile TestPostgres running;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("postgres", key -> start(), TestPostgres.class);
    }

    /** A superuser connection to the shared database, for assertions the services cannot make. */
    public static Connection superuser() throws SQLException {
        if (running == null) {
            throw new IllegalStateException("PostgresExtension has not started PostgreSQL; register it on the test class");
        }
        return DriverManager.getConnection(running.superuserUrl(), "postgres", running.superuserPassword());
    }

    private static TestPostgres start() {
        String port = System.getenv("DB_PORT");
        if (port == null) {
            throw new IllegalStateException("DB_PORT is not set: the build reserves it (see the failsafe configuration)");
        }
        try {
            TestPostgres postgres = "testcontainers".equals(System.getProperty("velure.test.postgres"))
                    ? ContainerPostgres.start(Integer.parseInt(port))
                    : EmbeddedTestPostgres.start(Integer.parseInt(port));
            running = postgres;
            if (!"auth".equals(System.getProperty("velure.test.database"))) {
                standInForAuthsSessionCheck();
            }
            return postgres;
        } catch (Exception e) {
            throw new IllegalStateException("could not start PostgreSQL for the tests", e);
        }
    }

    /**
     * Outside auth's own test, auth's schema is empty, but every service reads
     * {@code auth.sessions_revoked_within(interval)} to refuse the tokens of revoked sessions
     * (platform's RevokedSessions): the same function, with the same grant, over a table the test
     * can fill ({@link #revokeSession}).
     */
    private static void standInForAuthsSessionCheck() throws SQLException {
        try (Connection db = superuser(); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE auth.revoked_session_stand_in (id UUID PRIMARY KEY, revoked_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            sql.execute("CREATE FUNCTION auth.sessions_revoked_within(period INTERVAL) RETURNS SETOF UUID LANGUAGE sql STABLE SECURITY DEFINER"
                    + " SET search_path = auth, pg_temp"
                    + " AS $$ SELECT id FROM auth.revoked_session_stand_in WHERE revoked_at >= now() - period $$");
            sql.execute("REVOKE ALL ON FUNCTION auth.sessions_revoked_within(INTERVAL) FROM PUBLIC");
            sql.execute("GRANT USAGE ON SCHEMA auth TO " + DatabaseProvisioner.REVOCATION_READER);
            sql.execute("GRANT EXECUTE ON FUNCTION auth.sessions_revoked_within(INTERVAL) TO " + DatabaseProvisioner.REVOCATION_READER);
        }
    }

    /**
     * Stops PostgreSQL with a fast shutdown (it closes every client connection) and starts it again,
     * keeping the data: what the pools meet when the database restarts. Returns once it accepts
     * connections again. Only for a test class with its own server (its own failsafe execution).
     */
    public static void restart() throws Exception {
        if (running == null) {
            throw new IllegalStateException("PostgresExtension has not started PostgreSQL; register it on the test class");
        }
        running.restart();
    }

    /** In a service other than auth: the session of {@code sessionId} is from now on revoked. */
    public static void revokeSession(UUID sessionId) throws SQLException {
        try (Connection db = superuser(); PreparedStatement insert = db.prepareStatement("INSERT INTO auth.revoked_session_stand_in VALUES (?)")) {
            insert.setObject(1, sessionId);
            insert.executeUpdate();
        }
    }

    /** The server behind the tests, closed by JUnit when the test JVM's root context closes. */
    interface TestPostgres extends ExtensionContext.Store.CloseableResource {
        String superuserUrl();

        String superuserPassword();

        void restart() throws Exception;
    }

    private record EmbeddedTestPostgres(LocalPostgres server) implements TestPostgres {
        static TestPostgres start(int port) throws Exception {
            LocalPostgres server = LocalPostgres.temporary(port);
            server.provisionWithThrowawayPasswords();
            return new EmbeddedTestPostgres(server);
        }

        @Override
        public String superuserUrl() {
            return server.superuserUrl(DatabaseProvisioner.DATABASE);
        }

        @Override
        public String superuserPassword() {
            return "";
        }

        @Override
        public void restart() throws Exception {
            server.restart();
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
