package com.velure.local;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * After a service refused a request on arrival (within a second) with its own 503 and Retry-After
 * (auth's hashing queue is full, a database is down), the ingress answers that route itself for
 * a short window ({@link #WINDOW}), and then lets one request through to see whether the service
 * takes work again (a circuit breaker's half-open state). Other routes of the same service are not
 * touched: a sign-in still reaches auth while sign-ups are refused.
 *
 * <p>Why at the ingress: clients that ignore Retry-After (the original load test starts a new
 * journey at once when a step fails) send the refused request again within milliseconds. At twice
 * auth's hashing capacity those retries were hundreds per second and each cost ~2 ms of auth's CPU
 * to refuse, which the hashes needed: the service completed a tenth of what it could (issue 15).
 * Here a refusal costs the ingress a fraction of that and the service nothing. The service stays
 * the one that decides: its queue still holds seconds of admitted work when it refuses, so a
 * window far shorter than that loses no throughput.
 *
 * <p>The service may say sooner that it has room again: auth names, on every answer, how many
 * requests of each route its queue would admit now (header {@value #ROOM_HEADER}, e.g.
 * {@code POST /api/auth/register=3, POST /api/auth/login=40}). A shed route lets that many
 * through, window or not, until the next answer says otherwise. Without it the route stayed shut
 * until the probe came back, and an admitted sign-up comes back only after its wait in auth's
 * queue: at 60 users auth refused 19 sign-ups in six minutes and the ingress, for them, 415
 * (issue 15). The header is the ingress's own business and never reaches a client.
 *
 * <p>A refusal is held ({@value #HOLD_MILLIS} ms) before it is answered, on the IO thread's timer
 * (no thread waits): a client that retries at once then retries about twenty times a second,
 * not hundreds, and still has its answer within 100 ms on a busy machine. Held 75 ms, a cold
 * stack's first minute at 150 users answered 2–6 % of its refusals later than that; held 50 ms,
 * 1.0–1.4 %, for as many journeys completed (issue 15, loadtest/README.md, the h50- runs).
 */
final class Shedding {

    static final Duration WINDOW = Duration.ofMillis(250);
    static final String ROOM_HEADER = "Velure-Admission-Room";
    private static final HttpString ROOM = new HttpString(ROOM_HEADER);
    static final long HOLD_MILLIS = 50;
    /** A 503 later than this came from a request the service admitted and then gave up on. */
    private static final long QUICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Routes remembered at once; paths carry ids (an order's), so the map must not grow without bound. */
    private static final int MAX_ROUTES = 1024;
    private static final long FORGET_AFTER_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final AttachmentKey<Route> PROBE = AttachmentKey.create(Route.class);
    /** Answered by the ingress itself: says nothing about the service. */
    private static final AttachmentKey<Boolean> OWN = AttachmentKey.create(Boolean.class);

    private final long windowNanos;
    private final long holdMillis;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    Shedding() {
        this(WINDOW, HOLD_MILLIS);
    }

    Shedding(Duration window, long holdMillis) {
        this.windowNanos = window.toNanos();
        this.holdMillis = holdMillis;
    }

    /** A route the service refused lately: until when the ingress answers it, and with which Retry-After. */
    private static final class Route {
        volatile long until;
        volatile String retryAfter;
        final AtomicBoolean probing = new AtomicBoolean();
        /** Requests the service said it would admit now; each one let through takes one. */
        final AtomicInteger room = new AtomicInteger();
    }

    /**
     * Answers the exchange (later, held) if its route is being shed and returns true; otherwise
     * lets it pass, learning from the service's answer.
     */
    boolean refused(HttpServerExchange exchange) {
        String key = key(exchange);
        Route route = routes.get(key);
        if (route != null && route.room.getAndUpdate(left -> Math.max(0, left - 1)) == 0) {
            if (System.nanoTime() - route.until < 0 || !route.probing.compareAndSet(false, true)) {
                hold(exchange, route.retryAfter);
                return true;
            }
            // The window is over: this request finds out whether the service takes work again.
            exchange.putAttachment(PROBE, route);
            exchange.addExchangeCompleteListener((done, next) -> {
                route.probing.set(false);
                next.proceed();
            });
        }
        long arrived = System.nanoTime();
        exchange.addResponseCommitListener(answered -> learn(key, answered, arrived));
        return false;
    }

    private void learn(String key, HttpServerExchange answered, long arrived) {
        if (answered.getAttachment(OWN) != null) {
            return;
        }
        String room = answered.getResponseHeaders().getFirst(ROOM);
        if (room != null) {
            answered.getResponseHeaders().remove(ROOM);
            learnRoom(room);
        }
        String retryAfter = answered.getResponseHeaders().getFirst(Headers.RETRY_AFTER);
        Route probe = answered.getAttachment(PROBE);
        long now = System.nanoTime();
        // Only a refusal on arrival says the service refuses this route now. One that came after
        // seconds (auth gives up on a request its queue admitted) says it was taking work then;
        // shedding on it refused sign-ups the queue had room for (at 60 users: 22 350 refusals
        // instead of 120).
        if (answered.getStatusCode() != 503 || retryAfter == null || now - arrived > QUICK_NANOS) {
            if (probe != null) {
                routes.remove(key, probe); // the service took it: back to normal
            }
            return;
        }
        if (!routes.containsKey(key) && routes.size() >= MAX_ROUTES) {
            routes.values().removeIf(stale -> now - stale.until > FORGET_AFTER_NANOS);
            if (routes.size() >= MAX_ROUTES) {
                return;
            }
        }
        // Retry-After before the window's end: a reader that sees the window sees a Retry-After.
        routes.compute(key, (any, known) -> {
            Route route = known != null ? known : new Route();
            route.retryAfter = retryAfter;
            route.until = now + windowNanos;
            route.room.set(0);
            return route;
        });
    }

    /** Each named route being shed may let through as many requests as the service said it would admit. */
    private void learnRoom(String header) {
        for (String entry : header.split(",")) {
            int equals = entry.lastIndexOf('=');
            Route route = equals < 0 ? null : routes.get(entry.substring(0, equals).trim());
            if (route != null) {
                try {
                    route.room.set(Math.max(0, Integer.parseInt(entry.substring(equals + 1).trim())));
                } catch (NumberFormatException ignored) {
                    // not a count: the route stays as it is
                }
            }
        }
    }

    /** Answers 503 with {@code retryAfter} after the hold, on the IO thread's timer. */
    void hold(HttpServerExchange exchange, String retryAfter) {
        exchange.putAttachment(OWN, true);
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getIoThread().executeAfter(() -> {
            exchange.setStatusCode(503);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, retryAfter);
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, Ingress.UNAVAILABLE_BYTES.length);
            exchange.getResponseSender().send(ByteBuffer.wrap(Ingress.UNAVAILABLE_BYTES));
        }, holdMillis, TimeUnit.MILLISECONDS));
    }

    private static String key(HttpServerExchange exchange) {
        return exchange.getRequestMethod() + " " + exchange.getRequestURI();
    }
}
