package com.velure.catalog.product;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How long listing pages are kept and how many ({@link ProductCatalog}); MicroProfile Config, so
 * also {@code VELURE_CATALOG_LISTING_CACHE_MILLIS} and {@code VELURE_CATALOG_LISTING_CACHE_ENTRIES}.
 */
@ConfigProperties(prefix = "velure.catalog")
@Dependent
public class ListingCacheSettings {

    /** Lifetime of a cached page; 0 switches the cache off. */
    @ConfigProperty(name = "listing-cache-millis", defaultValue = "1000")
    long listingCacheMillis;

    /** Pages kept at most (one per distinct page, size, category and search). */
    @ConfigProperty(name = "listing-cache-entries", defaultValue = "1000")
    long listingCacheEntries;
}
