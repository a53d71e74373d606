package com.velure.order.admin.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code {order_id, status, reason?}}; {@code reason} is kept only when an order is failed. */
@Schema(name = "StatusUpdate")
public record StatusUpdate(@JsonbProperty("order_id") @Schema(name = "order_id", required = true, format = "uuid") String orderId,
                           @Schema(required = true, enumeration = {"CREATED", "PROCESSING", "COMPLETED", "FAILED"}) String status,
                           @Schema(maxLength = 500) String reason) {
}
