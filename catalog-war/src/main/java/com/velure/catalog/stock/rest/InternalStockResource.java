package com.velure.catalog.stock.rest;

import com.velure.catalog.api.InternalCatalogApi;
import com.velure.catalog.api.PricedProducts;
import com.velure.catalog.api.ProductLookup;
import com.velure.catalog.api.ReservationOutcome;
import com.velure.catalog.api.StockRequest;
import com.velure.catalog.stock.StockStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's internal API for the order service ({@link InternalCatalogApi}: paths, bodies and
 * validation live there). Served under /internal, which the ingress never routes, and only to
 * callers with the service token.
 */
@Path("/") // the interface's methods carry the /internal paths; JAX-RS inherits no class annotations from it
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@ServiceCallersOnly
public class InternalStockResource implements InternalCatalogApi {

    @Inject
    StockStore stock;

    /** Name, price and stock of the products that exist among the ids; unknown ids are left out. */
    @Override
    public Response lookup(ProductLookup request) {
        List<Long> ids = new ArrayList<>();
        for (String id : request.ids()) {
            try {
                ids.add(Long.parseLong(id));
            } catch (NumberFormatException notAnId) {
                // names no product, so it is simply absent from the answer
            }
        }
        return Response.ok(new PricedProducts(ids.isEmpty() ? List.of() : stock.lookup(ids))).build();
    }

    /** 200 RESERVED, or 409 REJECTED with the reason (RELEASED for an order released before); a repeat answers the first outcome. */
    @Override
    public Response reserve(String orderId, StockRequest request) {
        ReservationOutcome outcome = stock.reserve(orderId, request.items());
        return Response.status(outcome.status() == ReservationOutcome.Status.RESERVED ? Response.Status.OK : Response.Status.CONFLICT)
                .entity(outcome).build();
    }

    /** 200 RELEASED when stock was (or had already been) given back, 200 NONE when nothing was reserved. */
    @Override
    public Response release(String orderId) {
        return Response.ok(stock.release(orderId)).build();
    }
}
