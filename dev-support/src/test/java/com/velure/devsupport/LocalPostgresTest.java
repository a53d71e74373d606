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

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code ./run-local.sh} promises about its database, on a real PostgreSQL: a plain start
 * keeps the data of the last run, {@code --fresh} starts empty on a machine that has run the
 * stack before, and what a fresh run writes is still there at the next plain start.
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
