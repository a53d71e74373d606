package com.velure.order.processing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/**
 * A stand-in payment gateway with the knobs a load test needs (MicroProfile Config):
 * {@code velure.payment.latency-ms} (default 0) per authorization,
 * {@code velure.payment.decline-rate} (0.0–1.0, default 0: always approve), and
 * {@code velure.payment.decline-above} (unset by default): amounts above it are declined, like a
 * card over its limit or a sandbox's magic amounts, for a decline on demand.
 * The decision is a pure function of the order id and amount, so a retried authorization answers
 * like the first one.
 */
@ApplicationScoped
public class SimulatedPaymentGateway implements PaymentGateway {

    static final String DECLINED = "payment declined";

    @Inject
    @ConfigProperty(name = "velure.payment.latency-ms", defaultValue = "0")
    long latencyMillis;

    @Inject
    @ConfigProperty(name = "velure.payment.decline-rate", defaultValue = "0")
    double declineRate;

    @Inject
    @ConfigProperty(name = "velure.payment.decline-above")
    Optional<BigDecimal> declineAbove;

    @Override
    public PaymentResult authorize(UUID orderId, BigDecimal amount) {
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("payment authorization interrupted", e);
            }
        }
        return decide(orderId, amount, declineRate, declineAbove.orElse(null));
    }

    static PaymentResult decide(UUID orderId, BigDecimal amount, double declineRate, BigDecimal declineAbove) {
        if (declineAbove != null && amount.compareTo(declineAbove) > 0) {
            return PaymentResult.decline(DECLINED + ": amount over the card's limit");
        }
        return inDeclinedShare(orderId, declineRate) ? PaymentResult.decline(DECLINED) : PaymentResult.approve();
    }

    /** Whether the order falls in the declined share: its id's random bits, in 10 000 buckets. */
    static boolean inDeclinedShare(UUID orderId, double declineRate) {
        long bucket = Math.floorMod(orderId.getLeastSignificantBits(), 10_000L);
        return bucket < Math.round(declineRate * 10_000);
    }
}
