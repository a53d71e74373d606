package com.velure.order.order;

import java.util.List;

/** One page of orders, newest first, with what a client needs to page on. */
public record OrderPage(List<Order> orders, long totalCount, int page, int pageSize) {

    public long totalPages() {
        return (totalCount + pageSize - 1) / pageSize;
    }
}
