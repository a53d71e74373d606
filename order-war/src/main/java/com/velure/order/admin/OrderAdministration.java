package com.velure.order.admin;

import com.velure.order.order.Order;
import com.velure.order.order.OrderStatus;
import com.velure.order.order.OrderStore;
import com.velure.order.persistence.Transactions;
import com.velure.order.processing.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;
import java.util.UUID;

/**
 * Status changes by an administrator, held to the same lifecycle as the worker: only legal
 * transitions, each conditional on the status the decision was based on. An order an admin fails
 * goes (back) to the outbox so that the worker releases whatever stock it holds.
 */
@ApplicationScoped
public class OrderAdministration {

    static final String DEFAULT_FAILURE_REASON = "cancelled by an administrator";
    private static final int ATTEMPTS = 3;

    @Inject
    OrderStore orders;

    @Inject
    OutboxStore outbox;

    @Inject
    Transactions transactions;

    /** Whether the order's status changed: false when it already had {@code target}. */
    public boolean changeStatus(UUID orderId, OrderStatus target, String reason) throws SQLException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Order order = orders.find(orderId).orElseThrow(() -> new NotFoundException("order not found"));
            if (order.status() == target) {
                return false;
            }
            if (!order.status().canMoveTo(target)) {
                throw new WebApplicationException("illegal transition: " + order.status() + " -> " + target
                        + (order.status().isFinal() ? " (" + order.status() + " is final)" : ""), Response.Status.CONFLICT);
            }
            String why = target == OrderStatus.FAILED ? (reason == null ? DEFAULT_FAILURE_REASON : reason) : null;
            boolean moved = transactions.inTransaction(connection -> {
                boolean changed = orders.transition(connection, orderId, order.status(), target, why);
                if (changed && target == OrderStatus.FAILED) {
                    outbox.enqueue(connection, orderId);
                }
                return changed;
            });
            if (moved) {
                return true;
            }
            // the worker moved it meanwhile: decide again on its new status
        }
        throw new WebApplicationException("the order is changing right now; retry", Response.Status.CONFLICT);
    }
}
