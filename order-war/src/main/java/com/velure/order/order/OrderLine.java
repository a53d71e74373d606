package com.velure.order.order;

import java.math.BigDecimal;

/** One line of an order, with the catalog's name and unit price at order time. */
public record OrderLine(String productId, String name, int quantity, BigDecimal price) {

    public BigDecimal amount() {
        return price.multiply(BigDecimal.valueOf(quantity));
    }
}
