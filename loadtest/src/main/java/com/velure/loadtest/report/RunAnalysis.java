package com.velure.loadtest.report;

import com.velure.loadtest.JourneyRecorder.RequestRecord;
import com.velure.loadtest.Step;
import com.velure.loadtest.Thresholds;
import com.velure.loadtest.sampling.DatabaseReading;
import com.velure.loadtest.sampling.PoolReading;
import com.velure.loadtest.sampling.Sample;

import com.velure.loadtest.LoadTestSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The figures of a finished run: per step, per journey, from the database and the pools, against the thresholds. */
public final class RunAnalysis {

    /** The machine minus the run's own processes: neighbours, the OS, anything not ours. */
    static final String EVERYTHING_ELSE = "everything else (machine minus the above)";
    /** The process groups whose CPU is counted per journey: the three services, their replicas together. */
    static final List<String> SERVICES = List.of("auth", "catalog", "order");

    /** One step's requests. */
    public record StepFigures(Step step, int requests, int failed, int statusOk, int bodyOk, Percentiles times) {
        public double failurePercent() {
            return requests == 0 ? 0 : 100.0 * failed / requests;
        }
    }

    /** One threshold, its actual value and whether it held. */
    public record ThresholdResult(String metric, String target, String actual, boolean passed) {
    }

    /** One kind of failure: where, what status, what message. */
    public record ErrorKind(String step, int status, String message) {
    }

    /**
     * One whole minute of the run: users active at its end, completed journeys per second, and the
     * mean cores of the three services and of the whole machine.
     */
    public record MinuteCpu(int minute, int users, double journeysPerSecond, double serviceCores, double machineCores) {

        /** The services' CPU per completed journey, NaN in a minute that completed none. */
        public double serviceMillisPerJourney() {
            return journeysPerSecond > 0 ? 1000 * serviceCores / journeysPerSecond : Double.NaN;
        }
    }

    /**
     * A stretch in which the load test's once-a-second sampler did not run: neither the load
     * generator nor, as a rule, anything else on the machine did. On a VM that is the host pausing
     * the guest (a snapshot: the kernel logs "crng reseeded due to virtual machine fork" when it
     * resumes), which no code of ours can answer for.
     */
    public record Stall(long fromMillis, long toMillis) {
        public long millis() {
            return toMillis - fromMillis;
        }
    }

    /**
     * Sampler beats further apart than this are a stall. In 39 runs on the 2-core VM (2026-12-04
     * and 05) the beats were at most 1.3 s apart, JFR on included; in the two others gaps of 2.8 to
     * 11.1 s came while the host snapshotted the VM (loadtest/reports/overload/stalls.md).
     */
    static final long STALL_MILLIS = 2_000;

    /**
     * A late beat alone is no stall: each beat does work of its own (every service's /metrics,
     * PostgreSQL's activity), which a saturated machine can delay past {@link #STALL_MILLIS} while
     * it goes on serving. At 1 350 users on 2026-12-07 one run had 34 such gaps of 2.0–3.6 s in
     * which requests completed at a median of 890 a quarter second and never paused for 0.4 s, and
     * the kernel logged no "virtual machine fork" after that day's boot. When the machine stands
     * still nothing completes either, so a gap is a stall only if the requests went silent inside
     * it for at least this long.
     */
    static final long STALL_SILENCE_MILLIS = 1_000;

    /** One service's pool over the run. */
    public record PoolFigures(String service, String pool, double maxSize, double maxWaitMillis, double peakInUse,
                              double peakWaiting, double timeouts) {
    }

