package com.velure.catalog.product.rest;

import com.velure.catalog.product.Product;
import com.velure.catalog.product.ProductDetails;
import com.velure.catalog.product.ProductDetails.Dimensions;
import com.velure.catalog.product.ProductPage;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The Product and Page shapes of API.md, field names fixed by existing clients: {@code _id} as a
 * string, {@code quantity} for stock, {@code dt_created}/{@code dt_updated} as ISO-8601 UTC.
 */
final class ProductJson {

    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private ProductJson() {
    }

    static JsonObject page(ProductPage page) {
        JsonArrayBuilder products = JSON.createArrayBuilder();
        page.products().forEach(product -> products.add(product(product)));
        return JSON.createObjectBuilder()
                .add("products", products)
                .add("totalCount", page.totalCount())
                .add("page", page.page())
                .add("pageSize", page.pageSize())
                .add("totalPages", page.totalPages())
                .build();
    }

    static JsonObject product(Product product) {
        ProductDetails details = product.details();
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("_id", String.valueOf(product.id()))
                .add("name", details.name())
                .add("description", details.description())
                .add("price", details.price())
                .add("rating", details.rating())
                .add("category", details.category())
                .add("quantity", product.quantity())
                .add("images", strings(details.images()))
                .add("dimensions", dimensions(details.dimensions()))
                .add("brand", details.brand())
                .add("colors", strings(details.colors()));
        nullable(json, "sku", details.sku());
        return json.add("dt_created", timestamp(product.created()))
                .add("dt_updated", timestamp(product.updated()))
                .build();
    }

    static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    private static JsonObjectBuilder dimensions(Dimensions dimensions) {
        JsonObjectBuilder json = JSON.createObjectBuilder();
        nullable(json, "height", dimensions.height());
        nullable(json, "width", dimensions.width());
        nullable(json, "length", dimensions.length());
        nullable(json, "weight", dimensions.weight());
        return json;
    }

    private static void nullable(JsonObjectBuilder json, String name, Object value) {
        if (value == null) {
            json.addNull(name);
        } else if (value instanceof BigDecimal number) {
            json.add(name, number);
        } else {
            json.add(name, value.toString());
        }
    }

    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
