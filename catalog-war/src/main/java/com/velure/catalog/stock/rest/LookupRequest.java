package com.velure.catalog.stock.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** {@code {"ids": ["12", "7"]}}: the products the order service wants to price. */
public class LookupRequest {

    @NotNull
    @Size(min = 1, max = 50)
    public List<@NotNull @Size(max = 40) String> ids;
}
