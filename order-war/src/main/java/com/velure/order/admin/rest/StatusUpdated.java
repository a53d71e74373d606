package com.velure.order.admin.rest;

import com.velure.order.ledger.OrderStatus;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** {@code {order_id, status, updated}}: {@code updated} is false when the order already had the status. */
@Schema(name = "StatusUpdated")
@JsonbPropertyOrder({"orderId", "status", "updated"})
public record StatusUpdated(@JsonbProperty("order_id") @Schema(name = "order_id", required = true, format = "uuid") UUID orderId,
                            OrderStatus status,
                            @Schema(required = true) boolean updated) {
}
