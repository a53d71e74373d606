package com.velure.loadtest.report;

import com.velure.loadtest.LoadTestSettings;
import com.velure.loadtest.report.RunAnalysis.ErrorKind;
import com.velure.loadtest.report.RunAnalysis.PoolFigures;
import com.velure.loadtest.report.RunAnalysis.StepFigures;
import com.velure.loadtest.report.RunAnalysis.ThresholdResult;
import com.velure.loadtest.sampling.DatabaseReading;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The run's summary in the spirit of the original load-test report: thresholds, checks, throughput,
 * percentiles per step, what PostgreSQL and the pools did, errors, and the machine and
 * configuration the figures belong to. Also writes summary.properties, the figures the side-by-side
 * comparison reads.
 */
public final class MarkdownReport {

    public static final String REPORT = "report.md";
    public static final String CHART = "chart.png";
    public static final String SUMMARY = "summary.properties";

    private MarkdownReport() {
    }

    /** Writes report.md, chart.png and summary.properties into the run directory; returns report.md. */
    public static Path write(RunAnalysis run) throws IOException {
        Path directory = run.data.settings().runDirectory();
        Files.createDirectories(directory);
        Chart.write(run, directory.resolve(CHART));
        Path report = directory.resolve(REPORT);
        try (Writer out = Files.newBufferedWriter(report)) {
            out.write(markdown(run));
        }
        writeSummary(run, directory.resolve(SUMMARY));
        return report;
    }

