package com.velure.order.placement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency-Key of create-order, per user: which request (by fingerprint) created which order.
 * A key lives {@code velure.order.idempotency-key-ttl-hours}; after that it is forgotten and may
 * be used again.
 */
@ApplicationScoped
public class IdempotencyKeys {

    @Inject
    Jdbi jdbi;

    @Inject
    @ConfigProperty(name = "velure.order.idempotency-key-ttl-hours", defaultValue = "24")
    int ttlHours;

    /** The order an earlier request with this key created, and what that request asked for. */
    public record Remembered(String fingerprint, UUID orderId, BigDecimal total) {
    }

    /** The live (unexpired) entry for the user's key, if any. */
    public Optional<Remembered> find(String userId, String key) {
        return jdbi.withHandle(handle -> find(handle, userId, key));
    }

    /** The same, in the caller's transaction. */
    public Optional<Remembered> find(Handle handle, String userId, String key) {
        return handle.createQuery("SELECT k.request_hash, k.order_id, o.total"
                        + " FROM idempotency_key k JOIN customer_order o ON o.id = k.order_id"
                        + " WHERE k.user_id = :userId AND k.key = :key AND k.created_at > now() - make_interval(hours => :ttlHours)")
                .bind("userId", userId).bind("key", key).bind("ttlHours", ttlHours)
                .map((row, context) -> new Remembered(row.getString("request_hash"), row.getObject("order_id", UUID.class),
                        row.getBigDecimal("total")))
                .findOne();
    }

    /**
     * Records that the key created {@code orderId}, in the caller's transaction; false when a live
     * entry for the key exists already (a concurrent request with the same key won), so the caller
     * rolls back. An expired entry is replaced.
     */
    public boolean remember(Handle handle, String userId, String key, String fingerprint, UUID orderId) {
        return handle.createUpdate("INSERT INTO idempotency_key (user_id, key, request_hash, order_id)"
                        + " VALUES (:userId, :key, :fingerprint, :orderId)"
                        + " ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
                        + " order_id = EXCLUDED.order_id, created_at = now()"
                        + " WHERE idempotency_key.created_at <= now() - make_interval(hours => :ttlHours)")
                .bind("userId", userId).bind("key", key).bind("fingerprint", fingerprint).bind("orderId", orderId)
                .bind("ttlHours", ttlHours)
                .execute() == 1;
    }

    /** Deletes up to {@code limit} expired entries; returns how many went. */
    public int purgeExpired(int limit) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM idempotency_key WHERE ctid = ANY (ARRAY("
                        + "SELECT ctid FROM idempotency_key WHERE created_at <= now() - make_interval(hours => :ttlHours) LIMIT :limit))")
                .bind("ttlHours", ttlHours).bind("limit", limit).execute());
    }
}
