package com.velure.local;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.predicate.Predicates;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.Headers;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One base URL for the public API, routed by path prefix to the services and balanced over each
 * service's replicas the way a Kubernetes ingress and Service do (Undertow's reverse proxy, not a
 * hand-written one). Only the public prefixes are routed: health, metrics and internal endpoints
 * stay on the instances' own ports.
 *
 * <p>Every instance's readiness is polled each second: one that is down or not ready leaves the
 * rotation and comes back once it answers ready again. When the catalog has several replicas, a
 * second listener, on loopback only, balances {@code /internal/} over them for order-war (what a
 * Kubernetes Service in front of the catalog does); it is never part of the public API.
 */
final class Ingress implements AutoCloseable {

    /** Enough concurrent upstream connections per IO thread for a few hundred virtual users. */
    private static final int CONNECTIONS_PER_THREAD = 64;
    /** Requests that wait for an upstream connection instead of failing at once. */
    private static final int MAX_QUEUED_REQUESTS = 1000;
    private static final long HEALTH_PERIOD_MILLIS = 1000;

    private final List<Undertow> servers;
    private final ScheduledExecutorService health;

    private Ingress(List<Undertow> servers, ScheduledExecutorService health) {
        this.servers = servers;
        this.health = health;
    }

    /**
     * @param instances every instance of every service, all ready
     * @param internalPort where the catalog's internal API is balanced, or 0 for no such listener
     * @param log where rotation changes are reported
     */
    static Ingress start(int port, int internalPort, List<ServiceProcess> instances, Consumer<String> log) {
        Map<ServiceProcess, List<LoadBalancingProxyClient>> routesTo = new HashMap<>();
        // Predicates, not a PathHandler: the proxy must forward the full path, prefix included.
        HttpHandler routes = Ingress::notFound;
        for (Service service : Service.values()) {
            routes = Handlers.predicate(Predicates.prefix(service.publicPrefix), balance(service, instances, routesTo), routes);
        }
        List<Undertow> servers = new ArrayList<>();
        servers.add(Undertow.builder().addHttpListener(port, "0.0.0.0").setHandler(routes).build());
        if (internalPort > 0) {
            HttpHandler internal = Handlers.predicate(Predicates.prefix("/internal/"),
                    balance(Service.CATALOG, instances, routesTo), Ingress::notFound);
            servers.add(Undertow.builder().addHttpListener(internalPort, "127.0.0.1").setHandler(internal).build());
        }
        servers.forEach(Undertow::start);

        ScheduledExecutorService health = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingress-health");
            thread.setDaemon(true);
            return thread;
        });
        Map<ServiceProcess, Boolean> inRotation = new HashMap<>();
        routesTo.keySet().forEach(instance -> inRotation.put(instance, true));
        health.scheduleWithFixedDelay(() -> routesTo.forEach((instance, clients) -> {
            boolean ready = instance.isReady();
            if (ready != inRotation.get(instance)) {
                inRotation.put(instance, ready);
                URI uri = URI.create(instance.baseUrl());
                clients.forEach(client -> {
                    if (ready) {
                        client.addHost(uri);
                    } else {
                        client.removeHost(uri);
                    }
                });
                log.accept(instance.name() + (ready ? " is ready again: back in the ingress's rotation"
                        : " is down or not ready: out of the ingress's rotation"));
            }
        }), HEALTH_PERIOD_MILLIS, HEALTH_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return new Ingress(servers, health);
    }

    private static HttpHandler balance(Service service, List<ServiceProcess> instances,
                                       Map<ServiceProcess, List<LoadBalancingProxyClient>> routesTo) {
        LoadBalancingProxyClient upstream = new LoadBalancingProxyClient()
                .setConnectionsPerThread(CONNECTIONS_PER_THREAD)
                .setMaxQueueSize(MAX_QUEUED_REQUESTS);
        for (ServiceProcess instance : instances) {
            if (instance.service() == service) {
                upstream.addHost(URI.create(instance.baseUrl()));
                routesTo.computeIfAbsent(instance, any -> new ArrayList<>()).add(upstream);
            }
        }
        // One retry on another instance when the chosen one refuses the connection (it just died).
        return ProxyHandler.builder().setProxyClient(upstream).setRewriteHostHeader(false).setMaxConnectionRetries(1).build();
    }

    private static void notFound(HttpServerExchange exchange) {
        exchange.setStatusCode(404);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send("{\"error\":\"not found\",\"status\":404,\"title\":\"Not Found\"}");
    }

    @Override
    public void close() {
        health.shutdownNow();
        servers.forEach(Undertow::stop);
    }
}
