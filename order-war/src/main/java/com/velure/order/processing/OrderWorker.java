package com.velure.order.processing;

import com.velure.order.background.ThrottledLog;
import com.velure.order.catalog.CatalogUnavailableException;
import com.velure.order.placement.IdempotencyKeys;
import com.velure.platform.persistence.MigrationState;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The order worker of this instance: polls the outbox on the container's scheduled executor,
 * claims as many due orders as it has free workers, and processes each on a worker thread from
 * the container's thread factory. While it works on an order it keeps renewing that order's
 * lease; a worker that dies stops renewing and another instance (or this one after a restart)
 * takes the order over once the lease has run out.
 *
 * <p>Settings (MicroProfile Config): {@code velure.order.worker.enabled} (true),
 * {@code .concurrency} (4 orders at a time), {@code .poll-interval-ms} (250),
 * {@code .lease-seconds} (30), {@code .max-backoff-seconds} (60, for retries while the catalog is
 * unavailable).
 */
@ApplicationScoped
public class OrderWorker {

    private static final Logger LOG = Logger.getLogger(OrderWorker.class.getName());
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    private static final int PURGE_BATCH = 1000;

    @Inject
    @ConfigProperty(name = "velure.order.worker.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "velure.order.worker.concurrency", defaultValue = "4")
    int concurrency;

    @Inject
    @ConfigProperty(name = "velure.order.worker.poll-interval-ms", defaultValue = "250")
    long pollIntervalMillis;

    @Inject
    @ConfigProperty(name = "velure.order.worker.lease-seconds", defaultValue = "30")
    long leaseSeconds;

    @Inject
    @ConfigProperty(name = "velure.order.worker.max-backoff-seconds", defaultValue = "60")
    long maxBackoffSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    OutboxStore outbox;

    @Inject
    OrderProcessor processor;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    MigrationState migrations;

    @Inject
    MetricRegistry metrics;

    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    /** The last claim took all it asked for: more may be due, so a freed worker should not wait for the next poll. */
    private final AtomicBoolean backlogSeen = new AtomicBoolean();
    private volatile ThreadPoolExecutor workers;
    private volatile ScheduledFuture<?> polling;
    private volatile Instant lastRenewal = Instant.now();
    private volatile Instant lastPurge = Instant.EPOCH;
    private final ThrottledLog recurringFailures = new ThrottledLog(LOG);

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        metrics.gauge(Metadata.builder().withName("order_worker_in_flight")
                .withDescription("Orders this instance's worker is processing right now").build(), inFlight, Set::size);
        if (!enabled) {
            LOG.info("order worker disabled (velure.order.worker.enabled=false): this instance only takes orders");
            return;
        }
        workers = new ThreadPoolExecutor(concurrency, concurrency, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), threadFactory);
        polling = scheduler.scheduleWithFixedDelay(this::poll, pollIntervalMillis, pollIntervalMillis, TimeUnit.MILLISECONDS);
        LOG.info(() -> "order worker started: " + concurrency + " at a time, polling every " + pollIntervalMillis
                + " ms, lease " + leaseSeconds + " s");
    }

    /** An order was placed on this instance: look at the outbox now rather than at the next poll. */
    void orderPlaced(@Observes OrderPlaced placed) {
        wakeUp();
    }

    private void wakeUp() {
        if (polling != null && wakeUpPending.compareAndSet(false, true)) {
            scheduler.execute(this::poll);
        }
    }

    @PreDestroy
    void stop() {
        if (polling != null) {
            polling.cancel(false);
        }
        if (workers != null) {
            workers.shutdownNow();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            // hand unfinished orders back at once instead of letting their leases run out
            outbox.renew(Set.copyOf(inFlight), Duration.ZERO);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not hand back " + inFlight.size() + " orders; their leases will run out", e);
        }
    }

    private synchronized void poll() {
        wakeUpPending.set(false);
        try {
            if (!migrations.isApplied()) {
                return;
            }
            renewLeases();
            claimAndDispatch();
            purgeExpiredIdempotencyKeys();
        } catch (Throwable e) { // a scheduled task that throws is never run again
            recurringFailures.warning("order worker poll failed (retrying at the next poll)", e);
        }
    }

    private void claimAndDispatch() throws SQLException {
        while (!workers.isShutdown()) {
            int free = concurrency - inFlight.size();
            if (free <= 0) {
                return;
            }
            List<OutboxStore.Claim> claims = outbox.claim(free, lease());
            for (OutboxStore.Claim claim : claims) {
                inFlight.add(claim.orderId());
                workers.execute(() -> process(claim));
            }
            backlogSeen.set(claims.size() == free);
            if (claims.size() < free) {
                return;
            }
        }
    }

    private void process(OutboxStore.Claim claim) {
        try {
            processor.process(claim.orderId());
        } catch (CatalogUnavailableException | CircuitBreakerOpenException e) {
            LOG.fine(() -> "order " + claim.orderId() + " waits for the catalog: " + e.getMessage());
            retryLater(claim, e.getMessage());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "order " + claim.orderId() + " attempt " + claim.attempts() + " failed; retrying later", e);
            retryLater(claim, e.toString());
        } finally {
            inFlight.remove(claim.orderId());
            if (backlogSeen.get()) {
                wakeUp();
            }
        }
    }

    private void retryLater(OutboxStore.Claim claim, String reason) {
        try {
            outbox.retryLater(claim.orderId(), backoff(claim.attempts(), Duration.ofSeconds(maxBackoffSeconds)), reason);
        } catch (SQLException | RuntimeException e) {
            recurringFailures.warning("could not reschedule order " + claim.orderId() + "; its lease will run out", e);
        }
    }

    /** 1 s, 2 s, 4 s, ... up to {@code max}. */
    static Duration backoff(int attempts, Duration max) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration delay = Duration.ofSeconds(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private void renewLeases() throws SQLException {
        if (Duration.between(lastRenewal, Instant.now()).compareTo(lease().dividedBy(3)) < 0) {
            return;
        }
        lastRenewal = Instant.now();
        outbox.renew(Set.copyOf(inFlight), lease());
    }

    private void purgeExpiredIdempotencyKeys() throws SQLException {
        if (Duration.between(lastPurge, Instant.now()).compareTo(PURGE_EVERY) < 0) {
            return;
        }
        lastPurge = Instant.now();
        int purged = idempotencyKeys.purgeExpired(PURGE_BATCH);
        if (purged > 0) {
            LOG.fine(() -> "purged " + purged + " expired idempotency keys");
        }
    }

    private Duration lease() {
        return Duration.ofSeconds(leaseSeconds);
    }
}
