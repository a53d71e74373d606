package com.velure.order.processing;

import com.velure.order.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The outbox of orders that still need work. A row is claimed with {@code FOR UPDATE SKIP LOCKED}
 * (so several workers, in one or many instances, never take the same row at the same time) and
 * leased by moving its {@code available_at} into the future; it is deleted in the transaction that
 * settles the order. If the worker dies, the lease runs out and the row is claimed again.
 */
@ApplicationScoped
public class OutboxStore {

    @Inject
    Transactions transactions;

    /** A claimed row: the order and how many times it has been claimed, this time included. */
    public record Claim(UUID orderId, int attempts) {
    }

    /**
     * Puts the order in the outbox, due now, in the caller's transaction. A row already there is
     * left alone: a worker holds it (or will) and settles the order from its current status.
     */
    public void enqueue(Connection connection, UUID orderId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO order_outbox (order_id) VALUES (?) ON CONFLICT (order_id) DO NOTHING")) {
            insert.setObject(1, orderId);
            insert.executeUpdate();
        }
    }

    /** Claims up to {@code limit} due rows for {@code lease}, oldest first, skipping rows another worker is claiming. */
    public List<Claim> claim(int limit, Duration lease) throws SQLException {
        return transactions.once(connection -> {
            try (PreparedStatement claim = connection.prepareStatement(
                    "UPDATE order_outbox o SET available_at = now() + make_interval(secs => ?), attempts = o.attempts + 1"
                            + " FROM (SELECT order_id FROM order_outbox WHERE available_at <= now()"
                            + " ORDER BY available_at LIMIT ? FOR UPDATE SKIP LOCKED) due"
                            + " WHERE o.order_id = due.order_id RETURNING o.order_id, o.attempts")) {
                claim.setDouble(1, lease.toMillis() / 1000.0);
                claim.setInt(2, limit);
                List<Claim> claims = new ArrayList<>();
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claims.add(new Claim(rows.getObject(1, UUID.class), rows.getInt(2)));
                    }
                }
                return claims;
            }
        });
    }

    /** Extends the lease of rows this worker is still working on, so nobody else takes them meanwhile. */
    public void renew(Collection<UUID> orderIds, Duration lease) throws SQLException {
        if (orderIds.isEmpty()) {
            return;
        }
        transactions.once(connection -> {
            try (PreparedStatement renew = connection.prepareStatement(
                    "UPDATE order_outbox SET available_at = now() + make_interval(secs => ?) WHERE order_id = ANY (?)")) {
                renew.setDouble(1, lease.toMillis() / 1000.0);
                renew.setArray(2, connection.createArrayOf("uuid", orderIds.toArray()));
                return renew.executeUpdate();
            }
        });
    }

    /** Gives the row back to be tried again after {@code delay}, noting why this attempt stopped. */
    public void retryLater(UUID orderId, Duration delay, String error) throws SQLException {
        transactions.once(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE order_outbox SET available_at = now() + make_interval(secs => ?), last_error = ? WHERE order_id = ?")) {
                update.setDouble(1, delay.toMillis() / 1000.0);
                update.setString(2, error == null ? null : error.substring(0, Math.min(error.length(), 500)));
                update.setObject(3, orderId);
                return update.executeUpdate();
            }
        });
    }

    /** Removes the order from the outbox, in the caller's transaction: nothing is left to do for it. */
    public void delete(Connection connection, UUID orderId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM order_outbox WHERE order_id = ?")) {
            delete.setObject(1, orderId);
            delete.executeUpdate();
        }
    }

    /** Rows waiting for work (due or leased). */
    public long backlog() throws SQLException {
        return transactions.once(connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM order_outbox");
                 ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }
}
