package com.velure.order.ledger;

import com.velure.platform.web.PageRequest;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** One page of orders, newest first: {@code {orders, totalCount, page, pageSize, totalPages}}; {@code orders} is [] when empty. */
@Schema(name = "OrderPage")
@JsonbPropertyOrder({"orders", "totalCount", "page", "pageSize", "totalPages"})
public record OrderPage(List<Order> orders, @Schema(required = true) long totalCount,
                        @Schema(required = true) int page, @Schema(required = true) int pageSize,
                        @Schema(required = true) long totalPages) {

    public OrderPage(List<Order> orders, long totalCount, PageRequest paging) {
        this(orders, totalCount, paging.page(), paging.pageSize(), paging.totalPages(totalCount));
    }
}
