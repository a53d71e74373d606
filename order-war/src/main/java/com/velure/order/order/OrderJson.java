package com.velure.order.order;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Orders in the API's JSON shape (API.md "Order"): snake_case fields, money with two decimals, UTC times. */
public final class OrderJson {

    /** Looked up once: {@code Json.createXxx()} repeats the service-loader lookup on every call (jsonp-api#154). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private OrderJson() {
    }

    public static JsonObject order(Order order) {
        JsonArrayBuilder items = JSON.createArrayBuilder();
        for (OrderLine line : order.items()) {
            items.add(JSON.createObjectBuilder()
                    .add("product_id", line.productId())
                    .add("name", line.name())
                    .add("quantity", line.quantity())
                    .add("price", money(line.price())));
        }
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("id", order.id().toString())
                .add("user_id", order.userId())
                .add("items", items)
                .add("total", money(order.total()))
                .add("status", order.status().name());
        if (order.reason() != null) {
            json.add("reason", order.reason());
        }
        return json.add("created_at", order.createdAt().toString())
                .add("updated_at", order.updatedAt().toString())
                .build();
    }

    /** {@code {orders, totalCount, page, pageSize, totalPages}}; {@code orders} is [] when empty. */
    public static JsonObject page(OrderPage page) {
        JsonArrayBuilder orders = JSON.createArrayBuilder();
        page.orders().forEach(order -> orders.add(order(order)));
        return JSON.createObjectBuilder()
                .add("orders", orders)
                .add("totalCount", page.totalCount())
                .add("page", page.page())
                .add("pageSize", page.pageSize())
                .add("totalPages", page.totalPages())
                .build();
    }

    /** Two decimals always, so 20 reads {@code 20.00}. */
    public static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
