package com.velure.order.processing;

import com.velure.catalog.api.ReservationOutcome;
import com.velure.catalog.api.StockRequest;
import com.velure.order.catalog.Catalog;
import com.velure.order.catalog.CatalogRefusedException;
import com.velure.order.ledger.Order;
import com.velure.order.ledger.OrderStatus;
import com.velure.order.ledger.OrderStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Carries one claimed order to a final status: CREATED → PROCESSING, reserve stock, authorize
 * payment, then COMPLETED, or FAILED with a reason and the reservation released.
 *
 * <p>A COMPLETED order holds its stock and a FAILED one holds none, whoever set the status.
 *
 * <p>Safe to run again at any point (after a crash, a lost lease, or on two workers at once):
 * every status change is conditional on the status it saw, the catalog's reservation and the
 * payment gateway answer a repeat like the first call, and the outbox row goes only in the
 * transaction that settles the order. A FAILED order is settled only after its stock is released,
 * so stock held by a failed order is always given back.
 */
@ApplicationScoped
public class OrderProcessor {

    private static final Logger LOG = Logger.getLogger(OrderProcessor.class.getName());
    /** CREATED → PROCESSING → FAILED → released is the longest path; more means writers keep racing us. */
    private static final int MAX_STEPS = 8;
    static final String RESERVATION_REFUSED = "stock reservation refused by the catalog";

    @Inject
    OrderStore orders;

    @Inject
    OutboxStore outbox;

    @Inject
    Catalog catalog;

    @Inject
    PaymentGateway payments;

    @Inject
    Jdbi jdbi;

    @Inject
    MetricRegistry metrics;

    /**
     * Takes the order as far as it goes now. Throws when a dependency is unavailable; the worker
     * then gives the outbox row back for a later attempt, which resumes from the stored status.
     */
    public void process(UUID orderId) {
        Order order = begin(orderId);
        for (int step = 0; order != null && step < MAX_STEPS; step++) {
            switch (order.status()) {
                case CREATED -> order = move(order, OrderStatus.PROCESSING, null);
                case PROCESSING -> order = work(order);
                case COMPLETED -> {
                    // only an administrator completes an order behind the worker's back; it still takes its stock
                    ensureReserved(order);
                    settle(orderId);
                    return;
                }
                case FAILED -> {
                    catalog.release(orderId.toString());
                    settle(orderId);
                    return;
                }
            }
        }
        if (order != null) {
            throw new IllegalStateException("order " + orderId + " still " + order.status() + " after " + MAX_STEPS + " steps");
        }
        // null: completed here, its outbox row deleted in that transaction, or deleted, its row with it
        // (ON DELETE CASCADE). Nothing is left to settle.
    }

    /** Reads the order and, if it is new, moves it to PROCESSING, on one pooled connection. */
    private Order begin(UUID orderId) {
        return jdbi.inTransaction(handle -> {
            Order order = orders.find(handle, orderId).orElse(null);
            if (order != null && order.status() == OrderStatus.CREATED
                    && orders.transition(handle, orderId, OrderStatus.CREATED, OrderStatus.PROCESSING, null)) {
                return order.withStatus(OrderStatus.PROCESSING, null);
            }
            return order;
        });
    }

    /** Reserve, pay, finish: the order as it is afterwards. */
    private Order work(Order order) {
        ReservationOutcome reservation;
        try {
            reservation = catalog.reserve(order.id().toString(), stockLines(order));
        } catch (CatalogRefusedException e) {
            LOG.warning(() -> "order " + order.id() + ": " + e.getMessage());
            reservation = new ReservationOutcome(order.id().toString(), ReservationOutcome.Status.REJECTED, RESERVATION_REFUSED);
        }
        if (reservation.status() != ReservationOutcome.Status.RESERVED) {
            return move(order, OrderStatus.FAILED, reservation.reason());
        }
        PaymentGateway.PaymentResult payment = payments.authorize(order.id(), order.total());
        if (!payment.approved()) {
            return move(order, OrderStatus.FAILED, payment.reason());
        }
        boolean completed = jdbi.inTransaction(handle -> {
            boolean moved = orders.transition(handle, order.id(), OrderStatus.PROCESSING, OrderStatus.COMPLETED, null);
            if (moved) {
                outbox.delete(handle, order.id());
            }
            return moved;
        });
        if (completed) {
            counted(OrderStatus.COMPLETED);
            return null;
        }
        return reload(order);
    }

    private void ensureReserved(Order order) {
        ReservationOutcome reservation = catalog.reserve(order.id().toString(), stockLines(order));
        if (reservation.status() != ReservationOutcome.Status.RESERVED) {
            LOG.warning(() -> "order " + order.id() + " was completed by an administrator but its stock could not be reserved: "
                    + reservation.reason());
        }
    }

    /** Moves the order if nobody moved it first; either way, the order as it now is. */
    private Order move(Order order, OrderStatus to, String reason) {
        boolean moved = jdbi.inTransaction(handle -> orders.transition(handle, order.id(), order.status(), to, reason));
        if (moved && to == OrderStatus.FAILED) {
            counted(OrderStatus.FAILED);
        }
        return moved ? order.withStatus(to, reason) : reload(order);
    }

    private Order reload(Order order) {
        return orders.find(order.id()).orElse(null);
    }

    private void settle(UUID orderId) {
        jdbi.useTransaction(handle -> outbox.delete(handle, orderId));
    }

    private void counted(OrderStatus status) {
        metrics.counter("orders_finished", new Tag("status", status.name())).inc();
    }

    private static List<StockRequest.Line> stockLines(Order order) {
        return order.items().stream().map(line -> new StockRequest.Line(line.productId(), line.quantity())).toList();
    }
}
