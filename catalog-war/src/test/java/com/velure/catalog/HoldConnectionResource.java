package com.velure.catalog;

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
