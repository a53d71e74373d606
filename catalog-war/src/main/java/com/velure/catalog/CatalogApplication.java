package com.velure.catalog;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The catalog service's JAX-RS application. Served from the root so that every unknown path, not
 * only those under /api/product, gets the API's JSON 404.
 */
@ApplicationPath("/")
public class CatalogApplication extends Application {
}
