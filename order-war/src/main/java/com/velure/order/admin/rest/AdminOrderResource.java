package com.velure.order.admin.rest;

import com.velure.order.admin.OrderAdministration;
import com.velure.order.ledger.OrderId;
import com.velure.order.ledger.OrderPage;
import com.velure.order.ledger.OrderStatus;
import com.velure.order.ledger.OrderStore;
import com.velure.platform.web.InvalidInput;
import com.velure.platform.web.PageRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Administrators: every order, and status changes held to the order lifecycle. */
@Path("api/order")
@RequestScoped
@RolesAllowed("admin")
@SecurityRequirement(name = "bearer")
public class AdminOrderResource {

    /** As {@link StatusUpdate} documents it. */
    private static final int MAX_REASON_LENGTH = 500;
    private static final int DEFAULT_PAGE_SIZE = 10;

    @Inject
    OrderStore orders;

    @Inject
    OrderAdministration administration;

    @GET
    @Path("orders")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "All orders, newest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OrderPage.class)))
    @APIResponse(responseCode = "400", description = "page < 1, pageSize outside 1–100", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "401", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "403", description = "not an admin", content = @Content(schema = @Schema(ref = "Error")))
    public OrderPage orders(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize) {
        return orders.pageAll(PageRequest.parse(page, pageSize, "pageSize", DEFAULT_PAGE_SIZE));
    }

    @POST
    @Path("update-order-status")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move an order along its lifecycle", description = "CREATED → PROCESSING → COMPLETED, or → FAILED; "
            + "the same status again changes nothing. A failed order's stock is given back.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = StatusUpdate.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = StatusUpdated.class)))
    @APIResponse(responseCode = "400", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "401", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "403", description = "not an admin", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "404", description = "no such order", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "409", description = "not a lifecycle transition", content = @Content(schema = @Schema(ref = "Error")))
    public StatusUpdated updateStatus(StatusUpdate body) {
        Map<String, String> problems = new LinkedHashMap<>();
        OrderStatus status = OrderStatus.parse(body == null ? null : body.status());
        String reason = body == null ? null : body.reason();
        if (body == null || body.orderId() == null) {
            problems.put("order_id", "required");
        }
        if (status == null) {
            problems.put("status", "must be one of " + Arrays.toString(OrderStatus.values()));
        }
        if (reason != null && (reason.isBlank() || reason.length() > MAX_REASON_LENGTH)) {
            problems.put("reason", "1 to " + MAX_REASON_LENGTH + " characters when given");
        } else if (reason != null && reason.codePoints().anyMatch(Character::isISOControl)) {
            // PostgreSQL cannot store a NUL (a 500 before), and a line break would forge log lines
            problems.put("reason", "must not contain control characters");
        }
        InvalidInput.throwIfAny("invalid status update", problems);
        UUID orderId = OrderId.parse(body.orderId(), "order_id");
        OrderAdministration.Outcome outcome = administration.changeStatus(orderId, status, reason);
        if (outcome instanceof OrderAdministration.Changed changed) {
            return new StatusUpdated(orderId, status, changed.updated());
        }
        if (outcome instanceof OrderAdministration.Refused refused) {
            throw new ClientErrorException(refused.message(), Response.Status.CONFLICT);
        }
        throw new NotFoundException("order not found");
    }
}
