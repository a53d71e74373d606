package com.velure.order.admin.rest;

import com.velure.order.admin.OrderAdministration;
import com.velure.order.order.OrderId;
import com.velure.order.order.OrderJson;
import com.velure.order.order.OrderStatus;
import com.velure.order.order.OrderStore;
import com.velure.order.order.PageRequest;
import com.velure.platform.error.ApiError;
import com.velure.platform.request.RequestIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Administrators: every order, and status changes held to the order lifecycle. */
@Path("api/order")
@RequestScoped
@RolesAllowed("admin")
public class AdminOrderResource {

    /** Looked up once: {@code Json.createXxx()} repeats the service-loader lookup on every call (jsonp-api#154). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final int MAX_REASON_LENGTH = 500;

    @Inject
    OrderStore orders;

    @Inject
    OrderAdministration administration;

    @Context
    HttpServletRequest request;

    @GET
    @Path("orders")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject orders(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize) throws SQLException {
        PageRequest paging = PageRequest.parse(page, pageSize, RequestIds.of(request));
        return OrderJson.page(orders.pageAll(paging.page(), paging.pageSize()));
    }

    /** {@code {order_id, status, reason?}} → {@code {order_id, status, updated}}; 409 for an illegal transition. */
    @POST
    @Path("update-order-status")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject updateStatus(JsonObject body) throws SQLException {
        Map<String, String> problems = new LinkedHashMap<>();
        String rawId = text(body, "order_id");
        OrderStatus status = OrderStatus.parse(text(body, "status"));
        String reason = text(body, "reason");
        if (rawId == null) {
            problems.put("order_id", "required");
        }
        if (status == null) {
            problems.put("status", "must be one of " + Arrays.toString(OrderStatus.values()));
        }
        if (reason != null && (reason.isBlank() || reason.length() > MAX_REASON_LENGTH)) {
            problems.put("reason", "1 to " + MAX_REASON_LENGTH + " characters when given");
        }
        if (!problems.isEmpty()) {
            throw new WebApplicationException(ApiError.invalid("invalid status update", problems, RequestIds.of(request)));
        }
        UUID orderId = OrderId.parse(rawId, "order_id");
        boolean updated = administration.changeStatus(orderId, status, reason);
        return JSON.createObjectBuilder()
                .add("order_id", orderId.toString())
                .add("status", status.name())
                .add("updated", updated)
                .build();
    }

    private static String text(JsonObject body, String field) {
        JsonValue value = body == null ? null : body.get(field);
        return value instanceof JsonString text ? text.getString() : null;
    }
}
