package com.velure.order.placement;

import com.velure.order.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency-Key of create-order, per user: which request (by fingerprint) created which order.
 * A key lives {@code velure.order.idempotency-key-ttl-hours} (24 by default); after that it is
 * forgotten and may be used again.
 */
@ApplicationScoped
public class IdempotencyKeys {

    @Inject
    Transactions transactions;

    @Inject
    @ConfigProperty(name = "velure.order.idempotency-key-ttl-hours", defaultValue = "24")
    int ttlHours;

    /** The order an earlier request with this key created, and what that request asked for. */
    public record Remembered(String fingerprint, UUID orderId, BigDecimal total) {
    }

    /** The live (unexpired) entry for the user's key, if any. */
    public Optional<Remembered> find(String userId, String key) throws SQLException {
        return transactions.once(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT k.request_hash, k.order_id, o.total FROM idempotency_key k JOIN customer_order o ON o.id = k.order_id"
                            + " WHERE k.user_id = ? AND k.key = ? AND k.created_at > now() - make_interval(hours => ?)")) {
                select.setString(1, userId);
                select.setString(2, key);
                select.setInt(3, ttlHours);
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? Optional.of(new Remembered(row.getString(1), row.getObject(2, UUID.class), row.getBigDecimal(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * Records that the key created {@code orderId}, in the caller's transaction; false when a live
     * entry for the key exists already (a concurrent request with the same key won), so the caller
     * rolls back. An expired entry is replaced.
     */
    public boolean remember(Connection connection, String userId, String key, String fingerprint, UUID orderId) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO idempotency_key (user_id, key, request_hash, order_id) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
                        + " order_id = EXCLUDED.order_id, created_at = now()"
                        + " WHERE idempotency_key.created_at <= now() - make_interval(hours => ?)")) {
            upsert.setString(1, userId);
            upsert.setString(2, key);
            upsert.setString(3, fingerprint);
            upsert.setObject(4, orderId);
            upsert.setInt(5, ttlHours);
            return upsert.executeUpdate() == 1;
        }
    }

    /** Deletes up to {@code limit} expired entries; returns how many went. */
    public int purgeExpired(int limit) throws SQLException {
        return transactions.once(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM idempotency_key WHERE ctid = ANY (ARRAY(SELECT ctid FROM idempotency_key"
                            + " WHERE created_at <= now() - make_interval(hours => ?) LIMIT ?))")) {
                delete.setInt(1, ttlHours);
                delete.setInt(2, limit);
                return delete.executeUpdate();
            }
        });
    }
}
