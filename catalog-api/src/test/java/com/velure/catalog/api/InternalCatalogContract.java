package com.velure.catalog.api;

import org.junit.jupiter.api.Test;

import java.net.URI;

/**
 * The internal catalog API's behaviour, written once and run against every implementation: the
 * real catalog (catalog-war's integration test implements this interface) and the stand-in that
 * order-war's tests use. A case that one of them fails means the copies have drifted apart.
 *
 * <p>An implementing test class says where the API is and which credential it takes; each case
 * uses fresh order ids, so the cases can run in any order against a shared server.
 */
public interface InternalCatalogContract {

    /** Base URI that serves {@code /internal/...}. */
    URI catalogBaseUri();

    /** The service credential the implementation accepts. */
    String serviceToken();

    /** Id of a product with at least 1 000 units in stock, which the cases may reserve from. */
    String productInStock();

    @Test
    default void contractIsImplemented() {
        // placeholder until the shared cases move here from CatalogServiceIT
        org.junit.jupiter.api.Assertions.assertNotNull(catalogBaseUri());
    }
}
