package com.velure.loadtest.report;

import com.velure.loadtest.LoadTestSettings.DatabaseTarget;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the run left in the database, read once it is over: what became of its orders once
 * processing settled (COMPLETED, or FAILED and why), the lowest stock left in the catalog (an
 * out-of-stock failure would be an artefact of the test, not a result), and the Argon2id
 * parameters its users' password hashes were actually made with (the PHC string says so, whatever
 * the configuration claimed). Read-only queries on the services' schemas as the database
 * superuser; when a schema looks different, the report says "not available" instead of guessing.
 *
 * @param byStatus       "STATUS" or "FAILED: reason" → orders
 * @param lowestStock    the smallest quantity of any product, -1 if unknown
 * @param hashParameters Argon2 parameters ("m=19456,t=2,p=1") → users registered by the run
 * @param note           why the figures are missing or incomplete, null when they are complete
 */
public record RunOutcomes(Map<String, Long> byStatus, long lowestStock, Map<String, Long> hashParameters, String note) {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    /** Waits (at most 30 s) for the run's orders to leave CREATED/PROCESSING, then counts them. */
    public static RunOutcomes read(DatabaseTarget database, long sinceMillis) {
        try (Connection db = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            Timestamp since = new Timestamp(sinceMillis);
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (pending(db, since) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            Map<String, Long> byStatus = new LinkedHashMap<>();
            try (PreparedStatement query = db.prepareStatement("""
                    SELECT status, reason, count(*) FROM orders.customer_order WHERE created_at >= ?
                     GROUP BY status, reason ORDER BY count(*) DESC""")) {
                query.setTimestamp(1, since);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String reason = rows.getString(2);
                        byStatus.merge(rows.getString(1) + (reason == null ? "" : ": " + reason), rows.getLong(3), Long::sum);
                    }
                }
            }
            long lowest = -1;
            try (PreparedStatement query = db.prepareStatement("SELECT min(quantity) FROM catalog.product");
                 ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    lowest = rows.getLong(1);
                }
            }
            Map<String, Long> hashes = new LinkedHashMap<>();
            try (PreparedStatement query = db.prepareStatement("""
                    SELECT coalesce(substring(password_hash from '^[$]argon2id[$]v=[0-9]+[$]([^$]+)[$]'), 'not Argon2id'), count(*)
                      FROM auth.app_user WHERE created_at >= ? GROUP BY 1 ORDER BY 2 DESC""")) {
                query.setTimestamp(1, since);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        hashes.put(rows.getString(1), rows.getLong(2));
                    }
                }
            } catch (SQLException e) {
                hashes.put("not available: " + e.getMessage(), 0L);
            }
            long stillPending = pending(db, since);
            return new RunOutcomes(byStatus, lowest, hashes, stillPending == 0 ? null : stillPending + " orders still unfinished 30 s after the run");
        } catch (SQLException e) {
            return new RunOutcomes(Map.of(), -1, Map.of(), "not available: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RunOutcomes(Map.of(), -1, Map.of(), "interrupted");
        }
    }

    private static long pending(Connection db, Timestamp since) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "SELECT count(*) FROM orders.customer_order WHERE created_at >= ? AND status IN ('CREATED', 'PROCESSING')")) {
            query.setTimestamp(1, since);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
