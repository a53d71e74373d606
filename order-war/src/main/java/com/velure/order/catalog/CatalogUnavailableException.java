package com.velure.order.catalog;

/**
 * The catalog could not answer: unreachable, too slow, failing, or refusing our service token.
 * Nothing about the order itself is wrong; the caller retries later.
 */
public class CatalogUnavailableException extends RuntimeException {

    public CatalogUnavailableException(String message) {
        super(message);
    }

    public CatalogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
