package com.velure.loadtest.sampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the machine's CPU goes while the test runs, in cores: the load generator (this JVM), each
 * service's Payara Micro, the launcher with its ingress, PostgreSQL (server and backends), and the
 * whole machine from /proc/stat; and the memory each group holds. Processes are found by the local
 * stack's home directory in their command lines, so neighbours' stacks on the same machine are not
 * counted as ours; a service's replicas count as one group, the server console is one too. Linux only; elsewhere only the load
 * generator is measured.
 */
final class CpuMeter {

    static final String LOAD_GENERATOR = Sample.LOAD_GENERATOR;
    static final String LAUNCHER = "launcher + ingress";
    static final String POSTGRES = "postgres";
    static final String PGBOUNCER = "pgbouncer";
    private static final Pattern SERVICE_ROOT = Pattern.compile("/payara/(auth|catalog|order|console)(-\\d+)? ");
    static final String MACHINE = Sample.MACHINE_CPU;

    private static final Duration REDISCOVER_EVERY = Duration.ofSeconds(10);

    private final Optional<Path> stackHome;
    private final Map<Long, Long> previousCpuNanos = new HashMap<>();
    private Map<String, List<ProcessHandle>> groups = Map.of();
    private long discoveredAt;
    private long[] previousMachine;
    private long previousAt;

    CpuMeter(Optional<Path> stackHome) {
        this.stackHome = stackHome.map(p -> p.toAbsolutePath().normalize());
    }

    /** Cores used per process group since the previous call (empty on the first call). */
    Map<String, Double> sample() {
        long now = System.nanoTime();
        if (now - discoveredAt > REDISCOVER_EVERY.toNanos()) {
            groups = discover();
            discoveredAt = now;
        }
        Map<String, Double> cores = new LinkedHashMap<>();
        double seconds = previousAt == 0 ? 0 : (now - previousAt) / 1e9;
        for (Map.Entry<String, List<ProcessHandle>> group : groups.entrySet()) {
            List<ProcessHandle> processes = new ArrayList<>(group.getValue());
            if (group.getKey().equals(POSTGRES)) {
                processes.addAll(group.getValue().stream().flatMap(ProcessHandle::descendants).toList());
            }
            long used = 0;
            for (ProcessHandle process : processes) {
                long cpu = process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
                if (cpu < 0) {
                    continue;
                }
                Long before = previousCpuNanos.put(process.pid(), cpu);
                used += before == null ? 0 : cpu - before;
            }
            if (seconds > 0) {
                cores.put(group.getKey(), used / 1e9 / seconds);
            }
        }
        long[] machine = machineJiffies();
        if (machine != null && previousMachine != null) {
            double busy = machine[0] - previousMachine[0];
            double total = machine[1] - previousMachine[1];
            if (total > 0) {
                cores.put(MACHINE, busy / total * Runtime.getRuntime().availableProcessors());
            }
        }
        previousMachine = machine;
        previousAt = now;
        return cores;
    }

    private Map<String, List<ProcessHandle>> discover() {
        Map<String, List<ProcessHandle>> found = new LinkedHashMap<>();
        found.put(LOAD_GENERATOR, List.of(ProcessHandle.current()));
        if (stackHome.isEmpty()) {
            return found;
        }
        String home = stackHome.get().toString();
        List<ProcessHandle> launchers = new ArrayList<>();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.forEach(process -> {
                String command = process.info().commandLine().orElse("");
                Matcher service = SERVICE_ROOT.matcher(command);
                if (command.contains("payara-micro") && command.contains(home + "/payara/") && service.find()) {
                    found.computeIfAbsent(service.group(1), k -> new ArrayList<>()).add(process);
                    process.parent().filter(p -> launchers.stream().noneMatch(l -> l.pid() == p.pid())).ifPresent(launchers::add);
                }
                if (command.contains(home + "/pgbouncer/")) {
                    found.computeIfAbsent(PGBOUNCER, k -> new ArrayList<>()).add(process);
                }
                if (command.contains(home + "/pgdata") && process.info().command().orElse("").endsWith("postgres")) {
                    found.computeIfAbsent(POSTGRES, k -> new ArrayList<>()).add(process);
                }
            });
        }
        if (!launchers.isEmpty()) {
            found.put(LAUNCHER, launchers);
        }
        return found;
    }

    /**
     * Memory per process group now, in bytes: the proportional set size (PSS, shared pages split
     * between the processes sharing them), so PostgreSQL's shared buffers count once over its
     * backends; for a JVM it is its resident set. Call after {@link #sample()}, which finds the groups.
     */
    Map<String, Long> memory() {
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (Map.Entry<String, List<ProcessHandle>> group : groups.entrySet()) {
            List<ProcessHandle> processes = new ArrayList<>(group.getValue());
            if (group.getKey().equals(POSTGRES)) {
                processes.addAll(group.getValue().stream().flatMap(ProcessHandle::descendants).toList());
            }
            long sum = processes.stream().mapToLong(CpuMeter::proportionalSetSize).filter(v -> v >= 0).sum();
            if (sum > 0) {
                bytes.put(group.getKey(), sum);
            }
        }
        return bytes;
    }

    /** Pss of /proc/PID/smaps_rollup in bytes, or -1 when it cannot be read (gone, not Linux). */
    private static long proportionalSetSize(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between discovery and now
        }
        return -1;
    }

    /** The 1-minute load average of the machine (every process's, neighbours' too), NaN when unknown. */
    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** busy and total jiffies of all CPUs, or null when /proc/stat is not there. */
    private static long[] machineJiffies() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = first.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i == 4 || i == 5) { // idle, iowait
                    idle += value;
                }
            }
            return new long[]{total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
