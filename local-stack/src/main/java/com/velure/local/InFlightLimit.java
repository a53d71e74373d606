package com.velure.local;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An adaptive limit on auth's requests in flight through the ingress (Netflix concurrency-limits,
 * its gradient algorithm: the limit follows the ratio of the long-term to the recent time a
 * request takes, so it shrinks as auth's answers slow down). Over the limit only sign-ups are
 * refused, at the door, before any service spends CPU on them: a sign-up starts a journey and
 * carries no work invested yet. Sign-ins, which continue one, always pass and are counted.
 *
 * <p>The time a sample counts leaves out what the request waited in auth's hashing queue when
 * auth names it ({@value #TIMING_HEADER}), which auth does while the hashes are what is scarce:
 * that wait costs no CPU and auth's queue bounds it. Counted whole, a queue doing its job at
 * twice production-hashing capacity, where sign-ups wait their turn for a hash for up to 2.5 s,
 * read as slowness, the limit fell to 8–46, and the sign-ups it refused came back at once and
 * took the cores the hashes needed (16.4 journeys/s against 24–25 without it). Past the knee of
 * the reduced-hashing ramp the hashes wait for the cores like everything else, auth names no
 * wait, and the limit sees the whole time: held at 1.5 × the knee it kept the served p95 at
 * 0.79–0.92 s where auth's queue alone let it reach 1.6–3.2 s, for as many journeys (issue 15,
 * loadtest/README.md, "The limit that leaves auth's queue its wait").
 */
final class InFlightLimit {

    private static final String SIGN_UP = "POST /api/auth/register";
    static final String TIMING_HEADER = "Server-Timing";
    private static final HttpString TIMING = new HttpString(TIMING_HEADER);
    private static final String HASHING_WAIT = "hashing-wait;dur=";
    private static final AttachmentKey<Long> WAITED = AttachmentKey.create(Long.class);
    /** Gradient2's defaults but for the floor: two cores serve auth well with a handful in flight. */
    private static final int INITIAL_LIMIT = 20;
    private static final int MIN_LIMIT = 4;
    private static final int MAX_LIMIT = 200;

    private final Limit limit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    InFlightLimit() {
        this(Gradient2Limit.newBuilder().initialLimit(INITIAL_LIMIT).minLimit(MIN_LIMIT).maxConcurrency(MAX_LIMIT).build());
    }

    /** With another algorithm; tests watch the samples it is given. */
    InFlightLimit(Limit limit) {
        this.limit = limit;
    }

    /**
     * Whether the exchange may go on to auth: a sign-up only within the limit, anything else
     * always. What goes on is counted until it ends, and its time, less its wait for a hash, is a
     * sample.
     */
    boolean admit(HttpServerExchange exchange) {
        int admitted = inFlight.incrementAndGet();
        if (admitted > limit.getLimit() && SIGN_UP.equals(exchange.getRequestMethod() + " " + exchange.getRequestPath())) {
            inFlight.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        long start = System.nanoTime();
        exchange.addResponseCommitListener(answered -> {
            String timing = answered.getResponseHeaders().getFirst(TIMING);
            if (timing != null) {
                answered.getResponseHeaders().remove(TIMING);
                answered.putAttachment(WAITED, hashingWaitNanos(timing));
            }
        });
        exchange.addExchangeCompleteListener((done, next) -> {
            inFlight.decrementAndGet();
            // auth's own 503 (its queue is full, a database is down) says nothing of how long its work takes.
            if (done.getStatusCode() != 503) {
                Long waited = done.getAttachment(WAITED);
                long took = System.nanoTime() - start - (waited == null ? 0 : waited);
                limit.onSample(start, Math.max(1, took), admitted, false);
            }
            next.proceed();
        });
        return true;
    }

    /** The hashing wait auth named, in nanoseconds; none if the header says something else. */
    static long hashingWaitNanos(String timing) {
        int at = timing.indexOf(HASHING_WAIT);
        if (at < 0) {
            return 0;
        }
        int from = at + HASHING_WAIT.length();
        int to = from;
        while (to < timing.length() && (Character.isDigit(timing.charAt(to)) || timing.charAt(to) == '.')) {
            to++;
        }
        try {
            return (long) (Double.parseDouble(timing.substring(from, to)) * 1e6);
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    int limit() {
        return limit.getLimit();
    }

    /** Sign-ups refused since the last call. */
    long refusedSinceLastAsked() {
        return refused.getAndSet(0);
    }
}