    public final RunData data;
    public final Map<Step, StepFigures> steps = new EnumMap<>(Step.class);
    public final Percentiles allRequests;
    public final Percentiles journeyWall;
    public final double durationSeconds;
    public final List<ThresholdResult> thresholds = new ArrayList<>();
    public final Map<ErrorKind, Long> errors;
    public final Map<String, PoolFigures> pools = new LinkedHashMap<>();
    /** Most client connections PostgreSQL itself showed at once (-1 when not sampled), and per application. */
    public final int peakDatabaseConnections;
    public final int peakActiveDatabaseConnections;
    public final Map<String, Integer> peakByApplication = new TreeMap<>();
    public final double peakPoolWaiters;
    /** Process group → {mean, peak} cores while users were active. */
    public final Map<String, double[]> cpu = new LinkedHashMap<>();
    /**
     * The services' CPU per journey minute by minute. The JVMs compile what they run most during
     * their first minutes under load: at 100 users that was half the services' CPU in minutes 1-3
     * and nothing by minute 9 (issue 15, loadtest/reports/cpu-reduced/long-100), so a short run's
     * mean measures the compiler as much as the code. Compare late minutes of a steady load.
     */
    public final List<MinuteCpu> cpuByMinute = new ArrayList<>();
    /** Most connections PostgreSQL showed at once per login role, and of all service roles together (-1 when not sampled). */
    public final Map<String, Integer> peakByRole = new TreeMap<>();
    public final int peakServiceConnections;
    /** The machine's 1-minute load average while users were active: {mean, peak} (NaN when unknown). */
    public final double[] loadAverage;
    /** Where the sampler stood still while users were active, in time order. */
    public final List<Stall> stalls = new ArrayList<>();
    /** Process group → {at the first sample (booted and warmed up), peak} resident memory in bytes; "total" sums the groups. */
    public final Map<String, long[]> memory = new LinkedHashMap<>();

    /** Key of {@link #memory} for all of the stack's processes together. */
    public static final String ALL_PROCESSES = "the whole stack (services, console, launcher, PostgreSQL, PgBouncer)";

    public RunAnalysis(RunData data) {
        this.data = data;
        durationSeconds = Math.max(1, (data.endMillis() - data.startMillis()) / 1000.0);
        Map<Step, List<RequestRecord>> byStep = data.requests().stream().collect(Collectors.groupingBy(RequestRecord::step));
        for (Step step : Step.values()) {
            List<RequestRecord> records = byStep.getOrDefault(step, List.of());
            steps.put(step, new StepFigures(step, records.size(), (int) records.stream().filter(r -> !r.ok()).count(),
                    (int) records.stream().filter(RequestRecord::statusOk).count(),
                    (int) records.stream().filter(r -> r.statusOk() && r.bodyOk()).count(),
                    new Percentiles(records.stream().mapToLong(RequestRecord::elapsedMillis).toArray())));
        }
        allRequests = new Percentiles(data.requests().stream().mapToLong(RequestRecord::elapsedMillis).toArray());
        journeyWall = new Percentiles(data.journeys().stream().mapToLong(j -> j.wallMillis()).toArray());
        errors = data.requests().stream().filter(r -> !r.ok())
                .collect(Collectors.groupingBy(r -> new ErrorKind(r.step().requestName, r.status(), r.failure()), Collectors.counting()))
                .entrySet().stream().sorted(Map.Entry.<ErrorKind, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));

