package com.velure.local;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.predicate.Predicate;
import io.undertow.predicate.Predicates;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.ConduitWritableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Every instance's readiness is polled each second, as a Kubernetes readiness probe would: an
 * instance whose process has ended leaves the rotation at once, one that fails {@value #FAILURES_TO_LEAVE}
 * checks in a row (not ready, or no answer within {@value #CHECK_TIMEOUT_MILLIS} ms) leaves it too, and
 * either comes back at its first ready answer. A service's last instance in rotation stays there while
 * its process lives: a slow health check under load must not turn a busy service into no service; a
 * dead or restarted process leaves even so (clients get a JSON 503 with Retry-After, not a booting
 * server's 404s). When the catalog has several replicas, a
 * second listener, on loopback only, balances {@code /internal/} over them for order-war (what a
 * Kubernetes Service in front of the catalog does); it is never part of the public API.
 */
final class Ingress implements AutoCloseable {

    /** Enough concurrent upstream connections per IO thread for a few hundred virtual users. */
    private static final int CONNECTIONS_PER_THREAD = 64;
    /** Requests that wait for an upstream connection instead of failing at once. */
    private static final int MAX_QUEUED_REQUESTS = 1000;
    private static final long HEALTH_PERIOD_MILLIS = 1000;
    private static final long CHECK_TIMEOUT_MILLIS = 2000;
    private static final int FAILURES_TO_LEAVE = 3;
    /** A restarted instance boots in tens of seconds; clients should not hammer it meanwhile. */
    private static final int RETRY_AFTER_SECONDS = 5;
    /**
     * A stopping instance leaves the rotation within a health round of its exit: a retry then goes
     * to another replica, or gets the ingress's own 503 with the longer wait.
     */
    private static final int STOPPING_RETRY_AFTER_SECONDS = 1;
    /** A sign-up refused at the door may try again soon: auth's room changes within milliseconds. */
    private static final String LIMITED_RETRY_AFTER = "1";
    private static final int LIMIT_REPORT_SECONDS = 30;
    private static final String UNAVAILABLE = "{\"error\":\"service unavailable, retry later\",\"status\":503,\"title\":\"Service Unavailable\"}";
    /** Also what {@link Shedding} answers for a service. */
    static final byte[] UNAVAILABLE_BYTES = UNAVAILABLE.getBytes(StandardCharsets.UTF_8);

    private final List<Undertow> servers;
    private final ScheduledExecutorService health;
    private final Rotation rotation;

    private Ingress(List<Undertow> servers, ScheduledExecutorService health, Rotation rotation) {
        this.servers = servers;
        this.health = health;
        this.rotation = rotation;
    }

    /** Whether the ingress routes to this instance now. */
    boolean routesTo(ServiceProcess instance) {
        return Boolean.TRUE.equals(rotation.in.get(instance));
    }

    /**
     * @param instances every instance of every service, all ready
     * @param internalPort where the catalog's internal API is balanced, or 0 for no such listener
     * @param limitSignUps whether sign-ups are refused while auth has its limit of requests in flight ({@link InFlightLimit})
     * @param log where rotation changes and sign-ups refused at the door are reported
     */
    static Ingress start(int port, int internalPort, List<ServiceProcess> instances, boolean limitSignUps, Consumer<String> log) {
        Map<ServiceProcess, List<LoadBalancingProxyClient>> routesTo = new HashMap<>();
        Map<Service, HttpHandler> upstreams = new EnumMap<>(Service.class);
        InFlightLimit signUps = limitSignUps ? new InFlightLimit() : null;
        for (Service service : Service.values()) {
            upstreams.put(service, balance(service, instances, routesTo, service == Service.AUTH ? signUps : null));
        }
        List<Undertow> servers = new ArrayList<>();
        servers.add(Undertow.builder().addHttpListener(port, "0.0.0.0").setHandler(publicApi(upstreams)).build());
        if (internalPort > 0) {
            HttpHandler internal = Handlers.predicate(Predicates.prefix("/internal/"),
                    balance(Service.CATALOG, instances, routesTo, null), Ingress::notFound);
            servers.add(Undertow.builder().addHttpListener(internalPort, "127.0.0.1").setHandler(internal).build());
        }
        servers.forEach(Undertow::start);

        ScheduledExecutorService health = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingress-health");
            thread.setDaemon(true);
            return thread;
        });
        Rotation rotation = new Rotation(routesTo, log);
        health.scheduleWithFixedDelay(rotation::check, HEALTH_PERIOD_MILLIS, HEALTH_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        if (signUps != null) {
            health.scheduleWithFixedDelay(() -> {
                long refused = signUps.refusedSinceLastAsked();
                if (refused > 0) {
                    log.accept(refused + " sign-ups refused at the door in the last " + LIMIT_REPORT_SECONDS
                            + " s: auth had its in-flight limit of requests (now " + signUps.limit() + ")");
                }
            }, LIMIT_REPORT_SECONDS, LIMIT_REPORT_SECONDS, TimeUnit.SECONDS);
        }
        return new Ingress(servers, health, rotation);
    }

    /**
     * Routes each public prefix, and each exact public path ({@link Service#publicPaths}), to its
     * service's upstream, and nothing else. The proxy forwards the path as the client sent it and
     * Payara resolves dot segments (also percent-encoded ones) itself, so
     * {@code /api/product/../../metrics} would match the catalog's prefix here and reach its
     * /metrics there: a path that is not plainly itself is refused before any prefix is matched.
     */
    static HttpHandler publicApi(Map<Service, HttpHandler> upstreams) {
        // Predicates, not a PathHandler: the proxy must forward the full path, prefix included.
        HttpHandler routes = Ingress::notFound;
        for (Service service : Service.values()) {
            Predicate publicRoute = service.publicPaths.length == 0 ? Predicates.prefix(service.publicPrefix)
                    : Predicates.or(Predicates.prefix(service.publicPrefix), Predicates.paths(service.publicPaths));
            routes = Handlers.predicate(publicRoute, upstreams.get(service), routes);
        }
        HttpHandler routed = routes;
        return exchange -> {
            if (isPlainPath(exchange.getRequestURI())) {
                routed.handleRequest(exchange);
            } else {
                notFound(exchange);
            }
        };
    }

    /**
     * Whether a path as sent names only itself: no {@code .} or {@code ..} segment, no encoded
     * dot, slash, backslash or percent (which a server may decode into one), no backslash and no
     * {@code ;} path parameter. The public API never needs any of them.
     */
    static boolean isPlainPath(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        for (String hidden : new String[]{"%2e", "%2f", "%5c", "%25", "\\", ";"}) {
            if (lower.contains(hidden)) {
                return false;
            }
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Which instances the proxies route to, kept by the health checks (one thread). */
    private static final class Rotation {
        private final Map<ServiceProcess, List<LoadBalancingProxyClient>> routesTo;
        private final Consumer<String> log;
        private final Map<ServiceProcess, Integer> failures = new HashMap<>();
        /** Written by the health thread only; read by {@link Ingress#routesTo}. */
        private final Map<ServiceProcess, Boolean> in = new ConcurrentHashMap<>();
        /** The process of each instance at its last ready answer (all were ready when the ingress started). */
        private final Map<ServiceProcess, Long> readyPid = new HashMap<>();

        Rotation(Map<ServiceProcess, List<LoadBalancingProxyClient>> routesTo, Consumer<String> log) {
            this.routesTo = routesTo;
            this.log = log;
            routesTo.keySet().forEach(instance -> {
                in.put(instance, true);
                readyPid.put(instance, instance.pid());
            });
        }

        void check() {
            for (ServiceProcess instance : routesTo.keySet()) {
                boolean ready = instance.isReady(CHECK_TIMEOUT_MILLIS);
                int failed = ready ? 0 : failures.merge(instance, 1, Integer::sum);
                failures.put(instance, failed);
                // A process that died, or was started again since it was last ready, is booting at best:
                // Payara answers 404 until the WAR is deployed, so it waits for its first ready answer.
                boolean replaced = !instance.isAlive() || instance.pid() != readyPid.getOrDefault(instance, -1L);
                if (ready) {
                    readyPid.put(instance, instance.pid());
                }
                if (ready && !in.get(instance)) {
                    move(instance, true, instance.name() + " is ready again: back in the ingress's rotation");
                } else if (!ready && in.get(instance) && (replaced || failed >= FAILURES_TO_LEAVE)) {
                    if (replaced || othersInRotation(instance)) {
                        move(instance, false, instance.name() + (instance.isAlive() ? (replaced ? " was started again" : " failed " + failed
                                + " readiness checks") : " has stopped") + ": out of the ingress's rotation until it is ready");
                    } else if (failed == FAILURES_TO_LEAVE) {
                        log.accept(instance.name() + " is not ready, but it is its service's last instance in rotation: kept");
                    }
                }
            }
        }

        private boolean othersInRotation(ServiceProcess instance) {
            return in.entrySet().stream().anyMatch(other -> other.getKey() != instance && other.getValue()
                    && other.getKey().service() == instance.service());
        }

        private void move(ServiceProcess instance, boolean into, String message) {
            in.put(instance, into);
            URI uri = URI.create(instance.baseUrl());
            for (LoadBalancingProxyClient client : routesTo.get(instance)) {
                if (into) {
                    client.addHost(uri);
                } else {
                    client.removeHost(uri);
                }
            }
            log.accept(message);
        }
    }

    private static HttpHandler balance(Service service, List<ServiceProcess> instances,
                                       Map<ServiceProcess, List<LoadBalancingProxyClient>> routesTo, InFlightLimit signUps) {
        LoadBalancingProxyClient upstream = new LoadBalancingProxyClient()
                .setConnectionsPerThread(CONNECTIONS_PER_THREAD)
                .setMaxQueueSize(MAX_QUEUED_REQUESTS);
        for (ServiceProcess instance : instances) {
            if (instance.service() == service) {
                upstream.addHost(URI.create(instance.baseUrl()));
                routesTo.computeIfAbsent(instance, any -> new ArrayList<>()).add(upstream);
            }
        }
        return proxy(upstream, new Shedding(), signUps);
    }

    /**
     * Proxies to {@code upstream}'s instances; every 503 it answers carries Retry-After, a route
     * the service refused with one is answered here for a moment ({@link Shedding}), and with
     * {@code signUps} (may be null) a sign-up over auth's in-flight limit is refused here ({@link InFlightLimit}).
     */
    static HttpHandler proxy(ProxyClient upstream, Shedding shedding, InFlightLimit signUps) {
        // One retry on another instance when the chosen one refuses the connection (it just died).
        HttpHandler proxy = ProxyHandler.builder().setProxyClient(upstream).setRewriteHostHeader(false).setMaxConnectionRetries(1)
                .setNext(Ingress::unavailable).build();
        return exchange -> {
            if (shedding.refused(exchange)) {
                return;
            }
            if (signUps != null && !signUps.admit(exchange)) {
                shedding.hold(exchange, LIMITED_RETRY_AFTER);
                return;
            }
            exchange.addDefaultResponseListener(Ingress::noInstanceAnswered);
            exchange.addResponseWrapper(Ingress::instanceRefused);
            proxy.handleRequest(exchange);
        };
    }

    /**
     * The proxy's own bare 503 (no instance of the service could be reached: it was killed, is
     * stopped or still booting) as the API's JSON error with Retry-After, as a service's own 503
     * is: clients back off and retry instead of treating it as a hard failure.
     */
    private static boolean noInstanceAnswered(HttpServerExchange exchange) {
        if (exchange.isResponseStarted() || exchange.getStatusCode() != 503) {
            return false;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        exchange.getResponseSender().send(UNAVAILABLE);
        return true;
    }

    /**
     * An instance's 503 without Retry-After is Payara's, not the service's: the server is stopping
     * (SIGTERM) and refuses requests in the moment before its process exits and the health checks
     * take it out of rotation. Clients get a 503 like every other of the API: Retry-After
     * ({@value #STOPPING_RETRY_AFTER_SECONDS} s) and, in place of Payara's error page, the API's
     * JSON error (a JSON body is kept). A 503 with Retry-After is the service's own (overload,
     * database down) and passes as it is.
     */
    private static StreamSinkConduit instanceRefused(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) {
        HeaderMap headers = exchange.getResponseHeaders();
        if (exchange.getStatusCode() != 503 || headers.contains(Headers.RETRY_AFTER)) {
            return factory.create();
        }
        headers.put(Headers.RETRY_AFTER, String.valueOf(STOPPING_RETRY_AFTER_SECONDS));
        String type = headers.getFirst(Headers.CONTENT_TYPE);
        if (type != null && type.startsWith("application/json")) {
            return factory.create();
        }
        // Set before the rest of the chain is made: it picks a fixed-length encoding from them.
        headers.remove(Headers.TRANSFER_ENCODING);
        headers.put(Headers.CONTENT_TYPE, "application/json");
        headers.put(Headers.CONTENT_LENGTH, UNAVAILABLE_BYTES.length);
        return new ReplacedBody(factory.create(), UNAVAILABLE_BYTES);
    }

    /**
     * Sends {@code body} in place of what is written to it, which is read from the instance and
     * dropped. Until {@code body} is out, writes report no progress, so the proxy waits as it does
     * for a slow client.
     */
    private static final class ReplacedBody extends AbstractStreamSinkConduit<StreamSinkConduit> {
        private final ByteBuffer body;
        private boolean terminateWhenSent;

        ReplacedBody(StreamSinkConduit next, byte[] body) {
            super(next);
            this.body = ByteBuffer.wrap(body);
        }

        private boolean sent() throws IOException {
            while (body.hasRemaining()) {
                if (next.write(body) == 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return (int) write(new ByteBuffer[]{src}, 0, 1);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            if (!sent()) {
                return 0;
            }
            long dropped = 0;
            for (int i = offset; i < offset + length; i++) {
                dropped += srcs[i].remaining();
                srcs[i].position(srcs[i].limit());
            }
            return dropped;
        }

        @Override
        public int writeFinal(ByteBuffer src) throws IOException {
            return Conduits.writeFinalBasic(this, src);
        }

        @Override
        public long writeFinal(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return Conduits.writeFinalBasic(this, srcs, offset, length);
        }

        @Override
        public long transferFrom(FileChannel src, long position, long count) throws IOException {
            return src.transferTo(position, count, new ConduitWritableByteChannel(this));
        }

        @Override
        public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
            return IoUtils.transfer(source, count, throughBuffer, new ConduitWritableByteChannel(this));
        }

        /** An instance's empty body ends at once: {@code body} goes out before the end does. */
        @Override
        public void terminateWrites() throws IOException {
            if (sent()) {
                next.terminateWrites();
            } else {
                terminateWhenSent = true;
            }
        }

        @Override
        public boolean flush() throws IOException {
            if (!sent()) {
                return false;
            }
            if (terminateWhenSent) {
                terminateWhenSent = false;
                next.terminateWrites();
            }
            return next.flush();
        }
    }

    /** No instance in rotation at all. */
    private static void unavailable(HttpServerExchange exchange) {
        exchange.setStatusCode(503);
        exchange.endExchange(); // noInstanceAnswered writes the body
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
