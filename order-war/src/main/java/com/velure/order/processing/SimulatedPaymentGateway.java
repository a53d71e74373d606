package com.velure.order.processing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A stand-in payment gateway with the knobs a load test needs ({@link PaymentSettings}): a latency
 * per authorization, a declined share, and a limit above which amounts are declined. The
 * decision is a pure function of the order id and amount, so a retried authorization answers like
 * the first one.
 */
@ApplicationScoped
public class SimulatedPaymentGateway implements PaymentGateway {

    static final String DECLINED = "payment declined";

    @Inject
    @ConfigProperties
    PaymentSettings settings;

    @Override
    public PaymentResult authorize(UUID orderId, BigDecimal amount) {
        if (settings.latencyMillis > 0) {
            try {
                Thread.sleep(settings.latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("payment authorization interrupted", e);
            }
        }
        return decide(orderId, amount, settings.declineRate, settings.declineAbove.orElse(null));
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
