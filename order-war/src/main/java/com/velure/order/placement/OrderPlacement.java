package com.velure.order.placement;

import com.velure.catalog.api.PricedProducts;
import com.velure.order.catalog.Catalog;
import com.velure.order.catalog.CatalogRefusedException;
import com.velure.order.catalog.CatalogUnavailableException;
import com.velure.order.ledger.OrderLine;
import com.velure.order.ledger.OrderStore;
import com.velure.order.processing.OrderPlaced;
import com.velure.order.processing.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Accepts an order: prices it with the catalog's current names and prices, then stores the order,
 * its lines and its outbox row in one short transaction, so that processing can never miss it.
 * No database connection is held while the catalog is asked.
 */
@ApplicationScoped
public class OrderPlacement {

    private static final Logger LOG = Logger.getLogger(OrderPlacement.class.getName());

    /** The largest total NUMERIC(12, 2) holds. */
    static final BigDecimal MAX_TOTAL = new BigDecimal("9999999999.99");

    @Inject
    Catalog catalog;

    @Inject
    OrderStore orders;

    @Inject
    OutboxStore outbox;

    @Inject
    IdempotencyKeys keys;

    @Inject
    Jdbi jdbi;

    @Inject
    Event<OrderPlaced> placedEvents;

    /** What became of an order a client placed. */
    public sealed interface Outcome {
    }

    /** Stored (or, with {@code replayed}, stored by an earlier request with the same idempotency key). */
    public record Placed(UUID orderId, BigDecimal total, boolean replayed) implements Outcome {
    }

    /** Not an order the catalog can price (unknown products, a total too large), per offending field. */
    public record Unacceptable(String message, Map<String, String> fields) implements Outcome {
    }

    /** The idempotency key belongs to a different order, or to one still being placed. */
    public record KeyConflict(String message) implements Outcome {
    }

    /** The catalog cannot price it now; nothing was stored. */
    public record CatalogUnavailable() implements Outcome {
    }

    /**
     * Places the order for {@code userId}. With an idempotency key, a repeat of an earlier request
     * answers what the first one did and creates nothing; a different request under the same key is
     * a {@link KeyConflict}. The key is looked up in the transaction that stores the order, after the
     * catalog has priced it, so a request borrows one pooled connection, not one per step, and waits
     * for the pool at most once (a full pool refuses it within one max wait).
     */
    public Outcome place(String userId, OrderRequest request, String idempotencyKey) {
        String fingerprint = request.fingerprint();
        Outcome priced = price(request);
        if (!(priced instanceof Priced order)) {
            // a repeat of a stored request answers as the first one did, whatever the catalog says now
            return idempotencyKey == null ? priced : earlier(userId, idempotencyKey, fingerprint).orElse(priced);
        }
        try {
            Outcome outcome = jdbi.inTransaction(handle -> {
                if (idempotencyKey != null) {
                    Optional<Outcome> earlier = keys.find(handle, userId, idempotencyKey).map(remembered -> answer(remembered, fingerprint));
                    if (earlier.isPresent()) {
                        return earlier.get();
                    }
                }
                UUID id = orders.insert(handle, userId, order.lines(), order.total());
                outbox.enqueue(handle, id);
                if (idempotencyKey != null && !keys.remember(handle, userId, idempotencyKey, fingerprint, id)) {
                    throw new KeyTakenMeanwhile();
                }
                return new Placed(id, order.total(), false);
            });
            if (outcome instanceof Placed placed && !placed.replayed()) {
                placedEvents.fire(new OrderPlaced(placed.orderId()));
            }
            return outcome;
        } catch (KeyTakenMeanwhile raced) {
            // a concurrent request with the same key committed first; ours rolled back
            return earlier(userId, idempotencyKey, fingerprint)
                    .orElse(new KeyConflict("a request with this Idempotency-Key is being processed; retry"));
        }
    }

    /** The order's lines and total at the catalog's current names and prices. */
    private record Priced(List<OrderLine> lines, BigDecimal total) implements Outcome {
    }

    /** {@link Priced}, or why the order cannot be priced; no database connection is held meanwhile. */
    private Outcome price(OrderRequest request) {
        Map<String, PricedProducts.Product> products;
        try {
            products = catalog.lookup(request.productIds());
        } catch (CatalogUnavailableException | CircuitBreakerOpenException e) {
            LOG.warning(() -> "order refused, catalog unavailable: " + e.getMessage());
            return new CatalogUnavailable();
        } catch (CatalogRefusedException e) {
            // the catalog rejects ids it cannot even parse: for the client these are unknown products
            return unknown(request, request.productIds());
        }
        List<String> unknown = request.productIds().stream().filter(id -> !products.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            return unknown(request, unknown);
        }
        List<OrderLine> lines = request.lines().stream().map(line -> {
            PricedProducts.Product product = products.get(line.productId());
            return new OrderLine(product.id(), product.name(), line.quantity(), product.price().setScale(2, RoundingMode.HALF_UP));
        }).toList();
        BigDecimal total = lines.stream().map(OrderLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.HALF_UP);
        if (total.compareTo(MAX_TOTAL) > 0) {
            return new Unacceptable("order total too large", Map.of("items", "total must not exceed " + MAX_TOTAL));
        }
        return new Priced(lines, total);
    }

    private Optional<Outcome> earlier(String userId, String key, String fingerprint) {
        return keys.find(userId, key).map(remembered -> answer(remembered, fingerprint));
    }

    private static Outcome answer(IdempotencyKeys.Remembered remembered, String fingerprint) {
        return remembered.fingerprint().equals(fingerprint)
                ? new Placed(remembered.orderId(), remembered.total(), true)
                : new KeyConflict("Idempotency-Key already used for a different order");
    }

    private static Unacceptable unknown(OrderRequest request, List<String> unknown) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < request.lines().size(); i++) {
            String id = request.lines().get(i).productId();
            if (unknown.contains(id)) {
                fields.put("items[" + i + "].product_id", "unknown product " + id);
            }
        }
        return new Unacceptable((unknown.size() == 1 ? "unknown product: " : "unknown products: ")
                + String.join(", ", unknown), fields);
    }

    /** Rolls back an order whose idempotency key a concurrent request took first. */
    private static final class KeyTakenMeanwhile extends RuntimeException {
        KeyTakenMeanwhile() {
            super(null, null, false, false);
        }
    }
}
