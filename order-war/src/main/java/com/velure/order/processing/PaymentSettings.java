package com.velure.order.processing;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The simulated payment gateway's knobs for load tests (env {@code VELURE_PAYMENT_LATENCY_MS},
 * {@code VELURE_PAYMENT_DECLINE_RATE}, {@code VELURE_PAYMENT_DECLINE_ABOVE}). The defaults here are the only ones.
 */
@ConfigProperties(prefix = "velure.payment")
@Dependent
public class PaymentSettings {

    /** Simulated authorization time. */
    @ConfigProperty(name = "latency-ms", defaultValue = "0")
    long latencyMillis;

    /** Share of orders declined, 0.0–1.0, decided by the order id so that a retry answers the same. */
    @ConfigProperty(name = "decline-rate", defaultValue = "0")
    double declineRate;

    /** Amounts above this are declined, like a card over its limit or a sandbox's magic amount; unset: none. */
    @ConfigProperty(name = "decline-above")
    Optional<BigDecimal> declineAbove;
}
