package com.velure.catalog.product;

import com.velure.platform.web.PageRequest;

import java.util.List;

/** One page of a listing and where it sits in the whole: {@code totalCount} matches. */
public record ProductPage(List<Product> products, long totalCount, PageRequest paging) {

    public ProductPage {
        products = List.copyOf(products);
    }

    /** Pages needed for every match, rounded up; 0 when nothing matches. */
    public long totalPages() {
        return paging.totalPages(totalCount);
    }
}
