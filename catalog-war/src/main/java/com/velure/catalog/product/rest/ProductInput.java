package com.velure.catalog.product.rest;

import com.velure.catalog.product.ProductDetails;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/**
 * A Product as an admin sends it (POST, PUT). {@code _id}, {@code dt_created} and
 * {@code dt_updated} are the server's: {@code _id} may be echoed back on PUT but must match the
 * path, the timestamps are ignored.
 *
 * @param quantity stock on hand; an admin restocks by sending a new figure
 */
@Schema(name = "ProductInput", description = "A Product as an admin sends it; _id only on PUT, dt_* ignored")
public record ProductInput(
        @JsonbProperty("_id") @Schema(name = "_id") String id,
        @Schema(required = true) @NotBlank @Size(max = 200) @Pattern(regexp = ONE_LINE, message = NO_CONTROLS) String name,
        @Size(max = 5000) @Pattern(regexp = NO_NUL, message = "must not contain NUL characters") String description,
        @Schema(required = true) @NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal price,
        @DecimalMin("0.0") @DecimalMax("5.0") @Digits(integer = 1, fraction = 1) BigDecimal rating,
        @Schema(required = true) @NotBlank @Size(max = 100) @Pattern(regexp = ONE_LINE, message = NO_CONTROLS) String category,
        @Schema(required = true) @NotNull @Min(0) @Max(1_000_000_000) Integer quantity,
        @Size(max = 20) List<@NotNull @Pattern(regexp = "https?://[^\\s\\p{Cntrl}]{1,2000}", message = "must be an http(s) URL") String> images,
        @Valid ProductJson.Dimensions dimensions,
        @Size(max = 100) @Pattern(regexp = ONE_LINE, message = NO_CONTROLS) String brand,
        @Size(max = 20) List<@NotBlank @Size(max = 50) @Pattern(regexp = ONE_LINE, message = NO_CONTROLS) String> colors,
        @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1 to 64 letters, digits, '.', '_' or '-'") String sku) {

    /**
     * Text PostgreSQL can store (never a NUL, which it refuses outright) and, for one-line fields,
     * without control characters (a line break in a name forges log lines and breaks listings).
     */
    static final String ONE_LINE = "[^\\p{Cntrl}]*";
    static final String NO_NUL = "[^\\x00]*";
    static final String NO_CONTROLS = "must not contain control characters";

    /** The validated input as the catalog stores it: text trimmed, absent lists empty, money at two decimals. */
    ProductDetails details() {
        return new ProductDetails(name.trim(), description == null ? "" : description.trim(),
                price.setScale(2), rating == null ? BigDecimal.ZERO.setScale(1) : rating.setScale(1), category.trim(),
                images == null ? List.of() : images,
                dimensions == null ? ProductDetails.Dimensions.UNKNOWN : dimensions.details(),
                brand == null ? "" : brand.trim(), colors == null ? List.of() : colors.stream().map(String::trim).toList(), sku);
    }
}
