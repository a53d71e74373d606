package com.velure.order.ledger;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as stored, and its JSON (API.md "Order"): its lines, exact total (two decimals, as
 * NUMERIC(12, 2) stores it), where it is in its lifecycle, and why it failed ({@code reason} is
 * left out while there is none). The {@code @Schema} names repeat the JSON names because Payara's
 * OpenAPI reads no JSON-B annotations.
 */
@Schema(name = "Order")
@JsonbPropertyOrder({"id", "userId", "items", "total", "status", "reason", "createdAt", "updatedAt"})
public record Order(@Schema(required = true, format = "uuid") UUID id,
                    @JsonbProperty("user_id") @Schema(name = "user_id", required = true) String userId,
                    List<OrderLine> items,
                    @Schema(required = true, example = "24.50") BigDecimal total,
                    OrderStatus status,
                    @Schema(description = "why the order failed; only on FAILED orders") String reason,
                    @JsonbProperty("created_at") @Schema(name = "created_at", required = true, format = "date-time") Instant createdAt,
                    @JsonbProperty("updated_at") @Schema(name = "updated_at", required = true, format = "date-time") Instant updatedAt) {

    /** The same order as it was right after {@code change}. */
    public Order as(StatusChange change) {
        return new Order(id, userId, items, total, change.status(), change.reason(), createdAt, change.changedAt());
    }

    /** The same order in {@code status}, as this instance just moved it. */
    public Order withStatus(OrderStatus status, String reason) {
        return new Order(id, userId, items, total, status, reason, createdAt, updatedAt);
    }
}
