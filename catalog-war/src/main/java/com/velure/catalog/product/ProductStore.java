package com.velure.catalog.product;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Products in the catalog schema, read and written with plain SQL on the service's pool. */
@ApplicationScoped
public class ProductStore {

    @Inject
    DataSource dataSource;

    public long count() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT count(*) FROM product")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
