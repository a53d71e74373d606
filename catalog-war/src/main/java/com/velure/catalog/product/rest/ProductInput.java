package com.velure.catalog.product.rest;

import com.velure.catalog.product.ProductDetails;
import com.velure.catalog.product.ProductDetails.Dimensions;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/**
 * A Product as an admin sends it (POST, PUT). {@code _id}, {@code dt_created} and
 * {@code dt_updated} are the server's: {@code _id} may be echoed back but must match the path.
 */
public class ProductInput {

    @JsonbProperty("_id")
    public String id;

    @NotBlank
    @Size(max = 200)
    public String name;

    @Size(max = 5000)
    public String description;

    @NotNull
    @DecimalMin("0.00")
    @Digits(integer = 10, fraction = 2)
    public BigDecimal price;

    @DecimalMin("0.0")
    @DecimalMax("5.0")
    @Digits(integer = 1, fraction = 1)
    public BigDecimal rating;

    @NotBlank
    @Size(max = 100)
    public String category;

    /** Stock on hand; an admin restocks by sending a new figure. */
    @NotNull
    @Min(0)
    @Max(1_000_000_000)
    public Integer quantity;

    @Size(max = 20)
    public List<@NotNull @Pattern(regexp = "https?://\\S{1,2000}", message = "must be an http(s) URL") String> images;

    @Valid
    public DimensionsInput dimensions;

    @Size(max = 100)
    public String brand;

    @Size(max = 20)
    public List<@NotBlank @Size(max = 50) String> colors;

    @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1 to 64 letters, digits, '.', '_' or '-'")
    public String sku;

    /** Centimetres and kilograms; any may be left out. */
    public static class DimensionsInput {
        @DecimalMin("0") @Digits(integer = 8, fraction = 2)
        public BigDecimal height;
        @DecimalMin("0") @Digits(integer = 8, fraction = 2)
        public BigDecimal width;
        @DecimalMin("0") @Digits(integer = 8, fraction = 2)
        public BigDecimal length;
        @DecimalMin("0") @Digits(integer = 7, fraction = 3)
        public BigDecimal weight;
    }

    /** The validated input as the catalog stores it: text trimmed, absent lists empty, money at two decimals. */
    ProductDetails details() {
        Dimensions size = dimensions == null ? Dimensions.UNKNOWN
                : new Dimensions(dimensions.height, dimensions.width, dimensions.length, dimensions.weight);
        return new ProductDetails(name.trim(), description == null ? "" : description.trim(),
                price.setScale(2), rating == null ? BigDecimal.ZERO.setScale(1) : rating.setScale(1), category.trim(),
                images == null ? List.of() : images, size, brand == null ? "" : brand.trim(),
                colors == null ? List.of() : colors.stream().map(String::trim).toList(), sku);
    }
}
