package com.velure.order.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.velure.catalog.api.PricedProducts;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * The catalog's names and prices as orders are priced with them: each product the catalog named is
 * kept for {@code velure.catalog.lookup-cache-millis} (5 s), so an order for products ordered
 * moments before costs no call to the catalog. That call was the catalog's busiest internal request
 * and a tenth of a journey's CPU (loadtest/reports/cpu-reduced/); a shop's orders name the same
 * popular products again and again.
 *
 * <p>What it trades: a price or name changed in the catalog reaches new orders within that time
 * (the listing customers read is itself up to a second old), and a product deleted meanwhile is
 * still accepted, then fails at its stock reservation like one sold out. Ids the catalog did not
 * know are never kept: a product added a moment ago is orderable at once, and made-up ids cannot
 * fill the cache. 0 turns the cache off.
 */
@ApplicationScoped
public class PriceList {

    /** Far more products than a shop's orders name within seconds; a bound, not a tuning knob. */
    private static final long MAX_PRODUCTS = 10_000;

    @Inject
    @ConfigProperties
    CatalogSettings settings;

    @Inject
    Catalog catalog;

    private Cache<String, PricedProducts.Product> products;

    @PostConstruct
    void createCache() {
        if (settings.lookupCacheMillis > 0) {
            products = Caffeine.newBuilder()
                    .expireAfterWrite(Duration.ofMillis(settings.lookupCacheMillis))
                    .maximumSize(MAX_PRODUCTS)
                    .executor(Runnable::run) // upkeep on request threads, none on the JVM's common pool
                    .build();
        }
    }

    /**
     * Name and price of each of {@code ids} the catalog knows, by id; unknown ids are missing. Asks
     * the catalog, in one call, only for the ids not kept; its failures propagate as from
     * {@link Catalog#lookup}.
     */
    public Map<String, PricedProducts.Product> lookup(Collection<String> ids) {
        if (products == null) {
            return catalog.lookup(ids);
        }
        // not atomic per id: two orders missing the same product may both ask, which is harmless
        return products.getAll(ids, missing -> catalog.lookup(missing));
    }
}
