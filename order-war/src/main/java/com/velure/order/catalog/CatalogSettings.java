package com.velure.order.catalog;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How order-war reaches catalog-war's internal API (env: {@code VELURE_CATALOG_URL},
 * {@code VELURE_CATALOG_CONNECT_TIMEOUT_MS}, {@code VELURE_CATALOG_READ_TIMEOUT_MS},
 * {@code VELURE_SERVICE_TOKEN}). The defaults here are the only ones.
 */
@ConfigProperties(prefix = "velure")
@Dependent
public class CatalogSettings {

    /** catalog-war's base URL; the launcher and deployments set it. */
    @ConfigProperty(name = "catalog.url", defaultValue = "http://localhost:8082")
    String url;

    @ConfigProperty(name = "catalog.connect-timeout-ms", defaultValue = "1000")
    long connectTimeoutMillis;

    /** Per call; each operation also has a circuit breaker (see {@link Catalog}). */
    @ConfigProperty(name = "catalog.read-timeout-ms", defaultValue = "3000")
    long readTimeoutMillis;

    /** The shared secret sent as X-Service-Token; required, never defaulted. */
    @ConfigProperty(name = "service.token")
    String serviceToken;
}
