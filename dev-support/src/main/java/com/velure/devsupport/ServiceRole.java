package com.velure.devsupport;

/**
 * One service's share of the shared PostgreSQL database: a login role that owns a schema of the
 * same name and can touch nothing else.
 */
public enum ServiceRole {
    AUTH("auth"),
    CATALOG("catalog"),
    ORDERS("orders");

    private final String role;

    ServiceRole(String role) {
        this.role = role;
    }

    /** The login role, which is also the schema it owns. */
    public String role() {
        return role;
    }

    /** The schema the role owns; kept equal to the role so search_path needs no configuration. */
    public String schema() {
        return role;
    }
}
