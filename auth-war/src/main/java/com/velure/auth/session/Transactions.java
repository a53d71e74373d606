package com.velure.auth.session;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Runs a unit of SQL work in one local transaction on a pooled connection, and nothing else on it. */
public final class Transactions {

    private Transactions() {
    }

    /** Work on one connection; commit when it returns, roll back when it throws. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true); // the pool hands the connection to the next caller as it found it
            }
        }
    }
}
