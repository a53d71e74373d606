package com.velure.catalog.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** {@code {"ids": ["12", "7"]}}: the products an order wants priced. */
public record ProductLookup(@Schema(required = true, description = "1 to 50 product ids") @NotNull @Size(min = 1, max = 50)
                            List<@NotNull @Size(max = 40) String> ids) {
}