    static String markdown(RunAnalysis run) {
        RunData data = run.data;
        LoadTestSettings settings = data.settings();
        StringBuilder md = new StringBuilder();
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(Instant.ofEpochMilli(data.startMillis()).atZone(ZoneOffset.UTC));
        md.append("# Load test: ").append(settings.profile().name()).append(" profile, ").append(settings.configuration()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "date", date);
        row(md, "profile", settings.profile().name() + " (" + settings.profile().describe() + "; peak " + settings.profile().peakUsers() + " users)");
        row(md, "duration", String.format(Locale.ROOT, "%.1f min", run.durationSeconds / 60));
        row(md, "base URL", "`" + settings.baseUrl() + "`" + (settings.stack().isPresent() ? " (local stack started for this run)" : ""));
        row(md, "configuration", settings.configuration());
        row(md, "replicas", replicas(settings));
        row(md, "PgBouncer", settings.stack().map(s -> s.pgBouncer() ? "yes: transaction pooling between the services and PostgreSQL (server-config/pgbouncer/pgbouncer.ini)"
                : "no: the pools connect to PostgreSQL directly").orElse("as deployed"));
        if (data.stackBootTime() != null) {
            row(md, "stack boot", data.stackBootTime().toSeconds() + " s from the launcher's start to every instance ready and the ingress answering");
        }
        row(md, "warm-up", settings.warmupJourneys() == 0 ? "none" : settings.warmupJourneys() + " journeys one after another before the load, not counted");
        row(md, "password hashing", settings.hashing() + (data.outcomes() == null || data.outcomes().hashParameters().isEmpty() ? ""
                : "; the run's users' hashes say Argon2id " + hashes(data.outcomes())));
        row(md, "verdict", run.passed() ? "**PASSED**: every threshold met" : "**FAILED**: at least one threshold missed");
        md.append('\n');
        if (!run.stalls.isEmpty()) {
            md.append("**The machine stood still during this run:** the load test's once-a-second sampler did not run for ")
                    .append(stalls(run)).append(". Nothing on the machine ran then, as a rule (on a VM: the host pausing it, ")
                    .append("e.g. for a snapshot; the kernel then logs \"crng reseeded due to virtual machine fork\"); requests in flight ")
                    .append("waited it out and the users' pauses ended together. Read minute ")
                    .append(run.stalledMinutes().stream().map(m -> String.valueOf(m + 1)).collect(Collectors.joining(", ")))
                    .append(" as the host's, not the stack's.\n\n");
        }
        md.append("![the run over time: users, p95, PostgreSQL connections, pool waiters](").append(CHART).append(")\n\n");

        md.append("## Thresholds\n\n| metric | target | actual | status |\n|---|---|---|---|\n");
        for (ThresholdResult t : run.thresholds) {
            md.append("| ").append(t.metric()).append(" | ").append(t.target()).append(" | ").append(t.actual()).append(" | ")
                    .append(t.passed() ? "✅ passed" : "❌ FAILED").append(" |\n");
        }
        RunAnalysis.Crossing crossing = run.thresholdCrossing();
        md.append(crossing == null
                ? String.format(Locale.ROOT, "%nThe p95 of any 30 s of served requests stayed below %d ms for the whole run.%n", settings.thresholds().requestP95Ms())
                : String.format(Locale.ROOT, "%nThe p95 of the last 30 s of served requests first reached %d ms (%d ms) after %.1f min, with %d users active (profile target %.0f).%n",
                        settings.thresholds().requestP95Ms(), crossing.p95Millis(), crossing.minute(), crossing.activeUsers(), crossing.targetUsers()));
        md.append("\nThe request thresholds are also Gatling assertions (see Gatling's report); the journey's wall-clock time is ")
                .append("measured by the simulation itself, since Gatling's group times leave the pauses out.\n\n");

        md.append("## Checks\n\n| check | success rate |\n|---|---|\n");
        for (StepFigures s : run.steps.values()) {
            checkRow(md, s.step().requestName + " status " + s.step().expectedStatus, s.statusOk(), s.requests());
            checkRow(md, s.step().requestName + " returns " + s.step().expectedBody, s.bodyOk(), s.requests());
        }
        int checks = run.steps.values().stream().mapToInt(s -> 2 * s.requests()).sum();
        int passed = run.steps.values().stream().mapToInt(s -> s.statusOk() + s.bodyOk()).sum();
        md.append(String.format(Locale.ROOT, "\nOverall: %s of checks passed (%d of %d). Journeys started: %d, completed: %d.%n%n",
                percent(passed, checks), passed, checks, data.startedJourneys(), data.journeys().size()));

        md.append("## Throughput\n\n| | mean | peak (10 s window) |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| requests/s | %.1f | %.1f |%n", run.requestsPerSecond(),
                run.peakPerSecond(data.requests().stream().map(r -> r.endMillis()).toList())));
        md.append(String.format(Locale.ROOT, "| completed journeys/s | %.1f | %.1f |%n%n", run.journeysPerSecond(),
                run.peakPerSecond(data.journeys().stream().map(j -> j.endMillis()).toList())));

