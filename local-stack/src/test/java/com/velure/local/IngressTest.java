package com.velure.local;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingress's public routes in a real Undertow, each service's upstream replaced by a handler
 * that names the service and the path it was given. Requests go over a plain socket, so the path
 * arrives exactly as an attacker writes it (an HTTP client would resolve the dot segments first).
 */
class IngressTest {

    private static Undertow server;
    private static int port;

    @BeforeAll
    static void start() {
        Map<Service, HttpHandler> upstreams = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            upstreams.put(service, exchange -> exchange.getResponseSender().send(service.name + " " + exchange.getRequestURI()));
        }
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(Ingress.publicApi(upstreams)).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void publicPrefixesReachTheirService() throws IOException {
        assertEquals("200 auth /api/auth/login", get("/api/auth/login"));
        assertEquals("200 catalog /api/product/products", get("/api/product/products?page=1&q=50%25"));
        assertEquals("200 order /api/order/user/order/status", get("/api/order/user/order/status?id=1&token=eyJ.eyJ.sig"));
        assertEquals("200 auth /api/auth/logout/-ltB-2erHJ_eM6fNo4ii4", get("/api/auth/logout/-ltB-2erHJ_eM6fNo4ii4"));
    }

    /** API.md names POST /api/orders as create-order's other name: that path, and only it, outside a prefix. */
    @Test
    void createOrdersOtherNameReachesOrderAsItIsAndNothingBesideIt() throws IOException {
        assertEquals("200 order /api/orders", get("/api/orders"));
        for (String beside : List.of("/api/orders/1", "/api/ordersx", "/api/orderx", "/api/products")) {
            assertEquals("404", get(beside).substring(0, 3), beside);
        }
    }

    /** What must stay on the instances' own ports: health, metrics, OpenAPI and the internal stock API. */
    @Test
    void pathsThatClimbOutOfAPublicPrefixAreNotRouted() throws IOException {
        List<String> attacks = List.of("/internal/products/lookup", "/metrics", "/health/ready",
                "/api/product/../../metrics", "/api/product/../../internal/products/lookup", "/api/auth/./../../health/ready",
                "/api/product/%2e%2e/%2e%2e/metrics", "/api/product/%2E%2E/%2E%2E/internal/products/lookup",
                "/api/product/..%2f..%2fmetrics", "/api/product/..%2F..%2Finternal/stock/reservations/1",
                "/api/product/..%5c..%5cmetrics", "/api/product/..\\..\\metrics", "/api/product/%252e%252e/%252e%252e/metrics",
                "/api/product/..;/..;/health/ready", "/api/order/;x=1/../../openapi", "/api/product/..", "/api/product/.");
        for (String attack : attacks) {
            String reply = get(attack);
            assertTrue(reply.startsWith("404 ") || reply.startsWith("400 "), attack + " reached " + reply);
        }
    }

    /** The status and first path segment the "upstream" echoed, from a raw HTTP/1.1 exchange. */
    private static String get(String rawPath) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            String status = response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4);
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            return status + " " + (status.equals("404") ? "" : body);
        }
    }
}
