package com.velure.catalog.product.rest;

import com.velure.catalog.product.ProductStore;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.sql.SQLException;

/** The public catalog API under /api/product. */
@Path("api/product")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    @Inject
    ProductStore products;

    @GET
    @Path("getProductsCount")
    public JsonObject count() throws SQLException {
        return Json.createObjectBuilder().add("count", products.count()).build();
    }
}
