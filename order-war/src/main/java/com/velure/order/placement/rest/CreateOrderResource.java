package com.velure.order.placement.rest;

import com.velure.order.placement.OrderPlacement;
import com.velure.order.placement.OrderRequest;
import com.velure.platform.security.VerifiedToken;
import com.velure.platform.web.InvalidInput;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.util.Map;
import java.util.regex.Pattern;

/** {@code POST /api/order/create-order}: a customer places an order, priced by the catalog. */
@Path("api/order/create-order")
@RequestScoped
@SecurityRequirement(name = "bearer")
public class CreateOrderResource {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    /** A catalog outage or open breaker lasts seconds; clients should not hammer it meanwhile. */
    static final long RETRY_AFTER_CATALOG_SECONDS = 5;

    @Inject
    OrderPlacement placement;

    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("customer")
    @Operation(summary = "Place an order", description = "Prices each line with the catalog's current name and price; "
            + "client names and prices are ignored. The same Idempotency-Key with the same order answers the first response.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = OrderForm.class)))
    @APIResponse(responseCode = "201", description = "stored; processing follows in the background",
            content = @Content(schema = @Schema(implementation = OrderCreated.class)),
            headers = @Header(name = "Idempotent-Replayed", description = "true when this answers an earlier request with the key",
                    schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "no items, more than 50 lines, quantity not 1–100, unknown product",
            content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "401", description = "missing or invalid token", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "403", description = "not a customer", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "409", description = "the Idempotency-Key was used for a different order",
            content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "413", description = "body over 64 KiB", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "415", description = "not JSON", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "503", description = "the catalog is unavailable; nothing was stored (Retry-After)",
            content = @Content(schema = @Schema(ref = "Error")))
    public Response create(JsonValue body,
                           @Parameter(description = "1 to 255 visible ASCII characters, per user")
                           @HeaderParam("Idempotency-Key") String idempotencyKey) {
        OrderRequest request = OrderRequest.parse(body);
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new InvalidInput("invalid Idempotency-Key", Map.of("Idempotency-Key", "must be 1 to 255 visible ASCII characters"));
        }
        OrderPlacement.Outcome outcome = placement.place(VerifiedToken.of(security).userId(), request, idempotencyKey);
        if (outcome instanceof OrderPlacement.Placed placed) {
            Response.ResponseBuilder created = Response.status(Response.Status.CREATED)
                    .location(UriBuilder.fromPath("/api/order/user/order").queryParam("id", placed.orderId()).build())
                    .entity(new OrderCreated(placed.orderId(), placed.total()));
            return (placed.replayed() ? created.header("Idempotent-Replayed", "true") : created).build();
        }
        if (outcome instanceof OrderPlacement.Unacceptable unacceptable) {
            throw new InvalidInput(unacceptable.message(), unacceptable.fields());
        }
        if (outcome instanceof OrderPlacement.KeyConflict conflict) {
            throw new ClientErrorException(conflict.message(), Response.Status.CONFLICT);
        }
        throw new ServiceUnavailableException("catalog unavailable, retry later", RETRY_AFTER_CATALOG_SECONDS);
    }
}
