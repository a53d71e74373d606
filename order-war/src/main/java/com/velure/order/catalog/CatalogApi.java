package com.velure.order.catalog;

import jakarta.json.JsonObject;
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
 * catalog-war's internal API as a MicroProfile Rest Client interface. Methods answer the raw
 * {@link Response} because a 409 from a reservation is an outcome, not an error; {@link Catalog}
 * reads them.
 */
@Path("/internal")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface CatalogApi {

    /** {@code {"ids":[...]}} → {@code {"products":[{_id, name, price, quantity}]}}; unknown ids are absent. */
    @POST
    @Path("products/lookup")
    Response lookup(JsonObject ids);

    /** Reserves every line or none; idempotent per order id. 200 RESERVED or 409 REJECTED with a reason. */
    @PUT
    @Path("stock/reservations/{orderId}")
    Response reserve(@PathParam("orderId") String orderId, JsonObject items);

    /** Gives an order's reserved stock back, exactly once; 200 RELEASED or NONE. */
    @DELETE
    @Path("stock/reservations/{orderId}")
    Response release(@PathParam("orderId") String orderId);
}
