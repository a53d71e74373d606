package com.velure.order;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The order service's JAX-RS application. Served from the root so that every unknown path, not
 * only those under /api/order, gets the API's JSON 404.
 */
@ApplicationPath("/")
public class OrderApplication extends Application {
}
