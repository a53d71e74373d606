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

/**
 * The catalog's internal API, served by catalog-war under {@code /internal} (never routed by the
 * gateway) and called by order-war as a MicroProfile Rest Client. Every call carries the shared
 * service credential in {@value #SERVICE_TOKEN_HEADER}: missing → 401, wrong → 403.
 *
 * <p>Methods answer a raw {@link Response} because a 409 from a reservation is an outcome the
 * caller reads, not an error: the bodies are the records of this package.
 */
@Path("/internal")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface InternalCatalogApi {

    String SERVICE_TOKEN_HEADER = "X-Service-Token";

    /** Order ids are opaque to the catalog but bounded: they key the idempotency of a reservation. */
    String ORDER_ID = "[A-Za-z0-9._:-]{1,100}";
    String ORDER_ID_MESSAGE = "must be 1 to 100 letters, digits, '.', '_', ':' or '-'";

    /** 200 {@link PricedProducts}: name, price and stock of the ids that name a product; the others are left out. */
    @POST
    @Path("products/lookup")
    Response lookup(@Valid @NotNull ProductLookup request);

    /**
     * Takes every line from stock or none: 200 {@link ReservationOutcome} {@code RESERVED}, or 409
     * {@code REJECTED} with the reason. Asking again for the same order answers the first outcome.
     */
    @PUT
    @Path("stock/reservations/{orderId}")
    Response reserve(@PathParam("orderId") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String orderId,
                     @Valid @NotNull StockRequest request);

    /** Gives the order's stock back exactly once: 200 {@code RELEASED}, or {@code NONE} when nothing was reserved. */
    @DELETE
    @Path("stock/reservations/{orderId}")
    Response release(@PathParam("orderId") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String orderId);
}
