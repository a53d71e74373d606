package com.velure.catalog.product;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The catalog as the public API sees it: listings, single products and admin changes. */
@ApplicationScoped
public class ProductCatalog {

    @Inject
    ProductStore store;

    public ProductPage page(ProductQuery query) throws SQLException {
        return store.page(query);
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
        return store.insert(details, quantity);
    }

    public Optional<Product> replace(long id, ProductDetails details, int quantity) throws SQLException {
        return store.update(id, details, quantity);
    }

    public boolean delete(long id) throws SQLException {
        return store.delete(id);
    }
}
