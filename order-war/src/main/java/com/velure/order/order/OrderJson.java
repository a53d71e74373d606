package com.velure.order.order;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Orders in the API's JSON shape (API.md "Order"): snake_case fields, money with two decimals, UTC times. */
public final class OrderJson {

    private OrderJson() {
    }

    public static JsonObject order(Order order) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (OrderLine line : order.items()) {
            items.add(Json.createObjectBuilder()
                    .add("product_id", line.productId())
                    .add("name", line.name())
                    .add("quantity", line.quantity())
                    .add("price", money(line.price())));
        }
        JsonObjectBuilder json = Json.createObjectBuilder()
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
        JsonArrayBuilder orders = Json.createArrayBuilder();
        page.orders().forEach(order -> orders.add(order(order)));
        return Json.createObjectBuilder()
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
