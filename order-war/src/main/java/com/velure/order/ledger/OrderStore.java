package com.velure.order.ledger;

import com.velure.platform.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Orders, their lines and their status history in the {@code orders} schema. Status changes are
 * conditional updates ({@code ... WHERE status = :from}): of two writers racing, only the one that
 * saw the current status wins, and each change is recorded exactly once. Methods that take a
 * {@link Handle} run in the caller's transaction.
 */
@ApplicationScoped
public class OrderStore {

    private static final String ORDER_COLUMNS = "id, user_id, status, reason, total, created_at, updated_at";

    @Inject
    Jdbi jdbi;

    /** Inserts a new CREATED order with its first history entry (one statement) and its lines; returns its id. */
    public UUID insert(Handle handle, String userId, List<OrderLine> lines, BigDecimal total) {
        UUID id = handle.createQuery("WITH created AS (INSERT INTO customer_order (user_id, status, total) VALUES (:userId, 'CREATED', :total) RETURNING id),"
                        + " recorded AS (INSERT INTO order_status_change (order_id, status) SELECT id, 'CREATED' FROM created)"
                        + " SELECT id FROM created")
                .bind("userId", userId).bind("total", total).mapTo(UUID.class).one();
        PreparedBatch insertLines = handle.prepareBatch("INSERT INTO order_line (order_id, line_no, product_id, name, quantity, price)"
                + " VALUES (:orderId, :lineNo, :productId, :name, :quantity, :price)");
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = lines.get(i);
            insertLines.bind("orderId", id).bind("lineNo", i + 1).bind("productId", line.productId()).bind("name", line.name())
                    .bind("quantity", line.quantity()).bind("price", line.price()).add();
        }
        insertLines.execute();
        return id;
    }

    /**
     * Moves the order from {@code from} to {@code to} if it is still in {@code from}, and records
     * the change; false (and nothing written) when another writer got there first.
     */
    public boolean transition(Handle handle, UUID id, OrderStatus from, OrderStatus to, String reason) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("illegal transition " + from + " -> " + to);
        }
        // The change and its history entry in one statement: one round trip, and the entry exists only if the order moved.
        int recorded = handle.createUpdate("WITH moved AS (UPDATE customer_order SET status = :to, reason = :reason, updated_at = now()"
                        + " WHERE id = :id AND status = :from RETURNING id)"
                        + " INSERT INTO order_status_change (order_id, status, reason) SELECT id, :to, :reason FROM moved")
                .bind("to", to).bind("reason", reason).bind("id", id).bind("from", from).execute();
        return recorded == 1;
    }

    public Optional<Order> find(UUID id) {
        return jdbi.withHandle(handle -> find(handle, id));
    }

    /** The order with its lines, read in the caller's transaction. */
    public Optional<Order> find(Handle handle, UUID id) {
        return withLines(handle, handle.createQuery("SELECT " + ORDER_COLUMNS + " FROM customer_order WHERE id = :id")
                .bind("id", id).map(OrderStore::order).list()).stream().findFirst();
    }

    /** The order with its latest history entry, read in one statement so that the two agree. */
    public Optional<Tracked> findTracked(UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + ORDER_COLUMNS
                        + ", (SELECT max(c.id) FROM order_status_change c WHERE c.order_id = o.id) AS sequence"
                        + " FROM customer_order o WHERE id = :id")
                .bind("id", id)
                .map((row, context) -> new Tracked(order(row, context), row.getLong("sequence")))
                .findOne()
                .map(tracked -> new Tracked(withLines(handle, List.of(tracked.order())).get(0), tracked.sequence())));
    }

    /** An order and the sequence number of its latest status change. */
    public record Tracked(Order order, long sequence) {
    }

    /** Status changes of these orders after {@code afterSequence}, oldest first. */
    public List<StatusChange> changesSince(Collection<UUID> orderIds, long afterSequence) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id, order_id, status, reason, changed_at FROM order_status_change"
                        + " WHERE order_id = ANY (:orderIds) AND id > :after ORDER BY id")
                .bindArray("orderIds", UUID.class, orderIds).bind("after", afterSequence)
                .map((row, context) -> new StatusChange(row.getLong("id"), row.getObject("order_id", UUID.class),
                        OrderStatus.valueOf(row.getString("status")), row.getString("reason"), row.getTimestamp("changed_at").toInstant()))
                .list());
    }

    /** A user's orders, newest first. */
    public OrderPage pageForUser(String userId, PageRequest paging) {
        return jdbi.withHandle(handle -> page(handle, " WHERE user_id = :userId", Map.of("userId", userId), paging));
    }

    /** Everyone's orders, newest first. */
    public OrderPage pageAll(PageRequest paging) {
        return jdbi.withHandle(handle -> page(handle, "", Map.of(), paging));
    }

    private static OrderPage page(Handle handle, String where, Map<String, ?> filter, PageRequest paging) {
        long total = handle.createQuery("SELECT count(*) FROM customer_order" + where).bindMap(filter).mapTo(long.class).one();
        List<Order> orders = handle.createQuery("SELECT " + ORDER_COLUMNS + " FROM customer_order" + where
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .bindMap(filter).bind("limit", paging.pageSize()).bind("offset", paging.offset())
                .map(OrderStore::order).list();
        return new OrderPage(withLines(handle, orders), total, paging);
    }

    /** The orders with their lines, fetched in one query for the whole list. */
    private static List<Order> withLines(Handle handle, List<Order> orders) {
        if (orders.isEmpty()) {
            return orders;
        }
        Map<UUID, List<OrderLine>> lines = new HashMap<>();
        handle.createQuery("SELECT order_id, product_id, name, quantity, price FROM order_line"
                        + " WHERE order_id = ANY (:orderIds) ORDER BY order_id, line_no")
                .bindArray("orderIds", UUID.class, orders.stream().map(Order::id).toList())
                .map((row, context) -> Map.entry(row.getObject("order_id", UUID.class), new OrderLine(row.getString("product_id"),
                        row.getString("name"), row.getInt("quantity"), row.getBigDecimal("price"))))
                .forEach(line -> lines.computeIfAbsent(line.getKey(), key -> new ArrayList<>()).add(line.getValue()));
        return orders.stream().map(order -> new Order(order.id(), order.userId(), List.copyOf(lines.getOrDefault(order.id(), List.of())),
                order.total(), order.status(), order.reason(), order.createdAt(), order.updatedAt())).toList();
    }

    private static Order order(ResultSet row, StatementContext context) throws SQLException {
        return new Order(row.getObject("id", UUID.class), row.getString("user_id"), List.of(), row.getBigDecimal("total"),
                OrderStatus.valueOf(row.getString("status")), row.getString("reason"),
                row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant());
    }
}