        Percentiles served = run.served();
        Percentiles refused = run.refusals();
        md.append("## Served and refused\n\nWhat an overloaded service owes its clients: admitted requests stay fast, "
                + "and what it cannot serve is refused at once (503 with Retry-After), not after a wait.\n\n"
                + "| | count | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| served (no failure) | %d | %d | %d | %d | %d |%n", served.count(),
                served.at(50), served.at(95), served.at(99), served.max()));
        md.append(String.format(Locale.ROOT, "| refused: 503 with Retry-After | %d | %d | %d | %d | %d |%n", refused.count(),
                refused.at(50), refused.at(95), refused.at(99), refused.max()));
        md.append(String.format(Locale.ROOT, "| other failures | %d | | | | |%n%n", run.failedRequests() - refused.count()));
        if (refused.count() > 0) {
            md.append(String.format(Locale.ROOT, "Refusals answered within 100 ms: %.1f %%", run.refusedWithinPercent(100)));
            double outside = run.refusedWithinPercent(100, true);
            md.append(run.stalls.isEmpty() ? "" : Double.isNaN(outside) ? " (none outside the minutes with a stall)"
                    : String.format(Locale.ROOT, " (%.1f %% outside the minutes with a stall)", outside));
            md.append(".\n\n");
        }
        double atPeak = run.journeysPerSecondAtPeak();
        if (!Double.isNaN(atPeak)) {
            double[] hold = run.peakHold();
            md.append(String.format(Locale.ROOT, "Completed journeys/s while %d users were held (%.0f s to %.0f s into the run): **%.2f**.%n%n",
                    data.settings().profile().peakUsers(), hold[0], hold[1], atPeak));
        }

        md.append("## Response times (ms)\n\n| request | count | failed | mean | p50 | p95 | p99 | max |\n|---|---|---|---|---|---|---|---|\n");
        for (StepFigures s : run.steps.values()) {
            timesRow(md, s.step().requestName + " (`" + s.step().request + "`)", s.requests(), s.failed(), s.times());
        }
        timesRow(md, "all requests", run.allRequests.count(), run.failedRequests(), run.allRequests);
        timesRow(md, "journey wall-clock (pauses of 4 s included)", run.journeyWall.count(), -1, run.journeyWall);
        md.append('\n');

        md.append("## Database and pools\n\n");
        if (run.peakDatabaseConnections >= 0) {
            md.append(String.format(Locale.ROOT, "Sampled %d times, every %.1f s on average (the sampler asks for every second; an overloaded machine "
                    + "answers later), from PostgreSQL's own `pg_stat_activity` (client backends), not from the services' counters.%n%n",
                    data.samples().size(), run.durationSeconds / Math.max(1, data.samples().size())));
            md.append("| | peak |\n|---|---|\n");
            row(md, "client connections, total (sampler's own included)", String.valueOf(run.peakDatabaseConnections));
            row(md, "connections running a statement", String.valueOf(run.peakActiveDatabaseConnections));
            for (Map.Entry<String, Integer> app : run.peakByApplication.entrySet()) {
                row(md, "application `" + app.getKey() + "`", String.valueOf(app.getValue()));
            }
            for (Map.Entry<String, Integer> role : run.peakByRole.entrySet()) {
                row(md, "role `" + role.getKey() + "`" + (role.getKey().equals(DatabaseReading.SUPERUSER) ? " (sampler, launcher)" : ""),
                        String.valueOf(role.getValue()));
            }
            row(md, "**service roles together**", "**" + run.peakServiceConnections + "**");
            data.samples().stream().map(x -> x.database()).filter(d -> d != null).findFirst().ifPresent(d ->
                    row(md, "PostgreSQL's limit", "`max_connections` " + d.maxConnections() + ", of which " + d.reserved()
                            + " reserved for superusers: " + (d.maxConnections() - d.reserved()) + " for the service roles"));
            md.append('\n');
            RunAnalysis.ConnectionBudget budget = run.connectionBudget();
            if (budget != null) {
                md.append(String.format(Locale.ROOT, "Connection budget of the service roles: %d, %s. Peak: %d, %s.%n%n", budget.connections(),
                        budget.derivation(), run.peakServiceConnections, run.peakServiceConnections <= budget.connections()
                                ? "never above it" : "**above it**"));
            }
            if (settings.stack().map(LoadTestSettings.StackLaunch::pgBouncer).orElse(false)) {
                md.append("Behind PgBouncer a server connection shows the `application_name` of the client that used it last; the roles are exact.\n\n");
            }
        } else {
            md.append("PostgreSQL was not sampled (no `loadtest.db.url`).\n\n");
        }
        if (!run.pools.isEmpty()) {
            md.append("Each instance's own pool, from its `/metrics`:\n\n");
            md.append("| instance | pool | max size | max wait | peak in use | peak waiting | wait timeouts (503) |\n|---|---|---|---|---|---|---|\n");
            for (PoolFigures p : new java.util.TreeMap<>(run.pools).values()) {
                md.append("| ").append(p.service()).append(" | `").append(p.pool()).append("` | ").append(num(p.maxSize())).append(" | ")
                        .append(num(p.maxWaitMillis())).append(" ms | ").append(num(p.peakInUse())).append(" | ").append(num(p.peakWaiting()))
                        .append(" | ").append(num(p.timeouts())).append(" |\n");
            }
            md.append(String.format(Locale.ROOT, "%nPeak requests waiting for a connection, all services at once: %s.%n%n", num(run.peakPoolWaiters)));
        } else {
            md.append("The pools were not sampled (no `/metrics` URLs).\n\n");
        }
        if (!data.tooManyConnectionLogs().isEmpty()) {
            md.append("PostgreSQL refusing connections (SQLSTATE `53300`, \"too many clients\" / \"remaining connection slots are reserved\"), ")
                    .append("from the services' logs: ").append(run.tooManyConnectionsResponses()).append(" requests answered 503 because of it, ")
                    .append(run.tooManyConnectionsLines()).append(" log lines mentioning it (");
            data.tooManyConnectionLogs().forEach((log, n) -> md.append(log).append(": ").append(n.failedRequests()).append(" requests, ")
                    .append(n.lines()).append(" lines; "));
            md.setLength(md.length() - 2);
            md.append(").\n\n");
            RunAnalysis.TooManyConnectionsEpisode episode = run.tooManyConnectionsEpisode();
            if (episode != null) {
                md.append(String.format(Locale.ROOT, "**53300 first at %s** (%.1f min into the run) with **%d users** active, last at %s (%.1f min). ",
                        TIME.format(Instant.ofEpochMilli(episode.firstMillis())), (episode.firstMillis() - data.startMillis()) / 60_000.0,
                        episode.usersAtFirst(), TIME.format(Instant.ofEpochMilli(episode.lastMillis())),
                        (episode.lastMillis() - data.startMillis()) / 60_000.0));
                if (episode.clientsSaw().isEmpty()) {
                    md.append("No client request failed in that time.\n\n");
                } else {
                    md.append("What the clients saw in that time:\n\n| request | status | message | count |\n|---|---|---|---|\n");
                    episode.clientsSaw().forEach((kind, n) -> md.append("| ").append(kind.step()).append(" | ").append(kind.status() == 0 ? "none" : kind.status())
                            .append(" | ").append(kind.message().replace("|", "\\|")).append(" | ").append(n).append(" |\n"));
                    md.append('\n');
                }
            }
        } else {
            md.append("`53300`: the services' logs were not read for this run (a deployment elsewhere); see its logs.\n\n");
        }
        if (data.outcomes() != null) {
            RunOutcomes orders = data.outcomes();
            md.append("## Orders after processing\n\nEvery order the run placed, once processing settled (reserve stock, authorize payment):\n\n");
            if (orders.byStatus().isEmpty()) {
                md.append(orders.note() == null ? "No orders.\n\n" : orders.note() + "\n\n");
            } else {
                md.append("| status | orders |\n|---|---|\n");
                orders.byStatus().forEach((status, n) -> md.append("| ").append(status.replace("|", "\\|")).append(" | ").append(n).append(" |\n"));
                md.append('\n');
                if (orders.note() != null) {
                    md.append(orders.note()).append(".\n\n");
                }
            }
            if (orders.lowestStock() >= 0) {
                md.append("Lowest stock of any product after the run: ").append(orders.lowestStock())
                        .append(" units (an order can fail for want of stock only where this reaches 0).\n\n");
            }
        }

        md.append("## Errors\n\n");
        if (run.errors.isEmpty()) {
            md.append("None.\n\n");
        } else {
            md.append("| request | status | message | count |\n|---|---|---|---|\n");
            for (Map.Entry<ErrorKind, Long> e : run.errors.entrySet()) {
                md.append("| ").append(e.getKey().step()).append(" | ").append(e.getKey().status() == 0 ? "none" : e.getKey().status())
                        .append(" | ").append(e.getKey().message().replace("|", "\\|")).append(" | ").append(e.getValue()).append(" |\n");
            }
            md.append('\n');
        }

        md.append("## Machine and CPU\n\n| | |\n|---|---|\n");
        Machine m = data.machine();
        row(md, "cores", String.valueOf(m.cores()));
        row(md, "memory", m.memoryBytes() < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", m.memoryBytes() / 1024.0 / 1024 / 1024));
        row(md, "CPU", m.cpuModel());
        row(md, "OS, Java", m.os() + ", " + m.javaVersion());
        row(md, "load average at start", String.format(Locale.ROOT, "%.2f", m.loadAverage()));
        row(md, "load average while users were active (1 min, all processes, neighbours' too)",
                String.format(Locale.ROOT, "mean %.2f, peak %.2f", run.loadAverage[0], run.loadAverage[1]));
        row(md, "other Payara Micro JVMs at start", m.otherJvms().isEmpty() ? "none (the machine was ours)"
                : m.otherJvms().size() + ": **figures are noisy** (" + String.join("; ", m.otherJvms()) + ")");
        md.append('\n');
        if (!run.cpu.isEmpty()) {
            md.append("CPU used while users were active, in cores (of ").append(m.cores()).append("):\n\n| process | mean | peak |\n|---|---|---|\n");
            run.cpu.forEach((group, v) -> md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", group, v[0], v[1])));
            md.append('\n');
        }
        if (!run.cpuByMinute.isEmpty()) {
            md.append("The three services' CPU per completed journey, minute by minute. The JVMs spend their first minutes under load ")
                    .append("compiling the code they run most, so a short run's mean is mostly the compiler: compare the late minutes of a steady load.\n\n")
                    .append("| minute | users | completed journeys/s | auth + catalog + order, cores | ms of CPU per journey | machine, cores |\n|---|---|---|---|---|---|\n");
            for (RunAnalysis.MinuteCpu minute : run.cpuByMinute) {
                double ms = minute.serviceMillisPerJourney();
                md.append(String.format(Locale.ROOT, "| %d%s | %d | %.1f | %.2f | %s | %s |%n", minute.minute() + 1,
                        run.stalledMinutes().contains(minute.minute()) ? " (machine stalled)" : "", minute.users(),
                        minute.journeysPerSecond(), minute.serviceCores(), Double.isNaN(ms) ? "–" : String.format(Locale.ROOT, "%.1f", ms),
                        Double.isNaN(minute.machineCores()) ? "–" : String.format(Locale.ROOT, "%.2f", minute.machineCores())));
            }
            md.append('\n');
        }

        if (!run.memory.isEmpty()) {
            md.append("Memory of the stack's processes (PSS: shared pages split between the processes sharing them; a JVM's is its resident set):\n\n")
                    .append("| process | at the start of the load (booted, warmed up) | peak |\n|---|---|---|\n");
            run.memory.forEach((group, v) -> md.append(String.format(Locale.ROOT, "| %s | %d MiB | %d MiB |%n", group, v[0] >> 20, v[1] >> 20)));
            md.append('\n');
        }

        md.append("## Files\n\n");
        if (data.gatlingReport() != null) {
            md.append("- Gatling's HTML report: [`").append(data.gatlingReport()).append("`](").append(data.gatlingReport()).append(")\n");
        }
        md.append("- every request: `requests.csv`; every completed journey: `journeys.csv`\n");
        md.append("- per second: `users.csv`, `pools.csv` (pool gauges per instance), `pg_activity.csv` (PostgreSQL connections, total and per application), `pg_roles.csv` (per role), `cpu.csv`, `machine.csv` (load average, memory per process group)\n");
        if (!data.samplerFailures().isEmpty()) {
            md.append("\nSampling gaps (what could not be read, and how often): ").append(data.samplerFailures()).append('\n');
        }
        return md.toString();
    }

    /** "11.1 s at 1 min 33 s into the run (04:28:19 UTC)", for each stall. */
    private static String stalls(RunAnalysis run) {
        return run.stalls.stream().map(stall -> {
            long into = Math.max(0, stall.fromMillis() - run.data.startMillis()) / 1000;
            return String.format(Locale.ROOT, "%.1f s at %d min %d s into the run (%s)", stall.millis() / 1000.0, into / 60, into % 60,
                    TIME.format(Instant.ofEpochMilli(stall.fromMillis())));
        }).collect(Collectors.joining("; "));
    }

    private static void writeSummary(RunAnalysis run, Path file) throws IOException {
        Properties p = new Properties();
        RunData data = run.data;
        p.setProperty("profile", data.settings().profile().name());
        p.setProperty("configuration", data.settings().configuration());
        p.setProperty("hashing", data.settings().hashing());
        p.setProperty("verdict", run.passed() ? "PASSED" : "FAILED");
        p.setProperty("failedThresholds", String.join("; ", run.thresholds.stream().filter(t -> !t.passed())
                .map(t -> t.metric() + " = " + t.actual()).toList()));
        p.setProperty("requests", String.valueOf(data.requests().size()));
        p.setProperty("failedRequests", String.valueOf(run.failedRequests()));
        p.setProperty("failedPercent", String.format(Locale.ROOT, "%.2f", 100.0 * run.failedRequests() / Math.max(1, data.requests().size())));
        p.setProperty("requestP95Ms", String.valueOf(run.allRequests.at(95)));
        p.setProperty("requestP99Ms", String.valueOf(run.allRequests.at(99)));
        for (StepFigures s : run.steps.values()) {
            p.setProperty("p95Ms." + s.step().requestName, String.valueOf(s.times().at(95)));
        }
        p.setProperty("journeyP95Ms", String.valueOf(run.journeyWall.at(95)));
        RunAnalysis.Crossing crossing = run.thresholdCrossing();
        p.setProperty("p95CrossedThresholdAt", crossing == null ? "never"
                : String.format(Locale.ROOT, "%.1f min, %d users active", crossing.minute(), crossing.activeUsers()));
        p.setProperty("journeysStarted", String.valueOf(data.startedJourneys()));
        p.setProperty("journeysCompleted", String.valueOf(data.journeys().size()));
        p.setProperty("journeysPerSecond", String.format(Locale.ROOT, "%.1f", run.journeysPerSecond()));
        p.setProperty("journeysPerSecondAtPeak", String.format(Locale.ROOT, "%.2f", run.journeysPerSecondAtPeak()));
        p.setProperty("servedP95Ms", String.valueOf(run.served().at(95)));
        p.setProperty("refused", String.valueOf(run.refusals().count()));
        p.setProperty("refusedP95Ms", String.valueOf(run.refusals().at(95)));
        p.setProperty("refusedWithin100MsPercent", String.format(Locale.ROOT, "%.1f", run.refusedWithinPercent(100)));
        p.setProperty("refusedWithin100MsPercentOutsideStalls", String.format(Locale.ROOT, "%.1f", run.refusedWithinPercent(100, true)));
        p.setProperty("stalls", run.stalls.isEmpty() ? "none" : stalls(run));
        p.setProperty("peakDatabaseConnections", String.valueOf(run.peakDatabaseConnections));
        p.setProperty("peakPoolWaiters", num(run.peakPoolWaiters));
        p.setProperty("poolTimeouts", num(run.pools.values().stream().mapToDouble(PoolFigures::timeouts).filter(v -> !Double.isNaN(v)).sum()));
        p.setProperty("tooManyConnectionsLogLines", String.valueOf(run.tooManyConnectionsLines()));
        p.setProperty("tooManyConnectionsResponses", String.valueOf(run.tooManyConnectionsResponses()));
        p.setProperty("errorsByStatus", run.errors.entrySet().stream()
                .collect(java.util.stream.Collectors.groupingBy(e -> e.getKey().status(), java.util.TreeMap::new,
                        java.util.stream.Collectors.summingLong(Map.Entry::getValue))).toString());
        if (data.outcomes() != null) {
            p.setProperty("orders", data.outcomes().byStatus().toString());
            p.setProperty("lowestStock", String.valueOf(data.outcomes().lowestStock()));
            p.setProperty("hashParameters", hashes(data.outcomes()));
        }
        p.setProperty("otherJvmsAtStart", String.valueOf(data.machine().otherJvms().size()));
        p.setProperty("replicas", replicas(data.settings()));
        p.setProperty("pgbouncer", data.settings().stack().map(s -> s.pgBouncer() ? "yes" : "no").orElse("as deployed"));
        p.setProperty("peakServiceConnections", String.valueOf(run.peakServiceConnections));
        p.setProperty("peakByRole", run.peakByRole.toString());
        RunAnalysis.ConnectionBudget budget = run.connectionBudget();
        p.setProperty("connectionBudget", budget == null ? "n/a" : budget.connections() + " (" + budget.derivation() + ")");
        p.setProperty("withinBudget", budget == null ? "n/a" : run.peakServiceConnections <= budget.connections() ? "yes" : "NO");
        RunAnalysis.TooManyConnectionsEpisode episode = run.tooManyConnectionsEpisode();
        p.setProperty("tooManyConnectionsFirst", episode == null ? "never" : String.format(Locale.ROOT, "%s (%.1f min), %d users active",
                TIME.format(Instant.ofEpochMilli(episode.firstMillis())), (episode.firstMillis() - data.startMillis()) / 60_000.0, episode.usersAtFirst()));
        p.setProperty("tooManyConnectionsClientsSaw", episode == null ? "n/a" : String.join("; ", episode.clientsSaw().entrySet().stream()
                .map(e -> e.getValue() + " × " + e.getKey().step() + " " + e.getKey().status() + " \"" + e.getKey().message() + "\"").toList()));
        p.setProperty("loadAverage", String.format(Locale.ROOT, "mean %.2f, peak %.2f (start %.2f)", run.loadAverage[0], run.loadAverage[1],
                data.machine().loadAverage()));
        p.setProperty("stackBootSeconds", data.stackBootTime() == null ? "n/a" : String.valueOf(data.stackBootTime().toSeconds()));
        long[] total = run.memory.get(RunAnalysis.ALL_PROCESSES);
        p.setProperty("stackMemoryMiB", total == null ? "n/a" : (total[0] >> 20) + " at start, " + (total[1] >> 20) + " peak");
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "figures of one load-test run, read by the side-by-side comparison");
        }
    }

    /** "m=1024,t=1,p=1 (40 users)", several when the run's users were hashed differently. */
    private static String hashes(RunOutcomes outcomes) {
        return String.join("; ", outcomes.hashParameters().entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + " users)").toList());
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** "auth 3, catalog 2, order 2" for a stack the run started; "as deployed" otherwise. */
    private static String replicas(LoadTestSettings settings) {
        return settings.stack().map(s -> String.join(", ", s.replicas().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList())).orElse("as deployed");
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    private static void checkRow(StringBuilder md, String check, int ok, int total) {
        md.append("| ").append(check).append(" | ").append(percent(ok, total)).append(" (").append(ok).append('/').append(total).append(") |\n");
    }

    private static void timesRow(StringBuilder md, String name, int count, int failed, Percentiles p) {
        if (count == 0) {
            md.append("| ").append(name).append(" | 0 | | | | | | |\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.0f | %d | %d | %d | %d |%n", name, count, failed < 0 ? "" : String.valueOf(failed),
                p.mean(), p.at(50), p.at(95), p.at(99), p.max()));
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f %%", 100.0 * part / whole);
    }

    static String num(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
