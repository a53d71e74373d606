package com.velure.order.order;

import com.velure.order.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Orders, their lines and their status history in the {@code orders} schema. Status changes are
 * conditional updates ({@code ... WHERE status = ?}): of two writers racing, only the one that saw
 * the current status wins, and each change is recorded exactly once.
 */
@ApplicationScoped
public class OrderStore {

    private static final String ORDER_COLUMNS = "id, user_id, status, reason, total, created_at, updated_at";

    @Inject
    Transactions transactions;

    /** Inserts a new CREATED order with its lines and first history entry; returns its id. */
    public UUID insert(Connection connection, String userId, List<OrderLine> lines, BigDecimal total) throws SQLException {
        UUID id;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO customer_order (user_id, status, total) VALUES (?, 'CREATED', ?) RETURNING id")) {
            insert.setString(1, userId);
            insert.setBigDecimal(2, total);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                id = row.getObject(1, UUID.class);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO order_line (order_id, line_no, product_id, name, quantity, price) VALUES (?, ?, ?, ?, ?, ?)")) {
            int lineNo = 1;
            for (OrderLine line : lines) {
                insert.setObject(1, id);
                insert.setInt(2, lineNo++);
                insert.setString(3, line.productId());
                insert.setString(4, line.name());
                insert.setInt(5, line.quantity());
                insert.setBigDecimal(6, line.price());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        recordChange(connection, id, OrderStatus.CREATED, null);
        return id;
    }

    /**
     * Moves the order from {@code from} to {@code to} if it is still in {@code from}, and records
     * the change; false (and nothing written) when another writer got there first.
     */
    public boolean transition(Connection connection, UUID id, OrderStatus from, OrderStatus to, String reason) throws SQLException {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("illegal transition " + from + " -> " + to);
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE customer_order SET status = ?, reason = ?, updated_at = now() WHERE id = ? AND status = ?")) {
            update.setString(1, to.name());
            update.setString(2, reason);
            update.setObject(3, id);
            update.setString(4, from.name());
            if (update.executeUpdate() == 0) {
                return false;
            }
        }
        recordChange(connection, id, to, reason);
        return true;
    }

    public Optional<Order> find(UUID id) throws SQLException {
        return transactions.once(connection -> find(connection, id));
    }

    /** The order with its lines, read on the caller's connection (e.g. inside its transaction). */
    public Optional<Order> find(Connection connection, UUID id) throws SQLException {
        return withLines(connection, query(connection, "SELECT " + ORDER_COLUMNS + " FROM customer_order WHERE id = ?", id))
                .stream().findFirst();
    }

    /** The order with its latest history entry, read in one statement so that the two agree. */
    public Optional<Tracked> findTracked(UUID id) throws SQLException {
        return transactions.once(connection -> {
            Long sequence = null;
            List<Order> found;
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ORDER_COLUMNS
                    + ", (SELECT max(c.id) FROM order_status_change c WHERE c.order_id = o.id) AS sequence"
                    + " FROM customer_order o WHERE id = ?")) {
                select.setObject(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(order(rows));
                        sequence = rows.getLong("sequence");
                    }
                }
            }
            found = withLines(connection, found);
            return found.isEmpty() ? Optional.empty() : Optional.of(new Tracked(found.get(0), sequence));
        });
    }

    /** An order and the sequence number of its latest status change. */
    public record Tracked(Order order, long sequence) {
    }

    /** Status changes of these orders after {@code afterSequence}, oldest first. */
    public List<StatusChange> changesSince(Collection<UUID> orderIds, long afterSequence) throws SQLException {
        return transactions.once(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, order_id, status, reason, changed_at FROM order_status_change"
                            + " WHERE order_id = ANY (?) AND id > ? ORDER BY id")) {
                select.setArray(1, uuids(connection, orderIds));
                select.setLong(2, afterSequence);
                List<StatusChange> changes = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        changes.add(new StatusChange(rows.getLong(1), rows.getObject(2, UUID.class),
                                OrderStatus.valueOf(rows.getString(3)), rows.getString(4), rows.getTimestamp(5).toInstant()));
                    }
                }
                return changes;
            }
        });
    }

    /** A user's orders, newest first. */
    public OrderPage pageForUser(String userId, int page, int pageSize) throws SQLException {
        return transactions.once(connection -> {
            long total = count(connection, "SELECT count(*) FROM customer_order WHERE user_id = ?", userId);
            List<Order> orders = withLines(connection, query(connection, "SELECT " + ORDER_COLUMNS
                    + " FROM customer_order WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                    userId, pageSize, offset(page, pageSize)));
            return new OrderPage(orders, total, page, pageSize);
        });
    }

    /** Everyone's orders, newest first. */
    public OrderPage pageAll(int page, int pageSize) throws SQLException {
        return transactions.once(connection -> {
            long total = count(connection, "SELECT count(*) FROM customer_order");
            List<Order> orders = withLines(connection, query(connection, "SELECT " + ORDER_COLUMNS
                    + " FROM customer_order ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                    pageSize, offset(page, pageSize)));
            return new OrderPage(orders, total, page, pageSize);
        });
    }

    private static void recordChange(Connection connection, UUID id, OrderStatus status, String reason) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO order_status_change (order_id, status, reason) VALUES (?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, status.name());
            insert.setString(3, reason);
            insert.executeUpdate();
        }
    }

    private static long offset(int page, int pageSize) {
        return (long) (page - 1) * pageSize;
    }

    private static long count(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = prepare(connection, sql, parameters); ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<Order> query(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = prepare(connection, sql, parameters); ResultSet rows = select.executeQuery()) {
            List<Order> orders = new ArrayList<>();
            while (rows.next()) {
                orders.add(order(rows));
            }
            return orders;
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    /** The orders with their lines, fetched in one query for the whole list. */
    private static List<Order> withLines(Connection connection, List<Order> orders) throws SQLException {
        if (orders.isEmpty()) {
            return orders;
        }
        Map<UUID, List<OrderLine>> lines = new LinkedHashMap<>();
        orders.forEach(order -> lines.put(order.id(), new ArrayList<>()));
        try (PreparedStatement select = connection.prepareStatement("SELECT order_id, product_id, name, quantity, price"
                + " FROM order_line WHERE order_id = ANY (?) ORDER BY order_id, line_no")) {
            select.setArray(1, uuids(connection, lines.keySet()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    lines.get(rows.getObject(1, UUID.class)).add(new OrderLine(
                            rows.getString(2), rows.getString(3), rows.getInt(4), rows.getBigDecimal(5)));
                }
            }
        }
        return orders.stream().map(order -> new Order(order.id(), order.userId(), List.copyOf(lines.get(order.id())),
                order.total(), order.status(), order.reason(), order.createdAt(), order.updatedAt())).toList();
    }

    private static Array uuids(Connection connection, Collection<UUID> ids) throws SQLException {
        return connection.createArrayOf("uuid", ids.toArray());
    }

    private static Order order(ResultSet row) throws SQLException {
        return new Order(row.getObject("id", UUID.class), row.getString("user_id"), List.of(), row.getBigDecimal("total"),
                OrderStatus.valueOf(row.getString("status")), row.getString("reason"),
                instant(row.getTimestamp("created_at")), instant(row.getTimestamp("updated_at")));
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp.toInstant();
    }
}
