package com.velure.catalog.product.rest;

import com.velure.catalog.product.Product;
import com.velure.catalog.product.ProductDetails;
import com.velure.catalog.product.ProductPage;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The Product of API.md, field names fixed by existing clients: {@code _id} as a string,
 * {@code quantity} for stock, {@code dt_created}/{@code dt_updated} ISO-8601 UTC to the
 * millisecond; every field is always present ({@code sku} and unknown dimensions as null).
 */
@Schema(name = "Product")
@JsonbNillable
@JsonbPropertyOrder({"id", "name", "description", "price", "rating", "category", "quantity", "images", "dimensions",
    "brand", "colors", "sku", "created", "updated"})
public record ProductJson(
        @JsonbProperty("_id") @Schema(name = "_id", required = true) String id,
        @Schema(required = true) String name,
        @Schema(required = true) String description,
        @Schema(required = true, description = "two decimals") BigDecimal price,
        @Schema(required = true, description = "0 to 5, one decimal") BigDecimal rating,
        @Schema(required = true) String category,
        @Schema(required = true, description = "stock on hand") int quantity,
        @Schema(required = true, type = SchemaType.ARRAY, implementation = String.class) List<String> images,
        @Schema(required = true) Dimensions dimensions,
        @Schema(required = true) String brand,
        @Schema(required = true, type = SchemaType.ARRAY, implementation = String.class) List<String> colors,
        @Schema(required = true, nullable = true) String sku,
        @JsonbProperty("dt_created") @Schema(name = "dt_created", required = true, format = "date-time") String created,
        @JsonbProperty("dt_updated") @Schema(name = "dt_updated", required = true, format = "date-time") String updated) {

    static ProductJson of(Product product) {
        ProductDetails details = product.details();
        ProductDetails.Dimensions size = details.dimensions();
        return new ProductJson(String.valueOf(product.id()), details.name(), details.description(), details.price(),
                details.rating(), details.category(), product.quantity(), details.images(),
                new Dimensions(size.height(), size.width(), size.length(), size.weight()), details.brand(),
                details.colors(), details.sku(), timestamp(product.created()), timestamp(product.updated()));
    }

    /** ISO-8601 UTC to the millisecond, exactly as clients have always read it. */
    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Centimetres and kilograms; unknown is null (and may be left out when an admin sends a product). */
    @Schema(name = "Dimensions")
    @JsonbNillable
    @JsonbPropertyOrder({"height", "width", "length", "weight"})
    public record Dimensions(
            @DecimalMin("0") @Digits(integer = 8, fraction = 2) @Schema(required = true, nullable = true) BigDecimal height,
            @DecimalMin("0") @Digits(integer = 8, fraction = 2) @Schema(required = true, nullable = true) BigDecimal width,
            @DecimalMin("0") @Digits(integer = 8, fraction = 2) @Schema(required = true, nullable = true) BigDecimal length,
            @DecimalMin("0") @Digits(integer = 7, fraction = 3) @Schema(required = true, nullable = true) BigDecimal weight) {

        ProductDetails.Dimensions details() {
            return new ProductDetails.Dimensions(height, width, length, weight);
        }
    }

    /** A page of a listing: {@code totalPages} rounds up, a page past the end has no products. */
    @Schema(name = "ProductPage")
    @JsonbPropertyOrder({"products", "totalCount", "page", "pageSize", "totalPages"})
    public record Page(@Schema(required = true, type = SchemaType.ARRAY, implementation = ProductJson.class) List<ProductJson> products, @Schema(required = true) long totalCount,
                       @Schema(required = true) int page, @Schema(required = true) int pageSize,
                       @Schema(required = true) long totalPages) {

        static Page of(ProductPage page) {
            return new Page(page.products().stream().map(ProductJson::of).toList(), page.totalCount(),
                    page.paging().page(), page.paging().pageSize(), page.totalPages());
        }
    }

    /** {@code {"count": n}}: how many products the catalog has. */
    @Schema(name = "ProductCount")
    public record Count(@Schema(required = true) long count) {
    }
}
