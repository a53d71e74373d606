package com.velure.catalog.api;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where an order's stock reservation stands: {@code {"order_id", "status", "reason"?}}.
 *
 * @param reason why it was refused; absent unless {@code REJECTED}, or {@code RELEASED} in answer to a reservation
 */
@JsonbPropertyOrder({"orderId", "status", "reason"})
public record ReservationOutcome(@JsonbProperty("order_id") @Schema(name = "order_id", required = true) String orderId,
                                 @Schema(required = true, enumeration = {"RESERVED", "REJECTED", "RELEASED", "NONE"}) Status status,
                                 @Schema(description = "why the reservation was refused") String reason) {

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
