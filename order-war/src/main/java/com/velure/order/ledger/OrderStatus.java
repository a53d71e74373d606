package com.velure.order.ledger;

import java.util.EnumSet;
import java.util.Set;

/**
 * An order's lifecycle: {@code CREATED → PROCESSING → COMPLETED}, or {@code → FAILED} with a
 * reason from either of the first two. COMPLETED and FAILED are final.
 */
public enum OrderStatus {
    CREATED, PROCESSING, COMPLETED, FAILED;

    /** The statuses this one may move to; empty for a final status. */
    public Set<OrderStatus> next() {
        return switch (this) {
            case CREATED -> EnumSet.of(PROCESSING, FAILED);
            case PROCESSING -> EnumSet.of(COMPLETED, FAILED);
            case COMPLETED, FAILED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /** The status named {@code name} (exact, upper case), or null when there is none. */
    public static OrderStatus parse(String name) {
        for (OrderStatus status : values()) {
            if (status.name().equals(name)) {
                return status;
            }
        }
        return null;
    }
}
