package com.velure.order.admin;

import com.velure.order.ledger.Order;
import com.velure.order.ledger.OrderStatus;
import com.velure.order.ledger.OrderStore;
import com.velure.order.processing.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;
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
    Jdbi jdbi;

    /** What became of a status change. */
    public sealed interface Outcome {
    }

    /** Done; {@code updated} is false when the order already had the status. */
    public record Changed(boolean updated) implements Outcome {
    }

    public record NotFound() implements Outcome {
    }

    /** Not a lifecycle transition from where the order is, or the order kept changing under us. */
    public record Refused(String message) implements Outcome {
    }

    public Outcome changeStatus(UUID orderId, OrderStatus target, String reason) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Order> found = orders.find(orderId);
            if (found.isEmpty()) {
                return new NotFound();
            }
            OrderStatus current = found.get().status();
            if (current == target) {
                return new Changed(false);
            }
            if (!current.canMoveTo(target)) {
                return new Refused("illegal transition: " + current + " -> " + target + (current.isFinal() ? " (" + current + " is final)" : ""));
            }
            String why = target == OrderStatus.FAILED ? (reason == null ? DEFAULT_FAILURE_REASON : reason) : null;
            boolean moved = jdbi.inTransaction(handle -> {
                boolean changed = orders.transition(handle, orderId, current, target, why);
                if (changed && target == OrderStatus.FAILED) {
                    outbox.enqueue(handle, orderId);
                }
                return changed;
            });
            if (moved) {
                return new Changed(true);
            }
            // the worker moved it meanwhile: decide again on its new status
        }
        return new Refused("the order is changing right now; retry");
    }
}
