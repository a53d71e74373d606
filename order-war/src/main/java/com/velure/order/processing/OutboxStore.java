package com.velure.order.processing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
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
    Jdbi jdbi;

    /** A claimed row: the order and how many times it has been claimed, this time included. */
    public record Claim(UUID orderId, int attempts) {
    }

    /**
     * Puts the order in the outbox, due now, in the caller's transaction. A row already there is
     * left alone: a worker holds it (or will) and settles the order from its current status.
     */
    public void enqueue(Handle handle, UUID orderId) {
        handle.createUpdate("INSERT INTO order_outbox (order_id) VALUES (:orderId) ON CONFLICT (order_id) DO NOTHING")
                .bind("orderId", orderId).execute();
    }

    /** Claims up to {@code limit} due rows for {@code lease}, oldest first, skipping rows another worker is claiming. */
    public List<Claim> claim(int limit, Duration lease) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "UPDATE order_outbox o SET available_at = now() + make_interval(secs => :lease), attempts = o.attempts + 1"
                                + " FROM (SELECT order_id FROM order_outbox WHERE available_at <= now()"
                                + " ORDER BY available_at LIMIT :limit FOR UPDATE SKIP LOCKED) due"
                                + " WHERE o.order_id = due.order_id RETURNING o.order_id, o.attempts")
                .bind("lease", seconds(lease)).bind("limit", limit)
                .map((row, context) -> new Claim(row.getObject("order_id", UUID.class), row.getInt("attempts")))
                .list());
    }

    /** Extends the lease of rows this worker is still working on, so nobody else takes them meanwhile. */
    public void renew(Collection<UUID> orderIds, Duration lease) {
        if (orderIds.isEmpty()) {
            return;
        }
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE order_outbox SET available_at = now() + make_interval(secs => :lease) WHERE order_id = ANY (:orderIds)")
                .bind("lease", seconds(lease)).bindArray("orderIds", UUID.class, orderIds).execute());
    }

    /** Gives the row back to be tried again after {@code delay}, noting why this attempt stopped. */
    public void retryLater(UUID orderId, Duration delay, String error) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE order_outbox SET available_at = now() + make_interval(secs => :delay), last_error = :error"
                                + " WHERE order_id = :orderId")
                .bind("delay", seconds(delay)).bind("error", error == null ? null : error.substring(0, Math.min(error.length(), 500)))
                .bind("orderId", orderId).execute());
    }

    /** Removes the order from the outbox, in the caller's transaction: nothing is left to do for it. */
    public void delete(Handle handle, UUID orderId) {
        handle.createUpdate("DELETE FROM order_outbox WHERE order_id = :orderId").bind("orderId", orderId).execute();
    }

    /** Rows waiting for work (due or leased). */
    public long backlog() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM order_outbox").mapTo(long.class).one());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
