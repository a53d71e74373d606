package com.velure.catalog.stock;

/**
 * Where an order's stock reservation stands, as the order service is told.
 *
 * @param reason why it was refused; null unless {@code REJECTED} (or refused because released)
 */
public record Reservation(String orderId, Status status, String reason) {

    public enum Status {
        /** The order's lines are taken from stock. */
        RESERVED,
        /** Not every line was in stock; nothing was taken. */
        REJECTED,
        /** What was reserved has been given back (or the order was released before any reservation). */
        RELEASED,
        /** A release found nothing reserved to give back. */
        NONE
    }
}
