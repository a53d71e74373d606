package com.velure.loadtest.sampling;

import com.velure.loadtest.Csv;
import com.velure.loadtest.JourneyRecorder;
import com.velure.loadtest.LoadTestSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Once a second while the test runs: active users, each service's pool gauges from its /metrics,
 * PostgreSQL's pg_stat_activity counts and the CPU split. Appends every sample to CSV files in the
 * run directory as it goes (pools.csv, pg_activity.csv, cpu.csv, users.csv), so a run that dies
 * still leaves its data, and keeps them for the report.
 */
public final class Sampler implements AutoCloseable {

    private static final Duration METRICS_TIMEOUT = Duration.ofMillis(900);

    private final JourneyRecorder recorder;
    private final Map<String, String> metricsUrls;
    private final DatabaseActivity database;
    private final CpuMeter cpu;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(METRICS_TIMEOUT).build();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "loadtest-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, Integer> failures = new LinkedHashMap<>();
    private final Writer poolsCsv;
    private final Writer databaseCsv;
    private final Writer cpuCsv;
    private final Writer usersCsv;
    private final Writer rolesCsv;
    private final Writer machineCsv;

    public Sampler(LoadTestSettings settings, JourneyRecorder recorder) {
        this.recorder = recorder;
        this.metricsUrls = settings.metricsUrls();
        this.database = settings.database().map(DatabaseActivity::new).orElse(null);
        this.cpu = new CpuMeter(settings.stackHome());
        Path directory = settings.runDirectory();
        try {
            Files.createDirectories(directory);
            poolsCsv = csv(directory.resolve("pools.csv"), "epoch_ms,service,pool,in_use,idle,waiting,wait_timeouts_total,max_size,max_wait_ms");
            databaseCsv = csv(directory.resolve("pg_activity.csv"), "epoch_ms,application_name,connections,active,waiting_on_lock");
            rolesCsv = csv(directory.resolve("pg_roles.csv"), "epoch_ms,role,connections");
            machineCsv = csv(directory.resolve("machine.csv"), "epoch_ms,load_average_1min,group,memory_bytes");
            cpuCsv = csv(directory.resolve("cpu.csv"), "epoch_ms,process,cores");
            usersCsv = csv(directory.resolve("users.csv"), "epoch_ms,active_users");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void start() {
        clock.scheduleAtFixedRate(this::sampleQuietly, 0, 1, TimeUnit.SECONDS);
    }

    /** A sample taken now, outside the schedule: the baseline before the run, or the last one after it. */
    public Sample sampleNow() {
        return sample();
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            failed("sampler", e);
        }
    }

    private synchronized Sample sample() {
        long now = System.currentTimeMillis();
        Map<String, PoolReading> pools = new LinkedHashMap<>();
        // All instances at once: one after another, seven replicas on a busy machine took several seconds.
        Map<String, java.util.concurrent.CompletableFuture<HttpResponse<String>>> responses = new LinkedHashMap<>();
        metricsUrls.forEach((service, url) -> responses.put(service, http.sendAsync(
                HttpRequest.newBuilder(URI.create(url)).timeout(METRICS_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString())));
        responses.forEach((service, future) -> {
            try {
                HttpResponse<String> response = future.get();
                PoolReading pool = response.statusCode() == 200 ? PoolReading.of(PrometheusText.parse(response.body())) : null;
                if (pool != null) {
                    pools.put(service, pool);
                } else {
                    failed(service + " /metrics answered " + response.statusCode() + " without db_pool gauges", null);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                failed(service + " /metrics", e.getCause() instanceof Exception cause ? cause : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        DatabaseReading db = null;
        if (database != null) {
            try {
                db = database.read();
            } catch (Exception e) {
                failed("pg_stat_activity", e);
            }
        }
        Sample sample = new Sample(now, recorder.activeUsers(), pools, db, cpu.sample(), CpuMeter.loadAverage(), cpu.memory());
        samples.add(sample);
        write(sample);
        return sample;
    }

    private void write(Sample sample) {
        try {
            long t = sample.epochMillis();
            usersCsv.write(t + "," + sample.activeUsers() + "\n");
            for (Map.Entry<String, PoolReading> entry : sample.pools().entrySet()) {
                PoolReading p = entry.getValue();
                poolsCsv.write(t + "," + entry.getKey() + "," + Csv.quote(p.pool()) + "," + n(p.inUse()) + "," + n(p.idle()) + ","
                        + n(p.waiting()) + "," + n(p.waitTimeoutsTotal()) + "," + n(p.maxSize()) + "," + n(p.maxWaitMillis()) + "\n");
            }
            if (sample.database() != null) {
                DatabaseReading d = sample.database();
                databaseCsv.write(t + ",(total)," + d.total() + "," + d.active() + "," + d.waitingOnLock() + "\n");
                for (Map.Entry<String, Integer> app : d.byApplication().entrySet()) {
                    databaseCsv.write(t + "," + Csv.quote(app.getKey()) + "," + app.getValue() + ",,\n");
                }
                for (Map.Entry<String, Integer> role : d.byRole().entrySet()) {
                    rolesCsv.write(t + "," + Csv.quote(role.getKey()) + "," + role.getValue() + "\n");
                }
            }
            String load = String.format(java.util.Locale.ROOT, "%.2f", sample.loadAverage());
            for (Map.Entry<String, Long> group : sample.memoryBytes().entrySet()) {
                machineCsv.write(t + "," + load + "," + Csv.quote(group.getKey()) + "," + group.getValue() + "\n");
            }
            for (Map.Entry<String, Double> process : sample.cpuCores().entrySet()) {
                cpuCsv.write(t + "," + Csv.quote(process.getKey()) + "," + String.format(java.util.Locale.ROOT, "%.3f", process.getValue()) + "\n");
            }
            for (Writer out : List.of(usersCsv, poolsCsv, databaseCsv, cpuCsv, rolesCsv, machineCsv)) {
                out.flush();
            }
        } catch (IOException e) {
            failed("writing samples", e);
        }
    }

    private synchronized void failed(String what, Exception e) {
        String key = what + (e == null ? "" : ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        if (failures.merge(key, 1, Integer::sum) == 1) {
            System.err.println("[loadtest sampler] " + key);
        }
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** What could not be sampled, and how often: the report lists it so a gap is never silent. */
    public synchronized Map<String, Integer> failures() {
        return Map.copyOf(failures);
    }

    @Override
    public void close() {
        clock.shutdown();
        try {
            clock.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (Writer out : List.of(usersCsv, poolsCsv, databaseCsv, cpuCsv, rolesCsv, machineCsv)) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the data already flushed is what we have
                }
            }
            if (database != null) {
                database.close();
            }
        }
    }

    private static Writer csv(Path file, String header) throws IOException {
        Writer out = Files.newBufferedWriter(file);
        out.write(header + "\n");
        return out;
    }

    private static String n(double value) {
        return Double.isNaN(value) ? "" : String.valueOf((long) value);
    }
}
