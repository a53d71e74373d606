package com.velure.catalog;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import java.sql.SQLException;

/** Test-only: fails the ways production code can, to check what clients see. Never in the real WAR. */
@Path("api/product/test/fault")
public class FaultResource {

    @GET
    @Path("bug")
    public String bug() {
        throw new IllegalStateException("SELECT secret FROM internals -- must never reach a client");
    }

    @GET
    @Path("database-down")
    public String databaseDown() throws SQLException {
        throw new SQLException("Connection to localhost:5432 refused", "08001");
    }
}
