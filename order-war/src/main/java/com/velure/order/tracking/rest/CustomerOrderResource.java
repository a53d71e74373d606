package com.velure.order.tracking.rest;

import com.velure.order.ledger.Order;
import com.velure.order.ledger.OrderId;
import com.velure.order.ledger.OrderPage;
import com.velure.order.ledger.OrderStore;
import com.velure.platform.security.AccessTokenVerifier;
import com.velure.platform.security.VerifiedToken;
import com.velure.platform.web.PageRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.util.UUID;

/** A customer's own orders: the list, one order, and one order's live status. Another user's order is a 404. */
@Path("api/order/user")
@RequestScoped
@SecurityRequirement(name = "bearer")
public class CustomerOrderResource {

    private static final int DEFAULT_PAGE_SIZE = 10;
    /** A full instance frees up as streams end; EventSource retries by itself. */
    private static final long RETRY_AFTER_FULL_SECONDS = 5;

    @Inject
    OrderStore orders;

    @Inject
    StatusStreams streams;

    @Inject
    AccessTokenVerifier tokens;

    @Context
    SecurityContext security;

    @GET
    @Path("orders")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("customer")
    @Operation(summary = "The caller's orders, newest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OrderPage.class)))
    @APIResponse(responseCode = "400", description = "page < 1, pageSize outside 1–100", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "401", content = @Content(schema = @Schema(ref = "Error")))
    public OrderPage orders(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize) {
        return orders.pageForUser(caller(null).userId(), PageRequest.parse(page, pageSize, "pageSize", DEFAULT_PAGE_SIZE));
    }

    @GET
    @Path("order")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("customer")
    @Operation(summary = "One of the caller's orders")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Order.class)))
    @APIResponse(responseCode = "400", description = "id missing or not a UUID", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "401", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "404", description = "no such order of the caller's", content = @Content(schema = @Schema(ref = "Error")))
    public Order order(@QueryParam("id") String id) {
        UUID orderId = OrderId.parse(id, "id");
        String userId = caller(null).userId();
        return orders.find(orderId).filter(order -> isOwnedBy(order, userId)).orElseThrow(NotFoundException::new);
    }

    /**
     * {@code text/event-stream} of the order: the order at once, then the whole order at each
     * status change, until a final status. The token may come as {@code ?token=} because a browser's
     * EventSource cannot send an Authorization header. Each event's id is the status change's
     * sequence number; EventSource reconnects whenever a stream ends and sends the last id it saw,
     * so a reconnect whose {@code Last-Event-ID} is already the order's final event gets 204, the
     * one answer that makes EventSource stop instead of fetching the finished order forever. A
     * stream whose session is revoked meanwhile ends (see {@link StatusStreams}); its reconnect gets 401.
     */
    @GET
    @Path("order/status")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @PermitAll
    @Operation(summary = "The order's live status", description = "Server-sent events: the Order at once, then the whole Order "
            + "at each status change (id = the change's sequence number), comment keep-alives; ends after a final status. "
            + "A reconnect whose Last-Event-ID is the final event's id gets 204 (EventSource stops).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
            schema = @Schema(type = SchemaType.STRING, description = "data: events holding an Order")))
    @APIResponse(responseCode = "204", description = "the order is final and Last-Event-ID is its final event: nothing more to send")
    @APIResponse(responseCode = "400", description = "id missing or not a UUID", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "401", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "404", description = "no such order of the caller's", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "503", description = "this instance has too many open streams (Retry-After)",
            content = @Content(schema = @Schema(ref = "Error")))
    public void status(@QueryParam("id") String id,
                       @Parameter(description = "the access token, for EventSource clients that cannot send headers")
                       @QueryParam("token") String token,
                       @Parameter(description = "the id of the last event received, sent by EventSource when it reconnects")
                       @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        VerifiedToken caller = caller(token);
        UUID orderId = OrderId.parse(id, "id");
        OrderStore.Tracked tracked = orders.findTracked(orderId)
                .filter(found -> isOwnedBy(found.order(), caller.userId())).orElseThrow(NotFoundException::new);
        if (tracked.order().status().isFinal() && sawFinalEvent(lastEventId, tracked.sequence())) {
            throw new WebApplicationException(Response.noContent().build());
        }
        if (!streams.open(tracked.order(), tracked.sequence(), caller.sessionId(), sink, sse)) {
            throw new ServiceUnavailableException("too many open status streams, retry later", RETRY_AFTER_FULL_SECONDS);
        }
    }

    /**
     * The Authorization header's verified token (platform's BearerAuthentication), else
     * {@code queryToken} verified the same way; 401 without either.
     */
    private VerifiedToken caller(String queryToken) {
        if (security.getUserPrincipal() instanceof VerifiedToken verified) {
            return verified;
        }
        return tokens.require(queryToken);
    }

    /** Whether the client's Last-Event-ID is the order's latest change; an id that is not ours counts as none. */
    private static boolean sawFinalEvent(String lastEventId, long finalSequence) {
        try {
            return lastEventId != null && Long.parseLong(lastEventId.strip()) >= finalSequence;
        } catch (NumberFormatException notOurs) {
            return false;
        }
    }

    private static boolean isOwnedBy(Order order, String userId) {
        return order.userId().equals(userId);
    }
}
