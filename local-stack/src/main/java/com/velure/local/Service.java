package com.velure.local;

import com.velure.devsupport.ServiceRole;

/** The three services of the stack: their WAR, their database slice, their port and public prefix. */
enum Service {
    AUTH("auth", ServiceRole.AUTH, 8081, "/api/auth"),
    CATALOG("catalog", ServiceRole.CATALOG, 8082, "/api/product"),
    ORDER("order", ServiceRole.ORDERS, 8083, "/api/order");

    final String name;
    final ServiceRole database;
    final int defaultPort;
    final String publicPrefix;

    Service(String name, ServiceRole database, int defaultPort, String publicPrefix) {
        this.name = name;
        this.database = database;
        this.defaultPort = defaultPort;
        this.publicPrefix = publicPrefix;
    }

    /** Environment variables of the stack for this service start with this, e.g. {@code AUTH_DB_POOL_MAX_SIZE}. */
    String envPrefix() {
        return name.toUpperCase() + "_";
    }
}
