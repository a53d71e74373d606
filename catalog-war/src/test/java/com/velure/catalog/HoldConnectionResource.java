package com.velure.catalog;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Test-only: holds one pooled connection for a while, as a slow query would. Never in the real WAR. */
@Path("api/product/test/hold")
public class HoldConnectionResource {

    @Inject
    DataSource dataSource;

    /** The same for a signed-in customer: the token and its session are checked first, as on every real endpoint. */
    @GET
    @Path("signed-in")
    @RolesAllowed("customer")
    public String holdSignedIn(@QueryParam("seconds") double seconds) throws SQLException {
        return hold(seconds);
    }

    @GET
    public String hold(@QueryParam("seconds") double seconds) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement sleep = connection.prepareStatement("SELECT pg_sleep(?)")) {
            sleep.setDouble(1, seconds);
            sleep.execute();
            return "held";
        }
    }
}
