package com.velure.order.processing;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * Authorizes an order's payment. Implementations must be idempotent per order id, as real
 * gateways are per idempotency key: asking again after a crash answers what the first call did.
 */
public interface PaymentGateway {

    PaymentResult authorize(UUID orderId, BigDecimal amount);

    /** Approved, or declined with a reason the customer may see. */
    record PaymentResult(boolean approved, String reason) {

        public static PaymentResult approve() {
            return new PaymentResult(true, null);
        }

        public static PaymentResult decline(String reason) {
            return new PaymentResult(false, reason);
        }
    }
}
