package com.velure.order.catalog;

import com.velure.catalog.api.InternalCatalogApi;
import com.velure.catalog.api.PricedProducts;
import com.velure.catalog.api.ProductLookup;
import com.velure.catalog.api.ReservationOutcome;
import com.velure.catalog.api.StockRequest;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The order service's view of the catalog: product lookups at order time and stock reservations
 * while processing, over catalog-war's internal API ({@link InternalCatalogApi}, the interface
 * catalog-war serves, used here as a MicroProfile Rest Client). Every call has a connect and a
 * read timeout, and each operation has a circuit breaker, so a dead or slow catalog costs callers
 * little: they get {@link CatalogUnavailableException} (or the breaker's own exception) at once
 * and retry later.
 */
@ApplicationScoped
public class Catalog {

    private static final Logger LOG = Logger.getLogger(Catalog.class.getName());
    static final String OUT_OF_STOCK = "out of stock";

    @Inject
    @ConfigProperties
    CatalogSettings settings;

    private InternalCatalogApi api;

    @PostConstruct
    void connect() {
        api = RestClientBuilder.newBuilder()
                .baseUri(URI.create(settings.url))
                .connectTimeout(settings.connectTimeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(settings.readTimeoutMillis, TimeUnit.MILLISECONDS)
                .register(new ServiceTokenSender(settings.serviceToken))
                // 4xx/5xx come back as responses: a 409 from a reservation is an answer, not a failure
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(InternalCatalogApi.class);
    }

    @PreDestroy
    void close() {
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "closing the catalog client failed", e);
            }
        }
    }

    /** The catalog's name and price for each of {@code ids} it knows, by id; unknown ids are simply missing. */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = CatalogRefusedException.class)
    public Map<String, PricedProducts.Product> lookup(Collection<String> ids) {
        try (Response response = call("product lookup", () -> api.lookup(new ProductLookup(List.copyOf(ids))))) {
            if (response.getStatus() != 200) {
                throw unexpected("product lookup", response);
            }
            List<PricedProducts.Product> products = read(response, PricedProducts.class, "product lookup").products();
            if (products == null) {
                throw new CatalogUnavailableException("catalog answered a lookup without a product list");
            }
            return products.stream().collect(Collectors.toMap(PricedProducts.Product::id, Function.identity(), (first, repeated) -> first));
        }
    }

    /**
     * Reserves every line for the order, or none: {@code RESERVED}, or {@code REJECTED} with the
     * catalog's reason. Asking again for the same order answers the same.
     */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = CatalogRefusedException.class)
    public ReservationOutcome reserve(String orderId, List<StockRequest.Line> lines) {
        try (Response response = call("stock reservation", () -> api.reserve(orderId, new StockRequest(lines)))) {
            if (response.getStatus() == 200) {
                return new ReservationOutcome(orderId, ReservationOutcome.Status.RESERVED, null);
            }
            if (response.getStatus() == 409) {
                String reason = read(response, ReservationOutcome.class, "stock reservation").reason();
                return new ReservationOutcome(orderId, ReservationOutcome.Status.REJECTED, reason == null ? OUT_OF_STOCK : reason);
            }
            throw unexpected("stock reservation", response);
        }
    }

    /** Gives back what the order reserved; a no-op for an order that holds nothing. */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = CatalogRefusedException.class)
    public void release(String orderId) {
        try (Response response = call("stock release", () -> api.release(orderId))) {
            if (response.getStatus() != 200 && response.getStatus() != 404) {
                throw unexpected("stock release", response);
            }
        }
    }

    private static Response call(String operation, Supplier<Response> call) {
        try {
            return call.get();
        } catch (ProcessingException e) {
            throw new CatalogUnavailableException("catalog unreachable during " + operation + ": " + rootMessage(e), e);
        } catch (ValidationException e) {
            // the client checks the contract's constraints before sending: the catalog would refuse it too
            throw new CatalogRefusedException("the " + operation + " breaks the internal API's constraints: " + e.getMessage());
        }
    }

    /** 4xx other than auth: our request is wrong and retrying cannot help; anything else: try again later. */
    private static RuntimeException unexpected(String operation, Response response) {
        int status = response.getStatus();
        if (status == 401 || status == 403) {
            LOG.severe(() -> "catalog refused the service token during " + operation + " (HTTP " + status
                    + "): VELURE_SERVICE_TOKEN must be the same for catalog and order");
            return new CatalogUnavailableException("catalog refused the service token (HTTP " + status + ")");
        }
        if (status >= 400 && status < 500) {
            return new CatalogRefusedException("catalog refused the " + operation + " (HTTP " + status + ")");
        }
        return new CatalogUnavailableException("catalog failed during " + operation + " (HTTP " + status + ")");
    }

    private static <T> T read(Response response, Class<T> type, String operation) {
        try {
            return response.readEntity(type);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "catalog answered an unreadable body during " + operation, e);
            throw new CatalogUnavailableException("catalog answered an unreadable body during " + operation, e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }
}
