package com.velure.catalog.stock.rest;

import com.velure.catalog.internal.ServiceCallersOnly;
import com.velure.catalog.stock.Reservation;
import com.velure.catalog.stock.StockLevel;
import com.velure.catalog.stock.StockStore;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
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

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's internal API for the order service: product lookup and stock reservations. Served
 * under /internal, which the ingress never routes, and only to callers with the service token.
 */
@Path("internal")
@ServiceCallersOnly
@Produces(MediaType.APPLICATION_JSON)
public class InternalStockResource {

    /** Looked up once: {@code Json.createXxx()} repeats the service-loader lookup on every call (jsonp-api#154). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final String ORDER_ID = "[A-Za-z0-9._:-]{1,100}";
    private static final String ORDER_ID_MESSAGE = "must be 1 to 100 letters, digits, '.', '_', ':' or '-'";

    @Inject
    StockStore stock;

    /** Name, price and stock of the products that exist among the ids; unknown ids are left out. */
    @POST
    @Path("products/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject lookup(@Valid @NotNull LookupRequest request) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (String id : request.ids) {
            try {
                ids.add(Long.parseLong(id));
            } catch (NumberFormatException notAnId) {
                // names no product, so it is simply absent from the answer
            }
        }
        JsonArrayBuilder products = JSON.createArrayBuilder();
        for (StockLevel level : ids.isEmpty() ? List.<StockLevel>of() : stock.lookup(ids)) {
            products.add(JSON.createObjectBuilder()
                    .add("_id", String.valueOf(level.productId()))
                    .add("name", level.name())
                    .add("price", level.price())
                    .add("quantity", level.quantity()));
        }
        return JSON.createObjectBuilder().add("products", products).build();
    }

    /** 200 RESERVED, or 409 REJECTED with the reason; a repeat answers the first outcome. */
    @PUT
    @Path("stock/reservations/{orderId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response reserve(@PathParam("orderId") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String orderId,
                            @Valid @NotNull ReservationRequest request) throws SQLException {
        Reservation reservation = stock.reserve(orderId, request.quantities());
        Response.Status status = reservation.status() == Reservation.Status.RESERVED ? Response.Status.OK : Response.Status.CONFLICT;
        return Response.status(status).entity(json(reservation)).build();
    }

    /** 200 RELEASED when stock was (or had already been) given back, 200 NONE when nothing was reserved. */
    @DELETE
    @Path("stock/reservations/{orderId}")
    public JsonObject release(@PathParam("orderId") @Pattern(regexp = ORDER_ID, message = ORDER_ID_MESSAGE) String orderId)
            throws SQLException {
        return json(stock.release(orderId));
    }

    private static JsonObject json(Reservation reservation) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("order_id", reservation.orderId())
                .add("status", reservation.status().name());
        if (reservation.reason() != null) {
            json.add("reason", reservation.reason());
        }
        return json.build();
    }
}
