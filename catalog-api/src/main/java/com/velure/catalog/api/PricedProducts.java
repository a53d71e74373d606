package com.velure.catalog.api;

import jakarta.json.bind.annotation.JsonbProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/** {@code {"products": [{"_id", "name", "price", "quantity"}]}}: the answer to a {@link ProductLookup}. */
public record PricedProducts(@Schema(required = true, type = SchemaType.ARRAY, implementation = Product.class) List<Product> products) {

    /** A product's id (as the public API spells it), name, current price and stock on hand. */
    @Schema(name = "PricedProduct")
    public record Product(@JsonbProperty("_id") @Schema(name = "_id", required = true) String id,
                          @Schema(required = true) String name, @Schema(required = true) BigDecimal price,
                          @Schema(required = true) int quantity) {
    }
}
