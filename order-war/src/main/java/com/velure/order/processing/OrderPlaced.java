package com.velure.order.processing;

import java.util.UUID;

/** Fired after an order and its outbox row committed, so this instance's worker can start at once. */
public record OrderPlaced(UUID orderId) {
}
