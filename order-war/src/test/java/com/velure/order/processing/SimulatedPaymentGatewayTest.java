package com.velure.order.processing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedPaymentGatewayTest {

    @Test
    void approvesEverythingByDefault() {
        assertTrue(IntStream.range(0, 1000).allMatch(i ->
                SimulatedPaymentGateway.decide(UUID.randomUUID(), new BigDecimal("99999"), 0, null).approved()));
    }

    @Test
    void declinesTheConfiguredShareAndAnswersARetryLikeTheFirstCall() {
        long declined = IntStream.range(0, 20_000)
                .filter(i -> SimulatedPaymentGateway.inDeclinedShare(UUID.randomUUID(), 0.25)).count();
        assertEquals(0.25, declined / 20_000.0, 0.02);
        UUID order = UUID.randomUUID();
        boolean first = SimulatedPaymentGateway.inDeclinedShare(order, 0.5);
        assertTrue(IntStream.range(0, 10).allMatch(i -> SimulatedPaymentGateway.inDeclinedShare(order, 0.5) == first));
        assertTrue(SimulatedPaymentGateway.inDeclinedShare(order, 1.0));
    }

    @Test
    void declinesAmountsAboveTheLimit() {
        BigDecimal limit = new BigDecimal("5000.00");
        assertTrue(SimulatedPaymentGateway.decide(UUID.randomUUID(), new BigDecimal("5000.00"), 0, limit).approved());
        assertFalse(SimulatedPaymentGateway.decide(UUID.randomUUID(), new BigDecimal("5000.01"), 0, limit).approved());
    }
}
