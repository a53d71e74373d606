package com.velure.order.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;

/**
 * Starts the {@link CatalogStandIn} once for the test JVM, on the port of {@code VELURE_CATALOG_URL}
 * (reserved by the build and inherited by Payara Micro), before Arquillian boots the server.
 *
 * <p>Registered through JUnit's extension auto-detection (META-INF/services, switched on for the
 * integration tests in order-war's failsafe configuration) because auto-detected extensions run
 * before every class-level one, and ServiceContract registers ArquillianExtension on the class.
 * Does nothing where {@code VELURE_CATALOG_URL} is unset (unit tests).
 */
public final class CatalogStandInExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CatalogStandInExtension.class);

    private static volatile CatalogStandIn running;

    @Override
    public void beforeAll(ExtensionContext context) {
        String url = System.getenv("VELURE_CATALOG_URL");
        if (url == null) {
            return;
        }
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("catalog", key -> start(url), Resource.class);
    }

    /** The stand-in of this test JVM. */
    public static CatalogStandIn catalog() {
        if (running == null) {
            throw new IllegalStateException("the catalog stand-in is not running: VELURE_CATALOG_URL unset or extension auto-detection off");
        }
        return running;
    }

    private static Resource start(String url) {
        String token = System.getenv("VELURE_SERVICE_TOKEN");
        CatalogStandIn standIn = new CatalogStandIn(URI.create(url).getPort(), token).up();
        running = standIn;
        return new Resource(standIn);
    }

    /** Closed by JUnit with the root context, at the end of the test JVM. */
    private record Resource(CatalogStandIn standIn) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            standIn.close();
        }
    }
}
