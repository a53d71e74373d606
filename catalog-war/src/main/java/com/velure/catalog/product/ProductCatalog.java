package com.velure.catalog.product;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The catalog as the public API sees it: listings, single products and admin changes.
 *
 * <p>Listing pages, the hottest read of the shop, are kept for a short while (1 s by default,
 * {@code velure.catalog.listing-cache-millis}; 0 switches it off) in a cache bounded by entries
 * ({@code velure.catalog.listing-cache-entries}). Within that time a busy listing costs no database
 * connection at all, and concurrent misses of one page wait for a single query instead of each
 * taking a connection. A product change made here empties the cache at once; stock taken by orders
 * and changes made through another replica show within the lifetime (a page being loaded while a
 * change commits may also keep the older state for one lifetime). Single products, counts and
 * stock checks for orders always read the database.
 */
@ApplicationScoped
public class ProductCatalog {

    @Inject
    ProductStore store;

    @Inject
    @ConfigProperty(name = "velure.catalog.listing-cache-millis", defaultValue = "1000")
    long listingLifetimeMillis;

    @Inject
    @ConfigProperty(name = "velure.catalog.listing-cache-entries", defaultValue = "1000")
    long listingEntries;

    /** Null when switched off. */
    private Cache<ProductQuery, ProductPage> listings;

    @PostConstruct
    void createListingCache() {
        if (listingLifetimeMillis > 0) {
            listings = Caffeine.newBuilder()
                    .expireAfterWrite(Duration.ofMillis(listingLifetimeMillis))
                    .maximumSize(listingEntries)
                    .executor(Runnable::run) // upkeep on request threads, none on the JVM's common pool
                    .build();
        }
    }

    public ProductPage page(ProductQuery query) throws SQLException {
        if (listings == null) {
            return store.page(query);
        }
        try {
            return listings.get(query, key -> {
                try {
                    return store.page(key);
                } catch (SQLException e) {
                    throw new FailedLoad(e);
                }
            });
        } catch (FailedLoad e) {
            throw e.getCause();
        }
    }

    public long count() throws SQLException {
        return store.count();
    }

    public List<String> categories() throws SQLException {
        return store.categories();
    }

    public Optional<Product> find(long id) throws SQLException {
        return store.find(id);
    }

    public Product create(ProductDetails details, int quantity) throws SQLException {
        try {
            return store.insert(details, quantity);
        } finally {
            forgetListings();
        }
    }

    public Optional<Product> replace(long id, ProductDetails details, int quantity) throws SQLException {
        try {
            return store.update(id, details, quantity);
        } finally {
            forgetListings();
        }
    }

    public boolean delete(long id) throws SQLException {
        try {
            return store.delete(id);
        } finally {
            forgetListings();
        }
    }

    /** Called after every product change, also a failed one (it may have committed). */
    private void forgetListings() {
        if (listings != null) {
            listings.invalidateAll();
        }
    }

    /** Carries a loader's SQLException through the cache, which takes only unchecked ones. */
    private static final class FailedLoad extends RuntimeException {
        FailedLoad(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
