package com.velure.catalog.product;

import java.math.BigDecimal;
import java.util.List;

/** What an admin describes about a product: everything but its id, stock and timestamps. */
public record ProductDetails(String name, String description, BigDecimal price, BigDecimal rating, String category,
                             List<String> images, Dimensions dimensions, String brand, List<String> colors, String sku) {

    public ProductDetails {
        images = List.copyOf(images);
        colors = List.copyOf(colors);
    }

    /** Height, width and length in centimetres, weight in kilograms; any may be unknown (null). */
    public record Dimensions(BigDecimal height, BigDecimal width, BigDecimal length, BigDecimal weight) {
        public static final Dimensions UNKNOWN = new Dimensions(null, null, null, null);
    }
}
