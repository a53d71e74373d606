package com.velure.order.placement.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.UUID;

/** The 201 of create-order: {@code {"order_id", "total", "status": "CREATED"}}. */
@Schema(name = "OrderCreated")
@JsonbPropertyOrder({"orderId", "total", "status"})
public record OrderCreated(@JsonbProperty("order_id") @Schema(name = "order_id", required = true, format = "uuid") UUID orderId,
                           @Schema(required = true, example = "24.50") BigDecimal total,
                           @Schema(required = true, enumeration = "CREATED") String status) {

    public OrderCreated(UUID orderId, BigDecimal total) {
        this(orderId, total, "CREATED");
    }
}
