package com.velure.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as stored: its lines, exact total, where it is in its lifecycle and why it failed. */
public record Order(UUID id, String userId, List<OrderLine> items, BigDecimal total, OrderStatus status, String reason,
                    Instant createdAt, Instant updatedAt) {

    /** The same order as it was right after {@code change}. */
    public Order as(StatusChange change) {
        return new Order(id, userId, items, total, change.status(), change.reason(), createdAt, change.changedAt());
    }
}
