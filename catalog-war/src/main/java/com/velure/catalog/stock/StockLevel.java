package com.velure.catalog.stock;

import java.math.BigDecimal;

/** What the order service needs to price a line and check stock: a product's name, price and stock on hand. */
public record StockLevel(long productId, String name, BigDecimal price, int quantity) {
}
