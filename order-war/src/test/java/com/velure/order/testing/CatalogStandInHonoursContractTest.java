package com.velure.order.testing;

import com.velure.catalog.api.InternalCatalogContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * The catalog stand-in that {@code OrderServiceIT} runs order-war against answers the internal
 * catalog API's shared contract cases exactly as catalog-war does (its {@code CatalogServiceIT}
 * runs the same cases), so what order-war is tested against cannot drift from the real catalog.
 */
class CatalogStandInHonoursContractTest implements InternalCatalogContract {

    private static final String TOKEN = "contract-service-token";
    private static final String PRODUCT = "4242";
    private static CatalogStandIn standIn;

    @BeforeAll
    static void start() {
        standIn = new CatalogStandIn(freePort(), TOKEN).up();
        standIn.put(PRODUCT, "Contract chew toy", "4.99", 5_000);
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    @Override
    public URI catalogBaseUri() {
        return URI.create(standIn.url());
    }

    @Override
    public String serviceToken() {
        return TOKEN;
    }

    @Override
    public String productInStock() {
        return PRODUCT;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
