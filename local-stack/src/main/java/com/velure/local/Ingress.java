package com.velure.local;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.predicate.Predicates;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.Headers;

import java.net.URI;
import java.util.List;

/**
 * One base URL for the public API, routed by path prefix to the services the way a Kubernetes
 * ingress does (Undertow's reverse proxy, not a hand-written one). Only the public prefixes are
 * routed: health, metrics and any internal endpoint stay on the services' own ports.
 */
final class Ingress implements AutoCloseable {

    /** Enough concurrent upstream connections per IO thread for a few hundred virtual users. */
    private static final int CONNECTIONS_PER_THREAD = 64;
    /** Requests that wait for an upstream connection instead of failing at once. */
    private static final int MAX_QUEUED_REQUESTS = 1000;

    private final Undertow server;

    private Ingress(Undertow server) {
        this.server = server;
    }

    static Ingress start(int port, List<ServiceProcess> services) {
        // Predicates, not a PathHandler: the proxy must forward the full path, prefix included.
        HttpHandler routes = Ingress::notFound;
        for (ServiceProcess service : services) {
            routes = Handlers.predicate(Predicates.prefix(service.service().publicPrefix), proxyTo(service.baseUrl()), routes);
        }
        Undertow server = Undertow.builder().addHttpListener(port, "0.0.0.0").setHandler(routes).build();
        server.start();
        return new Ingress(server);
    }

    private static HttpHandler proxyTo(String baseUrl) {
        LoadBalancingProxyClient upstream = new LoadBalancingProxyClient()
                .addHost(URI.create(baseUrl))
                .setConnectionsPerThread(CONNECTIONS_PER_THREAD)
                .setMaxQueueSize(MAX_QUEUED_REQUESTS);
        return ProxyHandler.builder().setProxyClient(upstream).setRewriteHostHeader(false).build();
    }

    private static void notFound(io.undertow.server.HttpServerExchange exchange) {
        exchange.setStatusCode(404);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send("{\"error\":\"not found\",\"status\":404,\"title\":\"Not Found\"}");
    }

    @Override
    public void close() {
        server.stop();
    }
}
