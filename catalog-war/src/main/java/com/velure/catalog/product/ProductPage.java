package com.velure.catalog.product;

import java.util.List;

/** One page of a listing and where it sits in the whole: {@code totalCount} matches over {@code totalPages}. */
public record ProductPage(List<Product> products, long totalCount, int page, int pageSize) {

    public ProductPage {
        products = List.copyOf(products);
    }

    /** Pages needed for every match, rounded up; 0 when nothing matches. */
    public long totalPages() {
        return (totalCount + pageSize - 1) / pageSize;
    }
}
