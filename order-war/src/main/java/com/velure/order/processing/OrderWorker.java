package com.velure.order.processing;

import com.velure.platform.error.ThrottledLog;
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
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The order worker of this instance: four jobs, each on the container's scheduled executor at its
 * own rate ({@link WorkerSettings}): claiming due orders for its free worker threads (and
 * processing each on a thread from the container's thread factory), renewing the lease of the
 * orders it works on, counting the outbox backlog, and purging expired idempotency keys; a placed
 * order or a freed worker with more due claims at once, on a thread of its own. A worker
 * that dies stops renewing, and another instance (or this one after a restart) takes its orders
 * over once their leases have run out.
 */
@ApplicationScoped
public class OrderWorker {

    private static final Logger LOG = Logger.getLogger(OrderWorker.class.getName());
    private static final int PURGE_BATCH = 1000;

    @Inject
    @ConfigProperties
    WorkerSettings settings;

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
    private final AtomicLong backlog = new AtomicLong();
    private final List<ScheduledFuture<?>> jobs = new CopyOnWriteArrayList<>();
    private final ThrottledLog retryFailures = new ThrottledLog(LOG);
    private final Runnable claiming = job("claim", this::claimAndDispatch);
    private volatile ThreadPoolExecutor workers;
    /**
     * Runs the claims a placed order or a freed worker asks for. Not the managed scheduler: it captures
     * the caller's context for every task handed to it, a service-loader scan of the class path that
     * took 4 % of this service's CPU when it ran once per order (loadtest/reports/cpu-reduced/).
     */
    private volatile ThreadPoolExecutor wakeUps;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        metrics.gauge(Metadata.builder().withName("order_worker_in_flight")
                .withDescription("Orders this instance's worker is processing right now").build(), inFlight, Set::size);
        metrics.gauge(Metadata.builder().withName("order_outbox_backlog")
                .withDescription("Orders waiting for or in processing, all instances").build(), backlog, AtomicLong::get);
        if (!settings.enabled) {
            LOG.info("order worker disabled (velure.order.worker.enabled=false): this instance only takes orders");
            return;
        }
        workers = new ThreadPoolExecutor(settings.concurrency, settings.concurrency, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), threadFactory);
        // At most one claim waits (wakeUpPending); one asked for while stopping is dropped, not thrown at the order's request.
        wakeUps = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), threadFactory,
                new ThreadPoolExecutor.DiscardPolicy());
        every(Duration.ofMillis(settings.pollIntervalMillis), claiming);
        every(settings.lease().dividedBy(3), job("lease renewal", () -> outbox.renew(Set.copyOf(inFlight), settings.lease())));
        every(Duration.ofSeconds(settings.backlogCountIntervalSeconds), job("backlog count", () -> backlog.set(outbox.backlog())));
        every(Duration.ofMinutes(settings.keyPurgeIntervalMinutes), job("idempotency key purge", this::purgeExpiredIdempotencyKeys));
        LOG.info(() -> "order worker started: " + settings.concurrency + " at a time, polling every " + settings.pollIntervalMillis
                + " ms, lease " + settings.leaseSeconds + " s");
    }

    /** An order was placed on this instance: look at the outbox now rather than at the next poll. */
    void orderPlaced(@Observes OrderPlaced placed) {
        wakeUp();
    }

    private void wakeUp() {
        if (wakeUps != null && wakeUpPending.compareAndSet(false, true)) {
            wakeUps.execute(claiming);
        }
    }

    @PreDestroy
    void stop() {
        jobs.forEach(job -> job.cancel(false));
        if (workers != null) {
            wakeUps.shutdownNow();
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
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not hand back " + inFlight.size() + " orders; their leases will run out", e);
        }
    }

    private void every(Duration interval, Runnable job) {
        jobs.add(scheduler.scheduleWithFixedDelay(job, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** {@code work} once migrations are applied; a failure is logged (once a minute while it recurs), never thrown. */
    private Runnable job(String name, Runnable work) {
        ThrottledLog failures = new ThrottledLog(LOG);
        return () -> {
            try {
                if (migrations.isApplied()) {
                    work.run();
                }
            } catch (Throwable e) { // a scheduled task that throws is never run again
                failures.warning("order worker " + name + " failed (retrying at its next run)", e);
            }
        };
    }

    private synchronized void claimAndDispatch() {
        wakeUpPending.set(false);
        while (!workers.isShutdown()) {
            int free = settings.concurrency - inFlight.size();
            if (free <= 0) {
                return;
            }
            List<OutboxStore.Claim> claims = outbox.claim(free, settings.lease());
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
            outbox.retryLater(claim.orderId(), backoff(claim.attempts(), Duration.ofSeconds(settings.maxBackoffSeconds)), reason);
        } catch (RuntimeException e) {
            retryFailures.warning("could not reschedule order " + claim.orderId() + "; its lease will run out", e);
        }
    }

    /** 1 s, 2 s, 4 s, ... up to {@code max}. */
    static Duration backoff(int attempts, Duration max) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration delay = Duration.ofSeconds(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private void purgeExpiredIdempotencyKeys() {
        int purged = idempotencyKeys.purgeExpired(PURGE_BATCH);
        if (purged > 0) {
            LOG.fine(() -> "purged " + purged + " expired idempotency keys");
        }
    }
}
