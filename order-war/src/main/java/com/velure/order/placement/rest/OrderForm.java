package com.velure.order.placement.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The create-order body as documented: {@code {"items": [OrderFormItem]}} (1 to 50 lines, one per
 * product); the bare array is accepted too. Read by {@link com.velure.order.placement.OrderRequest},
 * which checks the JSON types exactly.
 */
@Schema(name = "OrderForm", description = "{\"items\": [...]} or the bare array of items")
public record OrderForm(List<OrderFormItem> items) {
}
