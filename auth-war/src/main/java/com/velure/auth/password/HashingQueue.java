package com.velure.auth.password;

import com.velure.platform.error.Overloaded;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The one door every password hash goes through: at most {@link HashingSettings#concurrency()}
 * hashes run at once, the rest wait their turn, sign-ins before sign-ups and first come first
 * served within each.
 *
 * <p>A request is admitted only if the wait it can expect (the hashes ahead of it, times the
 * time one hash holds its slot, over the slots, corrected by how late the queued requests of its
 * priority turned out) fits its priority's maximum wait. Otherwise it is
 * refused with {@link Overloaded} (503, Retry-After)
 * without spending a hash, after a short pause ({@link HashingSettings#refusalPause}) that keeps
 * clients which retry at once from spending the CPU on refusals. Deciding on arrival keeps a
 * refusal fast and the queue short enough that what it admits is served in time; the long waits
 * let a saturated service keep its clients waiting their turn rather than retrying. The former fixed-width bulkhead with a 300 ms retry refused work while hashes were still
 * affordable, and each refusal restarted a visit whose sign-up hash had already been paid for: a
 * retry storm that completed a quarter of what the CPUs could do (issue 15).
 *
 * <p>Callers must not hold a database connection while they are here.
 */
@ApplicationScoped
public class HashingQueue {

    /** In order of precedence. */
    public enum Priority { SIGN_IN, SIGN_UP }

    /** Weight of the newest hash in the running average: adapts within a few dozen hashes. */
    private static final double SMOOTHING = 0.1;
    private static final long FREE = Long.MIN_VALUE;
    /** Caps how many times longer sign-ins may make a sign-up's expected wait (here ten). */
    private static final double MAX_SIGN_IN_LOAD = 0.9;
    /** More than any client population here; keeps {@link #room} finite before the first hash has finished. */
    private static final int MAX_ROOM = 1000;
    /**
     * How long admitted requests waited for their slot, by priority: what the estimate promised,
     * as it turned out. A request served at once counts with no wait.
     */
    private static final Metadata WAIT = Metadata.builder()
            .withName("auth_hashing_wait")
            .withDescription("Time admitted requests waited for a hashing slot, by priority")
            .withUnit(MetricUnits.NANOSECONDS) // what Timer records; the exporter converts to seconds
            .build();
    /**
     * An admitted request is given up (503) only after this many times its priority's maximum
     * wait (25 s by default): not a limit on the estimate's errors, which are served, but on
     * request threads held by a queue that no longer moves.
     */
    private static final int ABANDON_AFTER_MAX_WAITS = 10;
    /** Memory of the sign-in rate: about the pause between a visitor's sign-up and sign-in. */
    private static final double SIGN_IN_RATE_NANOS = 1e9;
    /**
     * Bounds one waiter's say in {@link #lateness}: a thread descheduled for a second after a
     * 20 ms estimate is one sample, not a reason to refuse everything for the next dozen.
     */
    private static final double MAX_LATENESS_SAMPLE = 4;
    /**
     * Below this share of a slot's time on the clock spent computing the hash, the hashes are
     * waiting for the CPU more than using it: the wait in this queue is then the cores' wait, not
     * the hashes'. Production hashes (25–41 ms of CPU) held their slot 34–135 ms at 150 users on
     * two full cores and 27–155 ms at 60 (0.23–0.95 in 15-s readings, the lowest while the JVMs compiled);
     * reduced ones (0.7 ms) 9–29 ms past the knee of the reduced-hashing ramp (0.02–0.07), and
     * about 1 ms before it: issue 15, loadtest/README.md, "The limit that leaves auth's queue its wait".
     */
    private static final double HASHING_BOUND_CPU_SHARE = 0.2;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /**
     * What the request on this thread has waited for slots so far, while waits are reported
     * ({@link AdmissionRoom}, which takes it as the answer leaves).
     */
    private static final ThreadLocal<Long> WAITED_HERE = new ThreadLocal<>();

    @Inject
    @ConfigProperties
    HashingSettings settings;

    @Inject
    MetricRegistry metrics;

    private final Map<Priority, ArrayDeque<Waiter>> waiting = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> refused = new EnumMap<>(Priority.class);
    private final Map<Priority, Timer> waited = new EnumMap<>(Priority.class);
    private Map<Priority, Long> maxWaitNanos;
    private boolean reportWaits;
    private long refusalPauseNanos;
    /** When the hash in each slot started, or {@link #FREE}. */
    private long[] startedAt;
    private double averageNanos;
    /** The CPU time of recent hashes, averaged as {@link #averageNanos}; 0 where threads' CPU time cannot be read. */
    private double averageCpuNanos;
    /**
     * Sign-ins given a slot per nanosecond lately, decaying over {@link #SIGN_IN_RATE_NANOS} since
     * {@link #signInRateAt}. Each sign-in passes every waiting sign-up, so a sign-up's turn comes
     * later than the requests ahead of it say, by the share of slot time sign-ins take.
     */
    private double signInRate;
    private long signInRateAt = System.nanoTime();
    /**
     * How much longer than estimated the requests of each priority that had to queue actually
     * waited, averaged as {@link #averageNanos}; every estimate is multiplied by it. With the
     * estimate alone, sign-ups admitted under a 2.5 s maximum waited 2.8-5.5 s at the median and
     * 4.2-6.8 s at the p95 through the first minutes at 150 users with production hashing, when
     * the hold of a hash swung from 40 to 320 ms and the queue admitted in the dips (issue 15,
     * loadtest/README.md, "Correcting the wait estimate by its error").
     */
    private final Map<Priority, Double> lateness = new EnumMap<>(Priority.class);

    /** For CDI. */
    HashingQueue() {
    }

    /** Without metrics, for unit tests. */
    HashingQueue(int width, Duration signInMaxWait, Duration signUpMaxWait, Duration refusalPause) {
        configure(width, signInMaxWait, signUpMaxWait, refusalPause);
    }

    @PostConstruct
    void configure() {
        configure(settings.concurrency(), settings.maxWait(Priority.SIGN_IN), settings.maxWait(Priority.SIGN_UP),
                settings.refusalPause);
        reportWaits = settings.admissionHeader;
        for (Priority priority : Priority.values()) {
            Tag tag = new Tag("priority", priority.name().toLowerCase(Locale.ROOT));
            refused.put(priority, metrics.counter("auth_hashing_refused_total", tag));
            waited.put(priority, metrics.timer(WAIT, tag));
            metrics.gauge("auth_hashing_waiting", () -> waiting(priority), tag);
            metrics.gauge("auth_hashing_lateness", () -> lateness(priority), tag);
        }
        metrics.gauge("auth_hashing_running", this::running);
        metrics.gauge("auth_hashing_seconds_average", () -> averageNanos() / 1e9);
        metrics.gauge("auth_hashing_cpu_seconds_average", () -> averageCpuNanos() / 1e9);
    }

    private void configure(int width, Duration signInMaxWait, Duration signUpMaxWait, Duration refusalPause) {
        refusalPauseNanos = refusalPause.toNanos();
        startedAt = new long[width];
        Arrays.fill(startedAt, FREE);
        maxWaitNanos = Map.of(Priority.SIGN_IN, signInMaxWait.toNanos(), Priority.SIGN_UP, signUpMaxWait.toNanos());
        for (Priority priority : Priority.values()) {
            waiting.put(priority, new ArrayDeque<>());
            lateness.put(priority, 1.0);
        }
    }

    public int width() {
        return startedAt.length;
    }

    /** Runs the hash when its turn comes, or throws {@link Overloaded} at once if that would be too late. */
    public <T> T run(Priority priority, Supplier<T> hash) {
        int slot = admit(priority);
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        try {
            return hash.get();
        } finally {
            release(slot, THREADS.getCurrentThreadCpuTime() - cpuBefore);
        }
    }

    /**
     * Throws what {@link #run} would throw on arrival when it would refuse the request now (after
     * the same pause), so that a caller can refuse before it has read the request: a refusal is
     * what an overloaded auth answers most, and every millisecond of CPU it costs is taken from
     * the hashes (issue 15).
     */
    public void refuseIfSaturated(Priority priority) {
        Overloaded refused;
        synchronized (this) {
            int ahead = ahead(priority);
            if (freeSlot() >= 0 && ahead == 0) {
                return;
            }
            refused = refusalOnArrival(priority, ahead);
        }
        if (refused != null) {
            pause(refusalPauseNanos);
            throw refused;
        }
    }

    /**
     * How many requests of this priority arriving now, one after another, would be admitted: the
     * free slots, then the places in the queue whose expected wait fits the priority's maximum.
     * Auth tells the ingress ({@link AdmissionRoom}) so that it can let exactly that many through
     * a route it is answering itself, instead of keeping the route shut until a probe comes back.
     */
    public synchronized int room(Priority priority) {
        double wait = expectedWait(priority, 0);
        long places = wait <= 0 ? MAX_ROOM : (long) Math.floor(maxWaitNanos.get(priority) / wait);
        int free = (int) Arrays.stream(startedAt).filter(started -> started == FREE).count();
        return (int) Math.min(MAX_ROOM, free + Math.max(0, places - ahead(priority)));
    }

    private int admit(Priority priority) {
        Waiter waiter;
        long maxWait = maxWaitNanos.get(priority);
        Overloaded refused = null;
        synchronized (this) {
            int ahead = ahead(priority);
            int free = freeSlot();
            if (free >= 0 && ahead == 0) {
                startedAt[free] = System.nanoTime();
                granted(priority);
                waited(priority, 0);
                return free;
            }
            refused = refusalOnArrival(priority, ahead);
            if (refused == null) {
                waiter = new Waiter(estimatedWait(priority, ahead));
                waiting.get(priority).addLast(waiter);
            } else {
                waiter = null;
            }
        }
        if (waiter == null) {
            pause(refusalPauseNanos);
            throw refused;
        }
        // The estimate said it fits; sign-ins arriving later, or a CPU shared with other work, may still
        // make it longer. It is served all the same: a 503 after seconds in the queue wastes the wait
        // the client already spent, and is the slow refusal issue 15 forbids (a cold stack's first
        // minute at 150 users dropped 27-100 sign-ups a run after 5 s, which would have been served
        // within about 6 s). Only a wait many times the maximum, when hashing itself has stalled, is given up.
        waiter.await(ABANDON_AFTER_MAX_WAITS * maxWait);
        synchronized (this) {
            if (waiter.slot >= 0) {
                long waitedNanos = waiter.handedOverAt - waiter.queuedAt;
                waited(priority, waitedNanos);
                learnLateness(priority, waiter.estimatedNanos, waitedNanos);
                return waiter.slot; // handed over by release(), also if that raced the time-out
            }
            learnLateness(priority, waiter.estimatedNanos, System.nanoTime() - waiter.queuedAt);
            waiting.get(priority).remove(waiter);
            throw refuse(priority, expectedWait(priority, 0));
        }
    }

    /** The refusal (counted) when the expected wait exceeds the priority's maximum, else null. Under the lock. */
    private Overloaded refusalOnArrival(Priority priority, int ahead) {
        double expected = expectedWait(priority, ahead);
        return expected <= maxWaitNanos.get(priority) ? null : refuse(priority, expected);
    }

    private synchronized void release(int slot, long cpuNanos) {
        long now = System.nanoTime();
        long heldNanos = now - startedAt[slot];
        averageCpuNanos = averageNanos == 0 ? cpuNanos : averageCpuNanos + SMOOTHING * (cpuNanos - averageCpuNanos);
        averageNanos = averageNanos == 0 ? heldNanos : averageNanos + SMOOTHING * (heldNanos - averageNanos);
        for (Priority priority : Priority.values()) {
            Waiter next = waiting.get(priority).pollFirst();
            if (next != null) {
                startedAt[slot] = now;
                granted(priority);
                next.handOver(slot);
                return;
            }
        }
        startedAt[slot] = FREE;
    }

    /**
     * Until the (ahead + 1)-th slot hand-over: that many hashes, shared by the slots, each holding
     * its slot as long as recent hashes did on the clock (hand-over to release), which is what a
     * waiting client experiences. Not CPU time: on cores shared with the other services a 32 ms
     * hash held its slot more than twice that, and a CPU estimate admitted sign-ups that waited
     * 5 s and were dropped (issue 15, native hashing at 150 users). Clock time once made the queue
     * refuse ever more while each refusal cost auth 2-3 ms; the ingress now answers a refused
     * route itself and auth refuses before reading the request. A sign-up also waits for the
     * sign-ins that arrive meanwhile (at saturation one follows every completed sign-up), so its
     * estimate is divided by the share of slot time left to sign-ups. Not the age of the oldest
     * running hash, which one descheduled thread made spike (3 % of sign-ups refused in issue
     * 10's fleet run). Before the first hash has finished the estimate is 0: the request is
     * admitted, and its maximum wait still bounds it.
     *
     * <p>The sign-ins' load is their rate over the last second times a hash's hold, per slot: the
     * slot time they will take from the sign-up while it waits. Not their share of the last
     * slots given out, which rose towards one whenever sign-ups were being refused (only sign-ins
     * got slots then), so one refusal could make the next sign-ups look ten times as late and
     * refuse them too (issue 15). Three 60-user runs with this estimate and four without it
     * differed by less than the runs of each did: it is kept for being right, not for a gain.
     */
    private double expectedWait(Priority priority, int ahead) {
        return estimatedWait(priority, ahead) * lateness.get(priority);
    }

    /** Under the lock: the estimate before {@link #lateness} corrects it, which is what the correction learns from. */
    private double estimatedWait(Priority priority, int ahead) {
        double turns = (ahead + 1) * averageNanos / startedAt.length;
        if (priority == Priority.SIGN_IN) {
            return turns;
        }
        double signInLoad = signInRate(System.nanoTime()) * averageNanos / startedAt.length;
        return turns / (1 - Math.min(signInLoad, MAX_SIGN_IN_LOAD));
    }

    /**
     * Under the lock. The estimate misses what it cannot see: threads of the other services taking
     * the cores between hashes, sign-ins that arrive faster than the last second's rate. Learning
     * the ratio from the waits themselves, as CoDel learns from sojourn times, corrects for all
     * of it without naming it, and unlearns it when it goes away.
     */
    private void learnLateness(Priority priority, double estimatedNanos, long waitedNanos) {
        if (estimatedNanos <= 0) {
            return; // admitted before any hash had finished: nothing was estimated
        }
        double sample = Math.min(MAX_LATENESS_SAMPLE, Math.max(1 / MAX_LATENESS_SAMPLE, waitedNanos / estimatedNanos));
        lateness.merge(priority, sample, (before, now) -> before + SMOOTHING * (now - before));
    }

    synchronized double lateness(Priority priority) {
        return lateness.get(priority);
    }

    /**
     * Whether recent hashes spent a good share of their slot's time computing
     * ({@link #HASHING_BOUND_CPU_SHARE}): then a wait here is a wait for hashing, which this
     * queue bounds; otherwise for the cores, which the hashes share with everything else.
     */
    public synchronized boolean hashingBound() {
        return averageNanos == 0 || averageCpuNanos <= 0 || averageCpuNanos >= HASHING_BOUND_CPU_SHARE * averageNanos;
    }

    /**
     * What the current request waited for hashing slots, if it went through the queue and waits
     * are reported; cleared, so that the thread's next request starts from nothing.
     */
    public OptionalLong takeWaitOfThisRequest() {
        Long nanos = WAITED_HERE.get();
        if (nanos == null) {
            return OptionalLong.empty();
        }
        WAITED_HERE.remove();
        return OptionalLong.of(nanos);
    }

    /** On the waiting request's own thread. */
    private void waited(Priority priority, long nanos) {
        if (reportWaits) {
            Long before = WAITED_HERE.get();
            WAITED_HERE.set(before == null ? nanos : before + nanos);
        }
        Timer timer = waited.get(priority);
        if (timer != null) {
            timer.update(Duration.ofNanos(nanos));
        }
    }

    /** Under the lock. */
    private void granted(Priority priority) {
        if (priority == Priority.SIGN_IN) {
            signInRate = signInRate(System.nanoTime()) + 1 / SIGN_IN_RATE_NANOS;
        }
    }

    /** Under the lock: the sign-in rate decayed to {@code now}. */
    private double signInRate(long now) {
        signInRate *= Math.exp(-(now - signInRateAt) / SIGN_IN_RATE_NANOS);
        signInRateAt = now;
        return signInRate;
    }

    private static void pause(long nanos) {
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** Waiting requests that go before one of this priority. */
    private int ahead(Priority priority) {
        int ahead = 0;
        for (Priority before : Priority.values()) {
            ahead += waiting.get(before).size();
            if (before == priority) {
                break;
            }
        }
        return ahead;
    }

    private int freeSlot() {
        for (int slot = 0; slot < startedAt.length; slot++) {
            if (startedAt[slot] == FREE) {
                return slot;
            }
        }
        return -1;
    }

    private Overloaded refuse(Priority priority, double expectedNanos) {
        Counter counter = refused.get(priority);
        if (counter != null) {
            counter.inc();
        }
        return new Overloaded("password hashing is saturated", (int) Math.ceil(expectedNanos / 1e9));
    }

    synchronized int waiting(Priority priority) {
        return waiting.get(priority).size();
    }

    synchronized int running() {
        return (int) Arrays.stream(startedAt).filter(started -> started != FREE).count();
    }

    synchronized double averageNanos() {
        return averageNanos;
    }

    synchronized double averageCpuNanos() {
        return averageCpuNanos;
    }

    /** A request waiting for a slot; release() hands one over. */
    private static final class Waiter {
        private final CountDownLatch handedOver = new CountDownLatch(1);
        private final long queuedAt = System.nanoTime();
        private final double estimatedNanos;
        private volatile long handedOverAt;
        private volatile int slot = -1;

        Waiter(double estimatedNanos) {
            this.estimatedNanos = estimatedNanos;
        }

        void handOver(int slot) {
            handedOverAt = System.nanoTime();
            this.slot = slot;
            handedOver.countDown();
        }

        void await(long nanos) {
            try {
                handedOver.await(nanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
