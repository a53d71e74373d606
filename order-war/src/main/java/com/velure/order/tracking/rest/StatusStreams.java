package com.velure.order.tracking.rest;

import com.velure.platform.error.ThrottledLog;
import com.velure.order.ledger.Order;
import com.velure.order.ledger.OrderStore;
import com.velure.order.ledger.StatusChange;
import com.velure.order.tracking.StreamSettings;
import com.velure.platform.persistence.MigrationState;
import com.velure.platform.session.RevokedSessions;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The open order-status streams of this instance. One poller reads the status history of every
 * watched order in a single query per interval, so the database cost does not grow with the
 * number of streams, and a change made by any instance (the worker of another replica, an admin)
 * reaches every stream. Each change is sent once, in order, as the whole order; a stream ends
 * after a final status, after {@link StreamSettings#maxDurationMinutes}, when its client goes away,
 * or when its session is revoked: each poll asks platform's {@link RevokedSessions}, the check every
 * request gets, so a stream ends within that check's interval plus one poll of a logout, as a
 * request is refused within the interval (and one query per session and interval, not per stream).
 */
@ApplicationScoped
public class StatusStreams {

    private static final Logger LOG = Logger.getLogger(StatusStreams.class.getName());
    /** The same JSON as the resources answer (JSON-B defaults); a Jsonb instance is thread-safe. */
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    @ConfigProperties
    StreamSettings settings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    OrderStore orders;

    @Inject
    MigrationState migrations;

    @Inject
    MetricRegistry metrics;

    @Inject
    RevokedSessions revokedSessions;

    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private volatile ScheduledFuture<?> polling;
    private final ThrottledLog recurringFailures = new ThrottledLog(LOG);

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        metrics.gauge(Metadata.builder().withName("order_status_streams_open")
                .withDescription("Order status streams (SSE) open on this instance").build(), streams, Set::size);
        polling = scheduler.scheduleWithFixedDelay(this::poll, settings.pollIntervalMillis, settings.pollIntervalMillis,
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (polling != null) {
            polling.cancel(false);
        }
        streams.forEach(Stream::close);
        streams.clear();
    }

    /**
     * Sends the order as it is now and, unless that is final, keeps the stream open for its
     * changes after {@code sequence}; false (and nothing sent) when this instance has no room for another.
     */
    public boolean open(Order current, long sequence, UUID sessionId, SseEventSink sink, Sse sse) {
        if (streams.size() >= settings.maxStreams) {
            return false;
        }
        Stream stream = new Stream(current, sequence, sessionId, sink, sse);
        stream.send(current);
        if (current.status().isFinal()) {
            stream.close();
        } else if (!stream.closed()) {
            streams.add(stream);
        }
        return true;
    }

    private void poll() {
        try {
            streams.removeIf(Stream::closed);
            if (streams.isEmpty() || !migrations.isApplied()) {
                return;
            }
            for (Stream stream : streams) {
                if (revokedSessions.isRevoked(stream.sessionId())) {
                    stream.close(); // the end of the response; EventSource's reconnect then gets 401
                }
            }
            streams.removeIf(Stream::closed);
            Set<UUID> watched = ConcurrentHashMap.newKeySet();
            long oldest = Long.MAX_VALUE;
            for (Stream stream : streams) {
                watched.add(stream.orderId());
                oldest = Math.min(oldest, stream.sequence());
            }
            List<StatusChange> changes = orders.changesSince(watched, oldest);
            for (StatusChange change : changes) {
                for (Stream stream : streams) {
                    stream.deliver(change);
                }
            }
            Instant now = Instant.now();
            for (Stream stream : streams) {
                if (stream.openedBefore(now.minus(settings.maxDuration()))) {
                    stream.close();
                } else if (stream.silentSince(now.minus(settings.keepAlive()))) {
                    stream.keepAlive();
                }
            }
            streams.removeIf(Stream::closed);
        } catch (Throwable e) { // a scheduled task that throws is never run again
            recurringFailures.warning("status stream poll failed (retrying at the next poll)", e);
        }
    }

    /** One client's stream of one order. */
    private static final class Stream {
        private final SseEventSink sink;
        private final Sse sse;
        private final UUID sessionId;
        private final Instant opened = Instant.now();
        private Order order;
        private long sequence;
        private Instant lastSent = Instant.now();

        Stream(Order order, long sequence, UUID sessionId, SseEventSink sink, Sse sse) {
            this.order = order;
            this.sequence = sequence;
            this.sessionId = sessionId;
            this.sink = sink;
            this.sse = sse;
        }

        synchronized UUID orderId() {
            return order.id();
        }

        UUID sessionId() {
            return sessionId;
        }

        synchronized long sequence() {
            return sequence;
        }

        /** Sends the change if it is this stream's order and news to it; ends the stream after a final status. */
        synchronized void deliver(StatusChange change) {
            if (!change.orderId().equals(order.id()) || change.sequence() <= sequence || closed()) {
                return;
            }
            sequence = change.sequence();
            order = order.as(change);
            send(order);
            if (order.status().isFinal()) {
                close();
            }
        }

        synchronized void send(Order state) {
            emit(sse.newEventBuilder()
                    .id(String.valueOf(sequence))
                    .mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(String.class, JSON.toJson(state))
                    .build());
        }

        synchronized void keepAlive() {
            emit(sse.newEventBuilder().comment("keep-alive").build());
        }

        private void emit(OutboundSseEvent event) {
            if (closed()) {
                return;
            }
            lastSent = Instant.now();
            try {
                sink.send(event).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        close(); // the client went away
                    }
                });
            } catch (RuntimeException clientGone) {
                close();
            }
        }

        synchronized boolean silentSince(Instant instant) {
            return lastSent.isBefore(instant);
        }

        boolean openedBefore(Instant instant) {
            return opened.isBefore(instant);
        }

        boolean closed() {
            return sink.isClosed();
        }

        void close() {
            try {
                sink.close();
            } catch (RuntimeException alreadyGone) {
                // nothing left to close
            }
        }
    }
}
