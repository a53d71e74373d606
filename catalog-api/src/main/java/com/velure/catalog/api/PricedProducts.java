package com.velure.catalog.api;

import jakarta.json.bind.annotation.JsonbProperty;

import java.math.BigDecimal;
import java.util.List;

/** {@code {"products": [{"_id", "name", "price", "quantity"}]}}: the answer to a {@link ProductLookup}. */
public record PricedProducts(List<Product> products) {

    /** A product's id (as the public API spells it), name, current price and stock on hand. */
    public record Product(@JsonbProperty("_id") String id, String name, BigDecimal price, int quantity) {
    }
}
