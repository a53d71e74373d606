package com.velure.catalog.api;

import jakarta.json.bind.annotation.JsonbProperty;

/**
 * Where an order's stock reservation stands: {@code {"order_id", "status", "reason"?}}.
 *
 * @param reason why it was refused; absent unless {@code REJECTED}
 */
public record ReservationOutcome(@JsonbProperty("order_id") String orderId, Status status, String reason) {

    public enum Status {
        /** Every line is taken from stock. */
        RESERVED,
        /** Not every line was in stock; nothing was taken. */
        REJECTED,
        /** What was reserved has been given back (or the order was released before any reservation). */
        RELEASED,
        /** A release found nothing reserved to give back. */
        NONE
    }
}
