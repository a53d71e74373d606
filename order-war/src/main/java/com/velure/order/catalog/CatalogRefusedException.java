package com.velure.order.catalog;

/** The catalog answered that this request can never succeed (a 4xx other than auth or conflict). */
public class CatalogRefusedException extends RuntimeException {

    public CatalogRefusedException(String message) {
        super(message);
    }
}
