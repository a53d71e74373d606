package com.velure.catalog.product;

/** What became of an admin's change to a product. */
public sealed interface ProductChange {

    ProductChange NOT_FOUND = new NotFound();
    ProductChange SKU_TAKEN = new SkuTaken();

    /** The product as stored now. */
    record Saved(Product product) implements ProductChange {
    }

    /** There is no product with that id. */
    record NotFound() implements ProductChange {
    }

    /** Another product already has the sku; nothing was changed. */
    record SkuTaken() implements ProductChange {
    }
}