        int peakDb = -1;
        int peakServices = -1;
        int peakActive = -1;
        double peakWaiters = 0;
        for (Sample sample : data.samples()) {
            DatabaseReading db = sample.database();
            if (db != null) {
                peakDb = Math.max(peakDb, db.total());
                peakActive = Math.max(peakActive, db.active());
                db.byApplication().forEach((app, n) -> peakByApplication.merge(app, n, Math::max));
                db.byRole().forEach((role, n) -> peakByRole.merge(role, n, Math::max));
                peakServices = Math.max(peakServices, db.services());
            }
            peakWaiters = Math.max(peakWaiters, sample.poolWaiters());
            sample.pools().forEach((service, pool) -> pools.merge(service, figures(service, pool),
                    (a, b) -> new PoolFigures(service, a.pool(), a.maxSize(), a.maxWaitMillis(), Math.max(a.peakInUse(), b.peakInUse()),
                            Math.max(a.peakWaiting(), b.peakWaiting()), a.timeouts())));
        }
        peakDatabaseConnections = peakDb;
        peakServiceConnections = peakServices;
        peakActiveDatabaseConnections = peakActive;
        peakPoolWaiters = peakWaiters;
        // Timeouts: the counter's rise from the baseline to the last sample.
        for (Map.Entry<String, PoolFigures> entry : new ArrayList<>(pools.entrySet())) {
            String service = entry.getKey();
            double first = timeoutCounter(data.baseline(), service);
            if (Double.isNaN(first)) {
                first = data.samples().stream().map(s -> s.pools().get(service)).filter(p -> p != null)
                        .mapToDouble(PoolReading::waitTimeoutsTotal).findFirst().orElse(Double.NaN);
            }
            double last = data.samples().stream().map(s -> s.pools().get(service)).filter(p -> p != null)
                    .mapToDouble(PoolReading::waitTimeoutsTotal).reduce((a, b) -> b).orElse(Double.NaN);
            PoolFigures p = entry.getValue();
            pools.put(service, new PoolFigures(service, p.pool(), p.maxSize(), p.maxWaitMillis(), p.peakInUse(), p.peakWaiting(), last - first));
        }
        Map<String, List<Double>> cores = new LinkedHashMap<>();
        for (Sample sample : data.samples()) {
            if (sample.activeUsers() > 0) {
                sample.cpuCores().forEach((group, c) -> cores.computeIfAbsent(group, k -> new ArrayList<>()).add(c));
                Double machine = sample.cpuCores().get(Sample.MACHINE_CPU);
                if (machine != null && sample.cpuCores().size() > 1) {
                    double ours = sample.cpuCores().entrySet().stream().filter(e -> !e.getKey().equals(Sample.MACHINE_CPU))
                            .mapToDouble(Map.Entry::getValue).sum();
                    cores.computeIfAbsent(EVERYTHING_ELSE, k -> new ArrayList<>()).add(Math.max(0, machine - ours));
                }
            }
        }
        loadAverage = new double[]{
                data.samples().stream().filter(x -> x.activeUsers() > 0).mapToDouble(Sample::loadAverage).filter(v -> v >= 0).average().orElse(Double.NaN),
                data.samples().stream().filter(x -> x.activeUsers() > 0).mapToDouble(Sample::loadAverage).filter(v -> v >= 0).max().orElse(Double.NaN)};
        for (Sample sample : data.samples()) {
            Map<String, Long> groups = new LinkedHashMap<>(sample.memoryBytes());
            groups.keySet().removeIf(group -> group.equals(Sample.LOAD_GENERATOR));
            if (!groups.isEmpty()) {
                groups.put(ALL_PROCESSES, groups.values().stream().mapToLong(Long::longValue).sum());
            }
            groups.forEach((group, bytes) -> memory.merge(group, new long[]{bytes, bytes}, (a, b) -> new long[]{a[0], Math.max(a[1], b[1])}));
        }
        cores.forEach((group, values) -> cpu.put(group, new double[]{
                values.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(0)}));
        cpuByMinute();
        stalls();
        evaluate(data.settings().thresholds());
    }

    private void cpuByMinute() {
        for (long from = data.startMillis(); from < data.endMillis(); from += 60_000) {
            long start = from;
            long end = Math.min(from + 60_000, data.endMillis());
            List<Sample> in = data.samples().stream().filter(s -> s.epochMillis() >= start && s.epochMillis() < end
                    && SERVICES.stream().anyMatch(s.cpuCores()::containsKey)).toList();
            if (in.isEmpty() || end - start < 10_000) {
                continue;
            }
            long journeys = data.journeys().stream().filter(j -> j.endMillis() >= start && j.endMillis() < end).count();
            double services = in.stream().mapToDouble(s -> SERVICES.stream().mapToDouble(g -> s.cpuCores().getOrDefault(g, 0.0)).sum())
                    .average().orElseThrow();
            double machine = in.stream().map(s -> s.cpuCores().get(Sample.MACHINE_CPU)).filter(c -> c != null)
                    .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            cpuByMinute.add(new MinuteCpu((int) ((start - data.startMillis()) / 60_000), in.get(in.size() - 1).activeUsers(),
                    journeys * 1000.0 / (end - start), services, machine));
        }
    }

    private void stalls() {
        long[] ends = data.requests().stream().mapToLong(RequestRecord::endMillis).sorted().toArray();
        long previous = -1;
        for (Sample sample : data.samples().stream().sorted(Comparator.comparingLong(Sample::epochMillis)).toList()) {
            long at = sample.epochMillis();
            if (previous >= 0 && at - previous > STALL_MILLIS && at > data.startMillis() && previous < data.endMillis()
                    && longestSilence(ends, previous, at) >= STALL_SILENCE_MILLIS) {
                stalls.add(new Stall(previous, at));
            }
            previous = at;
        }
    }

    /** The longest time between {@code from} and {@code to} in which no request completed. */
    static long longestSilence(long[] sortedEnds, long from, long to) {
        int i = Arrays.binarySearch(sortedEnds, from);
        i = i < 0 ? -i - 1 : i;
        long last = from;
        long longest = 0;
        for (; i < sortedEnds.length && sortedEnds[i] < to; i++) {
            longest = Math.max(longest, sortedEnds[i] - last);
            last = sortedEnds[i];
        }
        return Math.max(longest, to - last);
    }

    /** The whole minutes of the run (0 = the first) that overlap a stall. */
    public SortedSet<Integer> stalledMinutes() {
        SortedSet<Integer> minutes = new TreeSet<>();
        for (Stall stall : stalls) {
            long first = Math.max(0, stall.fromMillis() - data.startMillis()) / 60_000;
            long last = Math.max(0, stall.toMillis() - 1 - data.startMillis()) / 60_000;
            for (long m = first; m <= last; m++) {
                minutes.add((int) m);
            }
        }
        return minutes;
    }

    private static PoolFigures figures(String service, PoolReading p) {
        return new PoolFigures(service, p.pool(), p.maxSize(), p.maxWaitMillis(), p.inUse(), p.waiting(), 0);
    }

    private static double timeoutCounter(Sample sample, String service) {
        if (sample == null || sample.pools().get(service) == null) {
            return Double.NaN;
        }
        return sample.pools().get(service).waitTimeoutsTotal();
    }

    private void evaluate(Thresholds limits) {
        for (StepFigures step : steps.values()) {
            long p95 = step.times().at(95);
            thresholds.add(new ThresholdResult("p95 request time, " + step.step().requestName, "< " + limits.requestP95Ms() + " ms",
                    step.requests() == 0 ? "no requests" : p95 + " ms", step.requests() > 0 && p95 < limits.requestP95Ms()));
        }
        long journeyP95 = journeyWall.at(95);
        thresholds.add(new ThresholdResult("p95 journey wall-clock (first request → order response, pauses included)",
                "< " + limits.journeyP95Ms() + " ms", journeyWall.count() == 0 ? "no complete journey" : journeyP95 + " ms",
                journeyWall.count() > 0 && journeyP95 < limits.journeyP95Ms()));
        for (StepFigures step : steps.values()) {
            thresholds.add(new ThresholdResult("failed requests, " + step.step().requestName, "< " + limits.failurePercent() + " %",
                    String.format(java.util.Locale.ROOT, "%.2f %% (%d/%d)", step.failurePercent(), step.failed(), step.requests()),
                    step.requests() > 0 && step.failurePercent() < limits.failurePercent()));
        }
    }

    /** When the p95 of the last 30 s of served requests first reached the request threshold, and how many users were active then. */
    public record Crossing(double minute, int activeUsers, double targetUsers, long p95Millis) {
    }

    /** Long enough that a single slow second (a GC pause, a JIT compile) is not taken for the knee. */
    static final int CROSSING_WINDOW_SECONDS = 30;

    /**
     * The knee: the first crossing of the request threshold by the 30-second p95 of the requests
     * that were served, or null if it never happened. Not of all requests: past the cores' limit
     * the ingress refuses the excess within 100 ms, and on the ramp to 1 000 users (issue 15,
     * 2026-12-07) those refusals, 60-90 % of the requests, held the p95 of all under 1 s to the
     * end while the served requests' crossed it at 406 users.
     */
    public Crossing thresholdCrossing() {
        long limit = data.settings().thresholds().requestP95Ms();
        List<RequestRecord> served = data.requests().stream().filter(RequestRecord::ok).toList();
        for (Map.Entry<Long, Long> point : Chart.p95PerSecond(served, data.startMillis(), CROSSING_WINDOW_SECONDS).entrySet()) {
            if (point.getKey() >= CROSSING_WINDOW_SECONDS / 2 && point.getValue() >= limit) {
                long at = data.startMillis() + point.getKey() * 1000;
                int users = data.samples().stream().filter(s -> s.epochMillis() <= at).reduce((a, b) -> b).map(Sample::activeUsers).orElse(0);
                return new Crossing(point.getKey() / 60.0, users, data.settings().profile().targetUsersAt(point.getKey()), point.getValue());
            }
        }
        return null;
    }

    public boolean passed() {
        return thresholds.stream().allMatch(ThresholdResult::passed);
    }

    public long tooManyConnectionsLines() {
        return data.tooManyConnectionLogs().values().stream().mapToLong(v -> Math.max(0, v.lines())).sum();
    }

    /** Requests the services answered 503 because PostgreSQL refused a connection (53300), from their logs. */
    public long tooManyConnectionsResponses() {
        return data.tooManyConnectionLogs().values().stream().mapToLong(v -> Math.max(0, v.failedRequests())).sum();
    }

    /** The 53300s of the run from the services' logs: when, with how many users, and what the clients got then. */
    public record TooManyConnectionsEpisode(long firstMillis, long lastMillis, int usersAtFirst, Map<ErrorKind, Long> clientsSaw) {
    }

    /** Null when the logs show no 53300 with a time (or were not read). */
    public TooManyConnectionsEpisode tooManyConnectionsEpisode() {
        long first = data.tooManyConnectionLogs().values().stream().mapToLong(ServiceLogs.TooManyConnections::firstMillis)
                .filter(t -> t >= 0).min().orElse(-1);
        if (first < 0) {
            return null;
        }
        long last = data.tooManyConnectionLogs().values().stream().mapToLong(ServiceLogs.TooManyConnections::lastMillis).max().orElse(first);
        int users = data.samples().stream().filter(s -> s.epochMillis() <= first).reduce((a, b) -> b).map(Sample::activeUsers).orElse(0);
        // What the clients got back while PostgreSQL refused connections (a second of slack either side for the log's clock).
        Map<ErrorKind, Long> saw = data.requests().stream()
                .filter(r -> !r.ok() && r.endMillis() >= first - 1000 && r.endMillis() <= last + 1000)
                .collect(Collectors.groupingBy(r -> new ErrorKind(r.step().requestName, r.status(), r.failure()), LinkedHashMap::new, Collectors.counting()));
        return new TooManyConnectionsEpisode(first, last, users, saw);
    }

    /**
     * The most connections the service roles may hold at once, and why: PgBouncer's cap on server
     * connections when it runs (server-config/pgbouncer/pgbouncer.ini), otherwise the pools' maxima
     * as the services themselves published them, summed over every instance.
     */
    public record ConnectionBudget(int connections, String derivation) {
    }

    public ConnectionBudget connectionBudget() {
        if (data.settings().stack().map(LoadTestSettings.StackLaunch::pgBouncer).orElse(false)) {
            Path ini = data.settings().stack().get().root().resolve("server-config/pgbouncer/pgbouncer.ini");
            try {
                Matcher m = Pattern.compile("(?m)^\\s*max_db_connections\\s*=\\s*(\\d+)").matcher(Files.readString(ini));
                if (m.find()) {
                    return new ConnectionBudget(Integer.parseInt(m.group(1)), "PgBouncer's `max_db_connections` (server-config/pgbouncer/pgbouncer.ini)");
                }
            } catch (IOException e) {
                // fall back to the pools, which bound it too
            }
        }
        double sum = pools.values().stream().mapToDouble(PoolFigures::maxSize).filter(v -> !Double.isNaN(v)).sum();
        if (pools.isEmpty() || sum <= 0) {
            return null;
        }
        return new ConnectionBudget((int) sum, "Σ of the " + pools.size() + " instances' pool maxima (their `db_pool_connections_max`)");
    }

    public int failedRequests() {
        return steps.values().stream().mapToInt(StepFigures::failed).sum();
    }

    public double journeysPerSecond() {
        return data.journeys().size() / durationSeconds;
    }

    /**
     * Completed journeys per second while the profile held its most users, leaving out the hold's
     * first 30 s (journeys started on the ramp end there): the figure an overload goal is judged
     * by. NaN when the profile never holds its peak for a minute.
     */
    public double journeysPerSecondAtPeak() {
        double[] hold = peakHold();
        if (hold == null) {
            return Double.NaN;
        }
        long from = data.startMillis() + (long) (hold[0] * 1000);
        long to = data.startMillis() + (long) (hold[1] * 1000);
        return data.journeys().stream().filter(j -> j.endMillis() >= from && j.endMillis() < to).count() / (hold[1] - hold[0]);
    }

    /** Seconds into the run [from, to) of the peak hold after its first 30 s, or null when it is shorter than a minute. */
    double[] peakHold() {
        var profile = data.settings().profile();
        int peak = profile.peakUsers();
        int first = -1;
        int last = -1;
        for (int second = 0; second <= profile.totalSeconds(); second++) {
            if (profile.targetUsersAt(second) >= peak) {
                first = first < 0 ? second : first;
                last = second;
            }
        }
        return first < 0 || last - first < 60 ? null : new double[] {first + 30, last};
    }

    /** The refusals' times ({@link RequestRecord#refused}). */
    public Percentiles refusals() {
        return new Percentiles(data.requests().stream()
                .filter(RequestRecord::refused)
                .mapToLong(RequestRecord::elapsedMillis).toArray());
    }

    /** Share of the refusals answered within {@code millis}, in percent (NaN when there were none). */
    public double refusedWithinPercent(long millis) {
        return refusedWithinPercent(millis, false);
    }

    /**
     * The same, leaving out the refusals that started in a minute with a {@link Stall} when
     * {@code outsideStalls}: a paused machine delays every request in flight and releases the
     * users' pauses together, so those minutes measure the host, not the queue.
     */
    public double refusedWithinPercent(long millis, boolean outsideStalls) {
        Set<Integer> skipped = outsideStalls ? stalledMinutes() : Set.of();
        long[] refused = data.requests().stream()
                .filter(RequestRecord::refused)
                .filter(r -> !skipped.contains((int) (Math.max(0, r.endMillis() - r.elapsedMillis() - data.startMillis()) / 60_000)))
                .mapToLong(RequestRecord::elapsedMillis).toArray();
        return refused.length == 0 ? Double.NaN : 100.0 * java.util.Arrays.stream(refused).filter(t -> t <= millis).count() / refused.length;
    }

    /** The requests that succeeded. */
    public Percentiles served() {
        return new Percentiles(data.requests().stream().filter(RequestRecord::ok).mapToLong(RequestRecord::elapsedMillis).toArray());
    }

    public double requestsPerSecond() {
        return data.requests().size() / durationSeconds;
    }

    /** Most completions within any 10-second window, per second. */
    public double peakPerSecond(List<Long> endMillis) {
        Map<Long, Long> perWindow = endMillis.stream().collect(Collectors.groupingBy(t -> t / 10_000, Collectors.counting()));
        return perWindow.values().stream().mapToLong(Long::longValue).max().orElse(0) / 10.0;
    }
}
