package com.velure.order.tracking.rest;

import com.velure.order.order.Order;
import com.velure.order.order.OrderId;
import com.velure.order.order.OrderJson;
import com.velure.order.order.OrderStore;
import com.velure.order.order.PageRequest;
import com.velure.order.tracking.QueryParameterTokens;
import com.velure.order.tracking.StatusStreams;
import com.velure.order.web.RequestId;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.sql.SQLException;
import java.util.UUID;

/** A customer's own orders: the list, one order, and one order's live status. Another user's order is a 404. */
@Path("api/order/user")
@RequestScoped
public class CustomerOrderResource {

    @Inject
    OrderStore orders;

    @Inject
    StatusStreams streams;

    @Inject
    QueryParameterTokens queryTokens;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    @GET
    @Path("orders")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("customer")
    public JsonObject orders(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize) throws SQLException {
        PageRequest paging = PageRequest.parse(page, pageSize, RequestId.of(request));
        return OrderJson.page(orders.pageForUser(caller(null), paging.page(), paging.pageSize()));
    }

    @GET
    @Path("order")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("customer")
    public JsonObject order(@QueryParam("id") String id) throws SQLException {
        UUID orderId = OrderId.parse(id, "id");
        String userId = caller(null);
        return OrderJson.order(orders.find(orderId).filter(order -> isOwnedBy(order, userId)).orElseThrow(NotFoundException::new));
    }

    /**
     * {@code text/event-stream} of the order: the order at once, then the whole order at each
     * status change, until a final status. The token may come as {@code ?token=} because a browser's
     * EventSource cannot send an Authorization header.
     */
    @GET
    @Path("order/status")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @PermitAll
    public void status(@QueryParam("id") String id, @QueryParam("token") String token,
                       @Context SseEventSink sink, @Context Sse sse) throws SQLException {
        String userId = caller(token);
        UUID orderId = OrderId.parse(id, "id");
        OrderStore.Tracked tracked = orders.findTracked(orderId)
                .filter(found -> isOwnedBy(found.order(), userId)).orElseThrow(NotFoundException::new);
        streams.open(tracked.order(), tracked.sequence(), sink, sse);
    }

    /** The user id from the verified Authorization header, else from {@code queryToken}; 401 without either. */
    private String caller(String queryToken) {
        if (security.getUserPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return queryTokens.subject(queryToken)
                .orElseThrow(() -> new NotAuthorizedException("missing or invalid access token", "Bearer"));
    }

    private static boolean isOwnedBy(Order order, String userId) {
        return order.userId().equals(userId);
    }
}
