package com.velure.catalog.product;

import java.time.Instant;

/** A product as the catalog stores it; {@code quantity} is the stock on hand. */
public record Product(long id, ProductDetails details, int quantity, Instant created, Instant updated) {
}
