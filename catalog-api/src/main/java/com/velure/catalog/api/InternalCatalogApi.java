package com.velure.catalog.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * The catalog's internal API, served by catalog-war under {@code /internal} (never routed by the
 * gateway) and called by order-war as a MicroProfile Rest Client. Every call carries the shared
 * service credential in {@value #SERVICE_TOKEN_HEADER}: missing → 401, wrong → 403.
 *
 * <p>The paths sit on the methods, not on the interface: Jersey registers every class-level
 * {@code @Path} it finds in a WAR's jars as a resource, and would then serve this interface itself in
 * order-war, and twice in catalog-war.
 *
 * <p>The OpenAPI annotations document the contract in catalog-war's {@code /openapi}; errors refer
 * by name to the platform's error body ({@code ApiError.Body}, schema {@code Error}) and to the
 * shared responses catalog-war's application defines ({@code TooLarge}, {@code NotJson},
 * {@code Overloaded}), which this module does not depend on.
 *
 * <p>Methods answer a raw {@link Response} because a 409 from a reservation is an outcome the
 * caller reads, not an error: the bodies are the records of this package.
 */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface InternalCatalogApi {

    String SERVICE_TOKEN_HEADER = "X-Service-Token";

    /** Order ids are opaque to the catalog but bounded: they key the idempotency of a reservation. */
    String ORDER_ID = "[A-Za-z0-9._:-]{1,100}";
    String ORDER_ID_MESSAGE = "must be 1 to 100 letters, digits, '.', '_', ':' or '-'";

    /** 200 {@link PricedProducts}: name, price and stock of the ids that name a product; the others are left out. */
    @POST
    @Path("/internal/products/lookup")
    @SecurityRequirement(name = "serviceToken")
    @Operation(summary = "Name, price and stock of the products among the ids (order service only)")
    @APIResponse(responseCode = "200", description = "the known ids; unknown ones are left out",
            content = @Content(schema = @Schema(implementation = PricedProducts.class)))
    @APIResponse(responseCode = "400", description = "no ids, more than 50, or not JSON", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "401", description = "no service token", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "403", description = "a wrong service token", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "415", ref = "NotJson")
    @APIResponse(responseCode = "503", ref = "Overloaded")
    Response lookup(@Valid @NotNull ProductLookup request);

    /**
     * Takes every line from stock or none: 200 {@link ReservationOutcome} {@code RESERVED}, or 409
     * {@code REJECTED} with the reason. Asking again for the same order answers the first outcome.
     */
    @PUT
    @Path("/internal/stock/reservations/{orderId}")
    @SecurityRequirement(name = "serviceToken")
    @Operation(summary = "Takes an order's lines from stock, all or none, once per order id (order service only)")
    @APIResponse(responseCode = "200", description = "RESERVED", content = @Content(schema = @Schema(implementation = ReservationOutcome.class)))
    @APIResponse(responseCode = "409", description = "REJECTED with the reason, or RELEASED: the order was released before",
            content = @Content(schema = @Schema(implementation = ReservationOutcome.class)))
    @APIResponse(responseCode = "400", description = "a bad order id or body", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "401", description = "no service token", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "403", description = "a wrong service token", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "415", ref = "NotJson")
    @APIResponse(responseCode = "503", ref = "Overloaded")
    Response reserve(@PathParam("orderId") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String orderId,
                     @Valid @NotNull StockRequest request);

    /** Gives the order's stock back exactly once: 200 {@code RELEASED}, or {@code NONE} when nothing was reserved. */
    @DELETE
    @Path("/internal/stock/reservations/{orderId}")
    @SecurityRequirement(name = "serviceToken")
    @Operation(summary = "Gives an order's stock back, once (order service only)")
    @APIResponse(responseCode = "200", description = "RELEASED (now or before), or NONE: nothing was reserved",
            content = @Content(schema = @Schema(implementation = ReservationOutcome.class)))
    @APIResponse(responseCode = "400", description = "a bad order id", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "401", description = "no service token", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "403", description = "a wrong service token", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "503", ref = "Overloaded")
    Response release(@PathParam("orderId") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String orderId);
}
