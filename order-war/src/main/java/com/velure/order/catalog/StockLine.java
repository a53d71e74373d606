package com.velure.order.catalog;

/** One line of a stock reservation. */
public record StockLine(String productId, int quantity) {
}
