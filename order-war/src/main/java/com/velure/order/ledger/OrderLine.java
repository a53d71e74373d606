package com.velure.order.ledger;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

/** One line of an order, with the catalog's name and unit price at order time. */
@Schema(name = "OrderLine")
@JsonbPropertyOrder({"productId", "name", "quantity", "price"})
public record OrderLine(@JsonbProperty("product_id") @Schema(name = "product_id", required = true) String productId,
                        @Schema(required = true) String name,
                        @Schema(required = true) int quantity,
                        @Schema(required = true, example = "12.99") BigDecimal price) {

    public BigDecimal amount() {
        return price.multiply(BigDecimal.valueOf(quantity));
    }
}
