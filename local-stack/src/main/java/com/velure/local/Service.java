package com.velure.local;

import com.velure.devsupport.ServiceRole;

/**
 * The three services of the stack: their WAR, their database slice, their port, public prefix
 * and any public path outside it.
 */
enum Service {
    AUTH("auth", ServiceRole.AUTH, 8081, "/api/auth"),
    CATALOG("catalog", ServiceRole.CATALOG, 8082, "/api/product"),
    // API.md: POST /api/orders is create-order's other name (the Docker gateway and the Kubernetes Ingress route it too).
    ORDER("order", ServiceRole.ORDERS, 8083, "/api/order", "/api/orders");

    final String name;
    final ServiceRole database;
    final int defaultPort;
    final String publicPrefix;
    /** Routed only as they are, not as prefixes. */
    final String[] publicPaths;

    Service(String name, ServiceRole database, int defaultPort, String publicPrefix, String... publicPaths) {
        this.name = name;
        this.database = database;
        this.defaultPort = defaultPort;
        this.publicPrefix = publicPrefix;
        this.publicPaths = publicPaths;
    }

    /** Environment variables of the stack for this service start with this, e.g. {@code AUTH_DB_POOL_MAX_SIZE}. */
    String envPrefix() {
        return name.toUpperCase() + "_";
    }
}
