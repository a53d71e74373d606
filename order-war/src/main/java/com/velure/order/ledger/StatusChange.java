package com.velure.order.ledger;

import java.time.Instant;
import java.util.UUID;

/** One entry of an order's status history; {@code sequence} grows with every change of that order. */
public record StatusChange(long sequence, UUID orderId, OrderStatus status, String reason, Instant changedAt) {
}
