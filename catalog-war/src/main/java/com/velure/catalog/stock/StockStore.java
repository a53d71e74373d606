package com.velure.catalog.stock;

import com.velure.catalog.api.PricedProducts;
import com.velure.catalog.api.ReservationOutcome;
import com.velure.catalog.api.ReservationOutcome.Status;
import com.velure.catalog.api.StockRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Stock movements for orders. A reservation takes every line or none in one transaction, each line
 * with a conditional update ({@code quantity >= wanted}) so concurrent orders can never drive stock
 * below zero; its outcome is recorded under the order id, which makes retries answer the same.
 */
@ApplicationScoped
public class StockStore {

    private static final String BEFORE_STOCK = "before_stock";

    @Inject
    Jdbi jdbi;

    /** Name, price and stock of the products that exist among {@code ids}. */
    public List<PricedProducts.Product> lookup(Collection<Long> ids) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id, name, price, quantity FROM product WHERE id IN (<ids>) ORDER BY id")
                .bindList("ids", List.copyOf(ids))
                .map((row, context) -> new PricedProducts.Product(String.valueOf(row.getLong("id")), row.getString("name"),
                        row.getBigDecimal("price"), row.getInt("quantity")))
                .list());
    }

    /**
     * Reserves an order's lines (those of one product added up, taken in product id order so that
     * concurrent reservations lock rows in the same order and cannot deadlock), or answers the
     * outcome of the order's first reservation request.
     */
    public ReservationOutcome reserve(String orderId, List<StockRequest.Line> items) {
        SortedMap<Long, Integer> lines = new TreeMap<>();
        items.forEach(line -> lines.merge(Long.parseLong(line.productId()), line.quantity(), Integer::sum));
        return jdbi.inTransaction(handle -> {
            if (!claim(handle, orderId, Status.RESERVED)) {
                return recorded(handle, orderId);
            }
            handle.savepoint(BEFORE_STOCK);
            Long shortProduct = takeStock(handle, lines);
            if (shortProduct != null) {
                handle.rollbackToSavepoint(BEFORE_STOCK);
                String reason = shortageReason(handle, shortProduct);
                handle.createUpdate("UPDATE stock_reservation SET status = 'REJECTED', reason = :reason WHERE order_id = :orderId")
                        .bind("reason", reason).bind("orderId", orderId).execute();
                return new ReservationOutcome(orderId, Status.REJECTED, reason);
            }
            PreparedBatch remember = handle.prepareBatch(
                    "INSERT INTO stock_reservation_line (order_id, product_id, quantity) VALUES (:orderId, :productId, :quantity)");
            lines.forEach((productId, quantity) -> remember.bind("orderId", orderId).bind("productId", productId)
                    .bind("quantity", quantity).add());
            remember.execute();
            return new ReservationOutcome(orderId, Status.RESERVED, null);
        });
    }

    /**
     * Gives an order's reserved stock back, once. An order never seen before is recorded as
     * released, so that a reservation arriving late (a retry that overtook the release) takes nothing.
     */
    public ReservationOutcome release(String orderId) {
        return jdbi.inTransaction(handle -> {
            int released = handle.createUpdate("UPDATE stock_reservation SET status = 'RELEASED', updated_at = now()"
                    + " WHERE order_id = :orderId AND status = 'RESERVED'").bind("orderId", orderId).execute();
            if (released == 1) {
                giveBack(handle, orderId);
                return new ReservationOutcome(orderId, Status.RELEASED, null);
            }
            if (claim(handle, orderId, Status.RELEASED)) {
                return new ReservationOutcome(orderId, Status.NONE, null);
            }
            return new ReservationOutcome(orderId,
                    recorded(handle, orderId).status() == Status.RELEASED ? Status.RELEASED : Status.NONE, null);
        });
    }

    /**
     * Records the order id with a first status; false when it was already recorded. A concurrent
     * claim of the same id waits here until the other transaction ends, so only one proceeds.
     */
    private static boolean claim(Handle handle, String orderId, Status status) {
        return handle.createUpdate("INSERT INTO stock_reservation (order_id, status, reason) VALUES (:orderId, :status, :reason)"
                        + " ON CONFLICT (order_id) DO NOTHING")
                .bind("orderId", orderId)
                .bind("status", status.name())
                .bind("reason", status == Status.RELEASED ? "released before any reservation" : null)
                .execute() == 1;
    }

    /** The outcome recorded for an order; a reservation request for a released order is refused. */
    private static ReservationOutcome recorded(Handle handle, String orderId) {
        return handle.createQuery("SELECT status, reason FROM stock_reservation WHERE order_id = :orderId")
                .bind("orderId", orderId)
                .map((row, context) -> {
                    Status status = Status.valueOf(row.getString("status"));
                    return new ReservationOutcome(orderId, status, status == Status.RESERVED ? null
                            : status == Status.RELEASED ? "order already released" : row.getString("reason"));
                })
                .one();
    }

    /** Takes every line from stock; returns the first product that was short (or unknown), or null when all were taken. */
    private static Long takeStock(Handle handle, SortedMap<Long, Integer> lines) {
        PreparedBatch take = handle.prepareBatch(
                "UPDATE product SET quantity = quantity - :quantity WHERE id = :productId AND quantity >= :quantity");
        lines.forEach((productId, quantity) -> take.bind("quantity", quantity).bind("productId", productId).add());
        int[] updated = take.execute();
        int index = 0;
        for (Long productId : lines.keySet()) {
            if (updated[index++] != 1) {
                return productId;
            }
        }
        return null;
    }

    private static String shortageReason(Handle handle, long productId) {
        return handle.createQuery("SELECT name FROM product WHERE id = :id").bind("id", productId)
                .mapTo(String.class).findOne()
                .map(name -> "out of stock: " + name)
                .orElse("unknown product: " + productId);
    }

    /** Gives the order's lines back in product id order, the order reservations lock rows in. */
    private static void giveBack(Handle handle, String orderId) {
        List<Map.Entry<Long, Integer>> lines = handle.createQuery(
                        "SELECT product_id, quantity FROM stock_reservation_line WHERE order_id = :orderId ORDER BY product_id")
                .bind("orderId", orderId)
                .map((row, context) -> Map.entry(row.getLong("product_id"), row.getInt("quantity")))
                .list();
        PreparedBatch restock = handle.prepareBatch("UPDATE product SET quantity = quantity + :quantity WHERE id = :productId");
        lines.forEach(line -> restock.bind("quantity", line.getValue()).bind("productId", line.getKey()).add());
        restock.execute();
    }
}
