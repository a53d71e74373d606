package com.velure.order.placement.rest;

import com.velure.order.order.OrderJson;
import com.velure.order.placement.OrderPlacement;
import com.velure.order.placement.OrderRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.regex.Pattern;

/** {@code POST /api/order/create-order}: a customer places an order, priced by the catalog. */
@Path("api/order/create-order")
@RequestScoped
public class CreateOrderResource {

    /** Looked up once: {@code Json.createXxx()} repeats the service-loader lookup on every call (jsonp-api#154). */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Fifty lines fit in a few KiB; anything much larger is not an order. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Inject
    OrderPlacement placement;

    @Inject
    JsonWebToken caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("customer")
    public Response create(InputStream body, @HeaderParam("Idempotency-Key") String idempotencyKey) throws SQLException {
        OrderRequest request = OrderRequest.parse(read(body));
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new BadRequestException("Idempotency-Key must be 1 to 255 visible ASCII characters");
        }
        OrderPlacement.Placed placed = placement.place(caller.getSubject(), request, idempotencyKey);
        Response.ResponseBuilder created = Response.status(Response.Status.CREATED)
                .location(UriBuilder.fromPath("/api/order/user/order").queryParam("id", placed.orderId()).build())
                .entity(JSON.createObjectBuilder()
                        .add("order_id", placed.orderId().toString())
                        .add("total", OrderJson.money(placed.total()))
                        .add("status", "CREATED")
                        .build());
        if (placed.replayed()) {
            created.header("Idempotent-Replayed", "true");
        }
        return created.build();
    }

    private static JsonValue read(InputStream body) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new BadRequestException("could not read the request body");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new WebApplicationException("request body too large: at most " + MAX_BODY_BYTES / 1024 + " KiB",
                    Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(bytes))) {
            return reader.readValue();
        }
    }
}
