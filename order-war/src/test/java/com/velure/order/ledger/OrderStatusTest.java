package com.velure.order.ledger;

import org.junit.jupiter.api.Test;

import static com.velure.order.ledger.OrderStatus.COMPLETED;
import static com.velure.order.ledger.OrderStatus.CREATED;
import static com.velure.order.ledger.OrderStatus.FAILED;
import static com.velure.order.ledger.OrderStatus.PROCESSING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderStatusTest {

    @Test
    void ordersMoveForwardOnlyAndFinalStatusesNeverChange() {
        assertTrue(CREATED.canMoveTo(PROCESSING));
        assertTrue(CREATED.canMoveTo(FAILED));
        assertFalse(CREATED.canMoveTo(COMPLETED), "nothing completes without being processed");
        assertTrue(PROCESSING.canMoveTo(COMPLETED));
        assertTrue(PROCESSING.canMoveTo(FAILED));
        assertFalse(PROCESSING.canMoveTo(CREATED));
        for (OrderStatus status : OrderStatus.values()) {
            assertFalse(COMPLETED.canMoveTo(status));
            assertFalse(FAILED.canMoveTo(status));
            assertFalse(status.canMoveTo(status));
        }
        assertTrue(COMPLETED.isFinal() && FAILED.isFinal() && !CREATED.isFinal() && !PROCESSING.isFinal());
    }

    @Test
    void parsesExactNamesOnly() {
        assertEquals(FAILED, OrderStatus.parse("FAILED"));
        assertNull(OrderStatus.parse("failed"));
        assertNull(OrderStatus.parse(null));
    }
}
