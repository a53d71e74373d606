package com.velure.catalog.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** {@code {"ids": ["12", "7"]}}: the products an order wants priced. */
public record ProductLookup(@NotNull @Size(min = 1, max = 50) List<@NotNull @Size(max = 40) String> ids) {
}
