package com.velure.order.placement.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

/** One requested line; {@code name} and {@code price} are accepted and ignored: the catalog's count. */
@Schema(name = "OrderFormItem")
public record OrderFormItem(@Schema(name = "product_id", required = true, example = "12") String productId,
                            @Schema(required = true, minimum = "1", maximum = "100") int quantity,
                            @Schema(description = "ignored") String name,
                            @Schema(description = "ignored") BigDecimal price) {
}
