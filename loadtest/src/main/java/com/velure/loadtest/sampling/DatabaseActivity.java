package com.velure.loadtest.sampling;

import com.velure.loadtest.LoadTestSettings.DatabaseTarget;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads pg_stat_activity over one connection of its own, opened lazily and reopened after a
 * failure, so a database that is briefly unreachable costs samples, not the run.
 */
final class DatabaseActivity implements AutoCloseable {

    /** How the sampler's own connection shows up in pg_stat_activity (and in the budget's headroom). */
    static final String APPLICATION_NAME = "velure-loadtest-sampler";

    private static final String QUERY = """
            SELECT coalesce(nullif(application_name, ''), '(none)') AS application,
                   coalesce(usename, '(none)') AS role,
                   count(*) AS connections,
                   count(*) FILTER (WHERE state = 'active') AS active,
                   count(*) FILTER (WHERE wait_event_type = 'Lock') AS waiting_on_lock,
                   current_setting('max_connections')::int AS max_connections,
                   current_setting('superuser_reserved_connections')::int AS reserved
              FROM pg_stat_activity
             WHERE backend_type = 'client backend'
             GROUP BY 1, 2""";

    private final DatabaseTarget target;
    private Connection connection;

    DatabaseActivity(DatabaseTarget target) {
        this.target = target;
    }

    DatabaseReading read() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Properties login = new Properties();
            login.setProperty("user", target.user());
            login.setProperty("password", target.password());
            login.setProperty("ApplicationName", APPLICATION_NAME);
            login.setProperty("connectTimeout", "2");
            login.setProperty("socketTimeout", "5");
            connection = DriverManager.getConnection(target.url(), login);
            connection.setAutoCommit(true);
        }
        try (PreparedStatement query = connection.prepareStatement(QUERY); ResultSet rows = query.executeQuery()) {
            int total = 0;
            int active = 0;
            int waiting = 0;
            int maxConnections = -1;
            int reserved = 0;
            TreeMap<String, Integer> byApplication = new TreeMap<>();
            TreeMap<String, Integer> byRole = new TreeMap<>();
            while (rows.next()) {
                int connections = rows.getInt("connections");
                byApplication.merge(rows.getString("application"), connections, Integer::sum);
                byRole.merge(rows.getString("role"), connections, Integer::sum);
                total += connections;
                active += rows.getInt("active");
                waiting += rows.getInt("waiting_on_lock");
                maxConnections = rows.getInt("max_connections");
                reserved = rows.getInt("reserved");
            }
            return new DatabaseReading(total, active, waiting, byApplication, byRole, maxConnections, reserved);
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing to save
            }
            connection = null;
        }
    }
}
