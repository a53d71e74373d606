package com.velure.order.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs a unit of SQL work in one local transaction on a pooled connection that is held only for
 * that work: callers never make an HTTP call or wait on anything else inside it.
 */
@ApplicationScoped
public class Transactions {

    @Inject
    DataSource dataSource;

    /** SQL that runs inside a transaction and may produce a result. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Commits what {@code work} did, or rolls everything back when it throws. */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Runs {@code work} in autocommit mode: for single statements and reads. */
    public <T> T once(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        }
    }
}
