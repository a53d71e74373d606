package com.velure.order.catalog;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The order service's view of the catalog: product lookups at order time and stock reservations
 * while processing, over catalog-war's internal API. Every call has a connect and a read timeout,
 * and each operation has a circuit breaker, so a dead or slow catalog costs callers little: they
 * get {@link CatalogUnavailableException} (or the breaker's own exception) at once and retry later.
 */
@ApplicationScoped
public class Catalog {

    /** Looked up once: {@code Json.createXxx()} repeats the service-loader lookup on every call (jsonp-api#154). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final Logger LOG = Logger.getLogger(Catalog.class.getName());

    @Inject
    @ConfigProperty(name = "velure.catalog.url")
    String url;

    @Inject
    @ConfigProperty(name = "velure.catalog.connect-timeout-ms", defaultValue = "1000")
    long connectTimeoutMillis;

    @Inject
    @ConfigProperty(name = "velure.catalog.read-timeout-ms", defaultValue = "3000")
    long readTimeoutMillis;

    @Inject
    @ConfigProperty(name = "velure.service.token")
    String serviceToken;

    private CatalogApi api;

    @PostConstruct
    void connect() {
        api = RestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(readTimeoutMillis, TimeUnit.MILLISECONDS)
                .register(new ServiceTokenFilter(serviceToken))
                // 4xx/5xx come back as responses: a 409 from a reservation is an answer, not a failure
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(CatalogApi.class);
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

    /** The catalog's name and price for each of {@code ids} it knows; unknown ids are simply missing. */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = CatalogRefusedException.class)
    public Map<String, CatalogProduct> lookup(Collection<String> ids) {
        JsonArrayBuilder wanted = JSON.createArrayBuilder();
        ids.forEach(wanted::add);
        JsonObject request = JSON.createObjectBuilder().add("ids", wanted).build();
        try (Response response = call("product lookup", () -> api.lookup(request))) {
            if (response.getStatus() != 200) {
                throw unexpected("product lookup", response);
            }
            return products(body(response, "product lookup"));
        }
    }

    /** Reserves every line for the order, or none; asking again for the same order answers the same. */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = CatalogRefusedException.class)
    public Reservation reserve(String orderId, List<StockLine> lines) {
        JsonArrayBuilder items = JSON.createArrayBuilder();
        lines.forEach(line -> items.add(JSON.createObjectBuilder()
                .add("product_id", line.productId()).add("quantity", line.quantity())));
        JsonObject request = JSON.createObjectBuilder().add("items", items).build();
        try (Response response = call("stock reservation", () -> api.reserve(orderId, request))) {
            if (response.getStatus() == 200) {
                return Reservation.accepted();
            }
            if (response.getStatus() == 409) {
                JsonObject body = body(response, "stock reservation");
                return Reservation.rejected(body.getString("reason", "out of stock"));
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

    private static JsonObject body(Response response, String operation) {
        try {
            return response.readEntity(JsonObject.class);
        } catch (RuntimeException e) {
            throw new CatalogUnavailableException("catalog answered an unreadable body during " + operation, e);
        }
    }

    private static Map<String, CatalogProduct> products(JsonObject body) {
        Map<String, CatalogProduct> products = new LinkedHashMap<>();
        try {
            for (JsonValue value : body.getJsonArray("products")) {
                JsonObject product = value.asJsonObject();
                JsonValue id = product.get("_id");
                String productId = id instanceof JsonString text ? text.getString() : id.toString();
                products.put(productId, new CatalogProduct(productId, product.getString("name"),
                        product.getJsonNumber("price").bigDecimalValue()));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "catalog lookup answered an unexpected body", e);
            throw new CatalogUnavailableException("catalog answered an unexpected product list", e);
        }
        return products;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }
}
