package com.velure.catalog.product;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The catalog as the public API sees it: listings, single products and admin changes.
 *
 * <p>Listing pages, the hottest read of the shop, are kept for a short while in a cache bounded by
 * entries ({@link ListingCacheSettings}). Within that time a busy listing costs no database
 * connection at all, and concurrent misses of one page wait for a single query instead of each
 * taking a connection; when that query fails (a statement timeout on a locked table), they all get
 * its failure at once instead of each trying again after the other. A product change made here
 * empties the cache at once; stock taken by orders and changes made through another replica show
 * within the lifetime (a page being loaded while a change commits may also keep the older state for
 * one lifetime). Single products, counts and stock checks for orders always read the database.
 */
@ApplicationScoped
public class ProductCatalog {

    @Inject
    ProductStore store;

    @Inject
    @ConfigProperties
    ListingCacheSettings settings;

    /** Null when switched off. */
    private AsyncCache<ProductQuery, ProductPage> listings;

    @PostConstruct
    void createListingCache() {
        if (settings.listingCacheMillis > 0) {
            listings = Caffeine.newBuilder()
                    .expireAfterWrite(Duration.ofMillis(settings.listingCacheMillis))
                    .maximumSize(settings.listingCacheEntries)
                    .executor(Runnable::run) // upkeep on request threads, none on the JVM's common pool
                    .buildAsync();
        }
    }

    public ProductPage page(ProductQuery query) {
        if (listings == null) {
            return store.page(query);
        }
        // The query runs on this thread, outside the cache's lock. A synchronous cache ran it under the
        // lock, so when it failed each waiter ran its own after the previous one's timeout: the fault
        // suite saw a listing wait 30 s behind a locked table.
        CompletableFuture<ProductPage> mine = new CompletableFuture<>();
        CompletableFuture<ProductPage> page = listings.get(query, (key, executor) -> mine);
        if (page == mine) {
            try {
                mine.complete(store.page(query));
            } catch (Throwable e) {
                mine.completeExceptionally(e); // the cache drops a failed page; an uncompleted one would hang its waiters
            }
        }
        try {
            return page.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public long count() {
        return store.count();
    }

    public List<String> categories() {
        return store.categories();
    }

    public Optional<Product> find(long id) {
        return store.find(id);
    }

    public ProductChange create(ProductDetails details, int quantity) {
        try {
            return store.insert(details, quantity);
        } finally {
            forgetListings();
        }
    }

    public ProductChange replace(long id, ProductDetails details, int quantity) {
        try {
            return store.update(id, details, quantity);
        } finally {
            forgetListings();
        }
    }

    public boolean delete(long id) {
        try {
            return store.delete(id);
        } finally {
            forgetListings();
        }
    }

    /** Called after every product change, also a failed one (it may have committed). */
    private void forgetListings() {
        if (listings != null) {
            listings.synchronous().invalidateAll();
        }
    }
}
