package com.velure.catalog.api;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** {@code {"items": [{"product_id": "12", "quantity": 2}]}}: what an order wants taken from stock. */
public record StockRequest(@Schema(required = true, description = "1 to 50 lines") @NotNull @Size(min = 1, max = 50)
                           List<@NotNull @Valid Line> items) {

    @Schema(name = "StockLine")
    public record Line(@JsonbProperty("product_id") @Schema(name = "product_id", required = true) @NotNull @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be a product id")
                       String productId,
                       @Schema(required = true, description = "1 to 100 000") @NotNull @Min(1) @Max(100_000) Integer quantity) {
    }
}
