package com.velure.catalog.product;

import com.velure.catalog.product.ProductDetails.Dimensions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Products in the catalog schema, read and written with plain SQL on the service's pool. */
@ApplicationScoped
public class ProductStore {

    private static final String COLUMNS = "id, name, description, price, rating, category, quantity, images, brand,"
            + " colors, sku, height, width, length, weight, created_at, updated_at";
    /** The one order of every listing, served by the indexes of V1. */
    private static final String ORDER = " ORDER BY name, id";
    private static final String UNIQUE_VIOLATION = "23505";

    @Inject
    Jdbi jdbi;

    /**
     * The requested page and how many products match in all, in one statement: the window count
     * comes with the rows. Only a page past the end, which has no rows to carry it, counts apart.
     */
    public ProductPage page(ProductQuery query) {
        if (query.matchesNothing()) {
            return new ProductPage(List.of(), 0, query.paging());
        }
        Filter filter = Filter.of(query);
        return jdbi.withHandle(handle -> {
            long[] total = {0};
            List<Product> products = handle.createQuery(filter.pageSql())
                    .bindMap(filter.parameters())
                    .bind("limit", query.paging().pageSize())
                    .bind("offset", query.paging().offset())
                    .map((row, context) -> {
                        total[0] = row.getLong("total");
                        return product(row, context);
                    })
                    .list();
            if (products.isEmpty() && query.paging().offset() > 0) {
                total[0] = handle.createQuery("SELECT count(*) FROM product" + filter.where())
                        .bindMap(filter.parameters()).mapTo(Long.class).one();
            }
            return new ProductPage(products, total[0], query.paging());
        });
    }

    public long count() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM product").mapTo(Long.class).one());
    }

    /** Every category that has a product, sorted. */
    public List<String> categories() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT DISTINCT category FROM product ORDER BY category")
                .mapTo(String.class).list());
    }

    public Optional<Product> find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM product WHERE id = :id")
                .bind("id", id).map(ProductStore::product).findOne());
    }

    /** Adds a product with its initial stock: {@link ProductChange.Saved} or {@link ProductChange.SkuTaken}. */
    public ProductChange insert(ProductDetails details, int quantity) {
        return save(handle -> bind(handle.createQuery("INSERT INTO product (name, description, price, rating, category,"
                + " images, brand, colors, sku, height, width, length, weight, quantity) VALUES (:name, :description,"
                + " :price, :rating, :category, :images, :brand, :colors, :sku, :height, :width, :length, :weight,"
                + " :quantity) RETURNING " + COLUMNS), details, quantity));
    }

    /** Replaces a product's description and stock: {@link ProductChange.Saved}, {@link ProductChange.NotFound} or {@link ProductChange.SkuTaken}. */
    public ProductChange update(long id, ProductDetails details, int quantity) {
        return save(handle -> bind(handle.createQuery("UPDATE product SET name = :name, description = :description,"
                + " price = :price, rating = :rating, category = :category, images = :images, brand = :brand,"
                + " colors = :colors, sku = :sku, height = :height, width = :width, length = :length, weight = :weight,"
                + " quantity = :quantity, updated_at = now() WHERE id = :id RETURNING " + COLUMNS), details, quantity)
                .bind("id", id));
    }

    /** Removes a product; false when there was none. */
    public boolean delete(long id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM product WHERE id = :id").bind("id", id).execute()) == 1;
    }

    /** Runs an INSERT/UPDATE ... RETURNING: the row it wrote, none, or a sku another product has. */
    private ProductChange save(Function<Handle, Query> write) {
        try {
            return jdbi.withHandle(handle -> write.apply(handle).map(ProductStore::product).findOne())
                    .<ProductChange>map(ProductChange.Saved::new)
                    .orElse(ProductChange.NOT_FOUND);
        } catch (StatementException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return ProductChange.SKU_TAKEN;
            }
            throw e;
        }
    }

    private static <S extends SqlStatement<S>> S bind(S statement, ProductDetails details, int quantity) {
        Dimensions dimensions = details.dimensions();
        return statement.bind("name", details.name())
                .bind("description", details.description())
                .bind("price", details.price())
                .bind("rating", details.rating())
                .bind("category", details.category())
                .bind("images", details.images().toArray(String[]::new))
                .bind("brand", details.brand())
                .bind("colors", details.colors().toArray(String[]::new))
                .bind("sku", details.sku())
                .bind("height", dimensions.height())
                .bind("width", dimensions.width())
                .bind("length", dimensions.length())
                .bind("weight", dimensions.weight())
                .bind("quantity", quantity);
    }

    private static Product product(ResultSet row, StatementContext context) throws SQLException {
        ProductDetails details = new ProductDetails(
                row.getString("name"),
                row.getString("description"),
                row.getBigDecimal("price"),
                row.getBigDecimal("rating"),
                row.getString("category"),
                strings(row.getArray("images")),
                new Dimensions(row.getBigDecimal("height"), row.getBigDecimal("width"),
                        row.getBigDecimal("length"), row.getBigDecimal("weight")),
                row.getString("brand"),
                strings(row.getArray("colors")),
                row.getString("sku"));
        return new Product(row.getLong("id"), details, row.getInt("quantity"),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                row.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /** The WHERE clause of a listing and its named parameters. */
    private record Filter(String where, Map<String, Object> parameters) {

        /**
         * One page with the count of all matches. A search is fenced off in a materialized CTE so
         * the word index finds the matches first: left to itself, the planner walked the name
         * index in order, filtering row by row, because it does not cost the window count's
         * reading every row (200 000 products: 870 ms for a word that matches nothing, 6 ms fenced).
         */
        String pageSql() {
            return parameters.containsKey("words")
                    ? "WITH matches AS MATERIALIZED (SELECT " + COLUMNS + " FROM product" + where + ") SELECT " + COLUMNS
                            + ", count(*) OVER () AS total FROM matches" + ORDER + " LIMIT :limit OFFSET :offset"
                    : "SELECT " + COLUMNS + ", count(*) OVER () AS total FROM product" + where + ORDER
                            + " LIMIT :limit OFFSET :offset";
        }

        static Filter of(ProductQuery query) {
            List<String> conditions = new ArrayList<>();
            Map<String, Object> parameters = new HashMap<>();
            if (query.category() != null) {
                conditions.add("lower(category) = lower(:category)");
                parameters.put("category", query.category());
            }
            query.prefixTsQuery().ifPresent(tsQuery -> {
                conditions.add("to_tsvector('simple', name) @@ to_tsquery('simple', :words)");
                parameters.put("words", tsQuery);
            });
            return new Filter(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), parameters);
        }
    }
}
