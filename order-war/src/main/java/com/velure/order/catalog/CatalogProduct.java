package com.velure.order.catalog;

import java.math.BigDecimal;

/** What the catalog says about a product at order time. */
public record CatalogProduct(String id, String name, BigDecimal price) {
}
