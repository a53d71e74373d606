package com.velure.order.placement.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Path;

/** {@code POST /api/orders}: the same as create-order, under the path older clients call. */
@Path("api/orders")
@RequestScoped
public class CreateOrderAliasResource extends CreateOrderResource {
}
