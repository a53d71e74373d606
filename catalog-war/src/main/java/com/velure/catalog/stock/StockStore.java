package com.velure.catalog.stock;

import com.velure.catalog.stock.Reservation.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Stock movements for orders. A reservation takes every line or none in one transaction, each line
 * with a conditional update ({@code quantity >= wanted}) so concurrent orders can never drive stock
 * below zero; its outcome is recorded under the order id, which makes retries answer the same.
 */
@ApplicationScoped
public class StockStore {

    @Inject
    DataSource dataSource;

    /** Name, price and stock of the products that exist among {@code ids}. */
    public List<StockLevel> lookup(Collection<Long> ids) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, name, price, quantity FROM product WHERE id = ANY (?) ORDER BY id")) {
            select.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            List<StockLevel> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new StockLevel(rows.getLong(1), rows.getString(2), rows.getBigDecimal(3), rows.getInt(4)));
                }
            }
            return found;
        }
    }

    /**
     * Reserves {@code lines} (product id → quantity, in id order so that concurrent reservations
     * lock rows in the same order and cannot deadlock) for an order, or answers the outcome of the
     * order's first reservation request.
     */
    public Reservation reserve(String orderId, SortedMap<Long, Integer> lines) throws SQLException {
        return inTransaction(connection -> {
            if (!claim(connection, orderId, Status.RESERVED)) {
                return recorded(connection, orderId);
            }
            Savepoint beforeStock = connection.setSavepoint();
            Long shortProduct = takeStock(connection, lines);
            if (shortProduct != null) {
                connection.rollback(beforeStock);
                String reason = shortageReason(connection, shortProduct);
                try (PreparedStatement reject = connection.prepareStatement(
                        "UPDATE stock_reservation SET status = 'REJECTED', reason = ? WHERE order_id = ?")) {
                    reject.setString(1, reason);
                    reject.setString(2, orderId);
                    reject.executeUpdate();
                }
                return new Reservation(orderId, Status.REJECTED, reason);
            }
            try (PreparedStatement remember = connection.prepareStatement(
                    "INSERT INTO stock_reservation_line (order_id, product_id, quantity) VALUES (?, ?, ?)")) {
                for (Map.Entry<Long, Integer> line : lines.entrySet()) {
                    remember.setString(1, orderId);
                    remember.setLong(2, line.getKey());
                    remember.setInt(3, line.getValue());
                    remember.addBatch();
                }
                remember.executeBatch();
            }
            return new Reservation(orderId, Status.RESERVED, null);
        });
    }

    /**
     * Gives an order's reserved stock back, once. An order never seen before is recorded as
     * released, so that a reservation arriving late (a retry that overtook the release) takes nothing.
     */
    public Reservation release(String orderId) throws SQLException {
        return inTransaction(connection -> {
            try (PreparedStatement release = connection.prepareStatement("UPDATE stock_reservation SET status = 'RELEASED',"
                    + " updated_at = now() WHERE order_id = ? AND status = 'RESERVED'")) {
                release.setString(1, orderId);
                if (release.executeUpdate() == 1) {
                    giveBack(connection, orderId);
                    return new Reservation(orderId, Status.RELEASED, null);
                }
            }
            if (claim(connection, orderId, Status.RELEASED)) {
                return new Reservation(orderId, Status.NONE, null);
            }
            Reservation recorded = recorded(connection, orderId);
            return recorded.status() == Status.RELEASED ? new Reservation(orderId, Status.RELEASED, null)
                    : new Reservation(orderId, Status.NONE, null);
        });
    }

    /**
     * Records the order id with a first status; false when it was already recorded. A concurrent
     * claim of the same id waits here until the other transaction ends, so only one proceeds.
     */
    private static boolean claim(Connection connection, String orderId, Status status) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(
                "INSERT INTO stock_reservation (order_id, status, reason) VALUES (?, ?, ?) ON CONFLICT (order_id) DO NOTHING")) {
            claim.setString(1, orderId);
            claim.setString(2, status.name());
            claim.setString(3, status == Status.RELEASED ? "released before any reservation" : null);
            return claim.executeUpdate() == 1;
        }
    }

    /** The outcome recorded for an order; a reservation request for a released order is refused. */
    private static Reservation recorded(Connection connection, String orderId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT status, reason FROM stock_reservation WHERE order_id = ?")) {
            select.setString(1, orderId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                Status status = Status.valueOf(row.getString(1));
                return new Reservation(orderId, status, status == Status.RESERVED ? null
                        : status == Status.RELEASED ? "order already released" : row.getString(2));
            }
        }
    }

    /** Takes every line from stock; returns the first product that was short (or unknown), or null when all were taken. */
    private static Long takeStock(Connection connection, SortedMap<Long, Integer> lines) throws SQLException {
        try (PreparedStatement take = connection.prepareStatement(
                "UPDATE product SET quantity = quantity - ? WHERE id = ? AND quantity >= ?")) {
            for (Map.Entry<Long, Integer> line : lines.entrySet()) {
                take.setInt(1, line.getValue());
                take.setLong(2, line.getKey());
                take.setInt(3, line.getValue());
                take.addBatch();
            }
            int[] updated = take.executeBatch();
            int index = 0;
            for (Long productId : lines.keySet()) {
                if (updated[index++] != 1) {
                    return productId;
                }
            }
            return null;
        }
    }

    private static String shortageReason(Connection connection, long productId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT name FROM product WHERE id = ?")) {
            select.setLong(1, productId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? "out of stock: " + row.getString(1) : "unknown product: " + productId;
            }
        }
    }

    private static void giveBack(Connection connection, String orderId) throws SQLException {
        List<long[]> lines = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT product_id, quantity FROM stock_reservation_line WHERE order_id = ? ORDER BY product_id")) {
            select.setString(1, orderId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    lines.add(new long[]{rows.getLong(1), rows.getInt(2)});
                }
            }
        }
        try (PreparedStatement restock = connection.prepareStatement("UPDATE product SET quantity = quantity + ? WHERE id = ?")) {
            for (long[] line : lines) {
                restock.setInt(1, (int) line[1]);
                restock.setLong(2, line[0]);
                restock.addBatch();
            }
            restock.executeBatch();
        }
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.in(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private interface Work<T> {
        T in(Connection connection) throws SQLException;
    }
}
