package com.velure.order.placement;

import com.velure.order.catalog.Catalog;
import com.velure.order.catalog.CatalogProduct;
import com.velure.order.catalog.CatalogRefusedException;
import com.velure.order.catalog.CatalogUnavailableException;
import com.velure.order.order.OrderLine;
import com.velure.order.order.OrderStore;
import com.velure.order.persistence.Transactions;
import com.velure.order.processing.OrderPlaced;
import com.velure.order.processing.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.ArrayList;
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

    /** A catalog outage or open breaker lasts seconds; clients should not hammer it meanwhile. */
    static final long RETRY_AFTER_CATALOG_SECONDS = 5;
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
    Transactions transactions;

    @Inject
    Event<OrderPlaced> placedEvents;

    /** What the client is told: the order, its total, and whether this is a replay of an earlier request. */
    public record Placed(UUID orderId, BigDecimal total, boolean replayed) {
    }

    /**
     * Places the order for {@code userId}. With an idempotency key, a repeat of an earlier request
     * answers what the first one did and creates nothing; a different request under the same key is
     * a 409.
     */
    public Placed place(String userId, OrderRequest request, String idempotencyKey) throws SQLException {
        String fingerprint = request.fingerprint();
        if (idempotencyKey != null) {
            Optional<Placed> earlier = earlier(userId, idempotencyKey, fingerprint);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        List<OrderLine> lines = price(request, lookUp(request));
        BigDecimal total = lines.stream().map(OrderLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.HALF_UP);
        if (total.compareTo(MAX_TOTAL) > 0) {
            throw new InvalidOrderException("order total too large", Map.of("items", "total must not exceed " + MAX_TOTAL));
        }
        try {
            UUID orderId = transactions.inTransaction(connection -> {
                UUID id = orders.insert(connection, userId, lines, total);
                outbox.enqueue(connection, id);
                if (idempotencyKey != null && !keys.remember(connection, userId, idempotencyKey, fingerprint, id)) {
                    throw new KeyTakenMeanwhile();
                }
                return id;
            });
            placedEvents.fire(new OrderPlaced(orderId));
            return new Placed(orderId, total, false);
        } catch (KeyTakenMeanwhile raced) {
            // a concurrent request with the same key committed first; ours rolled back
            return earlier(userId, idempotencyKey, fingerprint).orElseThrow(() -> new WebApplicationException(
                    "a request with this Idempotency-Key is being processed; retry", Response.Status.CONFLICT));
        }
    }

    private Optional<Placed> earlier(String userId, String key, String fingerprint) throws SQLException {
        Optional<IdempotencyKeys.Remembered> remembered = keys.find(userId, key);
        if (remembered.isEmpty()) {
            return Optional.empty();
        }
        if (!remembered.get().fingerprint().equals(fingerprint)) {
            throw new WebApplicationException("Idempotency-Key already used for a different order", Response.Status.CONFLICT);
        }
        return Optional.of(new Placed(remembered.get().orderId(), remembered.get().total(), true));
    }

    private Map<String, CatalogProduct> lookUp(OrderRequest request) {
        try {
            return catalog.lookup(request.productIds());
        } catch (CatalogUnavailableException | CircuitBreakerOpenException e) {
            LOG.warning(() -> "order refused, catalog unavailable: " + e.getMessage());
            throw new ServiceUnavailableException("catalog unavailable, retry later", RETRY_AFTER_CATALOG_SECONDS);
        } catch (CatalogRefusedException e) {
            // the catalog rejects ids it cannot even parse: for the client these are unknown products
            throw unknown(request, request.productIds());
        }
    }

    private static List<OrderLine> price(OrderRequest request, Map<String, CatalogProduct> products) {
        List<String> unknown = request.productIds().stream().filter(id -> !products.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw unknown(request, unknown);
        }
        List<OrderLine> lines = new ArrayList<>();
        for (OrderRequest.Line line : request.lines()) {
            CatalogProduct product = products.get(line.productId());
            lines.add(new OrderLine(product.id(), product.name(), line.quantity(), product.price().setScale(2, RoundingMode.HALF_UP)));
        }
        return lines;
    }

    private static InvalidOrderException unknown(OrderRequest request, List<String> unknown) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < request.lines().size(); i++) {
            String id = request.lines().get(i).productId();
            if (unknown.contains(id)) {
                fields.put("items[" + i + "].product_id", "unknown product " + id);
            }
        }
        return new InvalidOrderException((unknown.size() == 1 ? "unknown product: " : "unknown products: ")
                + String.join(", ", unknown), fields);
    }

    /** Rolls back an order whose idempotency key a concurrent request took first. */
    private static final class KeyTakenMeanwhile extends RuntimeException {
        KeyTakenMeanwhile() {
            super(null, null, false, false);
        }
    }
}
