package com.velure.catalog.stock.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** {@code {"items": [{"product_id": "12", "quantity": 2}]}}: what an order wants taken from stock. */
public class ReservationRequest {

    @NotNull
    @Size(min = 1, max = 50)
    public List<@NotNull @Valid Line> items;

    public static class Line {
        @JsonbProperty("product_id")
        @NotNull
        @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be a product id")
        public String productId;

        @NotNull
        @Min(1)
        @Max(100_000)
        public Integer quantity;
    }

    /** Quantity per product, lines of the same product added up, in product id order. */
    SortedMap<Long, Integer> quantities() {
        SortedMap<Long, Integer> quantities = new TreeMap<>();
        for (Line line : items) {
            quantities.merge(Long.parseLong(line.productId), line.quantity, Integer::sum);
        }
        return quantities;
    }
}
