package com.velure.devsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Creates the shared database and, for every service, a login role that owns exactly one schema
 * (plus {@value #REVOCATION_READER}, the one thing the other services may ask of auth's).
 * Idempotent: it runs on every start of the local stack and of a test JVM.
 */
public final class DatabaseProvisioner {

    /** The database every service connects to; each service stays inside its own schema. */
    public static final String DATABASE = "velure";

    /**
     * The group role of the services that check access tokens against auth's revoked sessions:
     * every service but auth is a member.
     */
    public static final String REVOCATION_READER = "revocation_reader";

    private DatabaseProvisioner() {
    }

    /**
     * @param superuserUrl JDBC URL of the maintenance database ({@code postgres}) as a superuser
     * @param user superuser name
     * @param password superuser password (may be empty under trust authentication)
     * @param rolePasswords the password each service role gets
     */
    public static void provision(String superuserUrl, String user, String password,
                                 Map<ServiceRole, String> rolePasswords) throws SQLException {
        try (Connection admin = DriverManager.getConnection(superuserUrl, user, password)) {
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                execute(admin, "CREATE DATABASE " + DATABASE);
            }
            for (var entry : rolePasswords.entrySet()) {
                String role = entry.getKey().role();
                if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                    execute(admin, "CREATE ROLE " + role + " LOGIN");
                }
                execute(admin, "ALTER ROLE " + role + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD "
                        + literal(entry.getValue()));
                execute(admin, "ALTER ROLE " + role + " SET search_path = " + entry.getKey().schema());
            }
            // May call auth's sessions_revoked_within(interval) (and its predecessor session_revoked(uuid)) and nothing else of auth (its migrations V4 and V5 grant that).
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", REVOCATION_READER)) {
                execute(admin, "CREATE ROLE " + REVOCATION_READER + " NOLOGIN");
            }
            for (ServiceRole service : rolePasswords.keySet()) {
                if (service != ServiceRole.AUTH) {
                    execute(admin, "GRANT " + REVOCATION_READER + " TO " + service.role());
                }
            }
        }
        String databaseUrl = superuserUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + DATABASE + "$1");
        try (Connection db = DriverManager.getConnection(databaseUrl, user, password)) {
            execute(db, "REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
            execute(db, "REVOKE ALL ON SCHEMA public FROM PUBLIC");
            for (ServiceRole service : rolePasswords.keySet()) {
                execute(db, "GRANT CONNECT, TEMPORARY ON DATABASE " + DATABASE + " TO " + service.role());
                execute(db, "CREATE SCHEMA IF NOT EXISTS " + service.schema() + " AUTHORIZATION " + service.role());
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
