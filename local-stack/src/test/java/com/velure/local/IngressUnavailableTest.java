package com.velure.local;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a client gets from the ingress while a service has no instance that answers (killed, stopped, booting). */
class IngressUnavailableTest {

    @Test
    void aServiceWithNoLiveInstanceGetsAJson503WithRetryAfter() throws Exception {
        int ingressPort = freePort();
        // An instance that was never started: nothing listens on its port, as after a SIGKILL.
        ServiceProcess dead = new ServiceProcess(Service.ORDER, "order", freePort(), Path.of("order.log"), Path.of("order"),
                new ProcessBuilder("true"));
        CountDownLatch outOfRotation = new CountDownLatch(1);
        try (Ingress ingress = Ingress.start(ingressPort, 0, List.of(dead), message -> {
            if (message.contains("out of the ingress's rotation")) {
                outOfRotation.countDown();
            }
        })) {
            assertUnavailable(ingressPort);
            // The dead instance leaves the rotation though it is its service's only one (a booting
            // server's 404s must not reach clients); then the ingress itself answers, the same way.
            assertTrue(outOfRotation.await(10, TimeUnit.SECONDS), "the dead instance stayed in rotation");
            assertUnavailable(ingressPort);
        }
    }

    private static void assertUnavailable(int ingressPort) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingressPort + "/api/order/orders"))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, response.statusCode());
        assertTrue(response.headers().firstValue("Retry-After").isPresent(), "no Retry-After: " + response.headers().map());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"status\":503"), response.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
