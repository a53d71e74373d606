package com.velure.auth.password;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

/**
 * Not a test: run by hand to measure what one Argon2id hash costs on this machine (auth-war/README.md).
 * Warms up, then reports CPU and wall time per hash on one thread, and hashes per second
 * with one thread per CPU.
 *
 * <pre>
 * mvn -q -pl auth-war -am -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp "auth-war/target/classes:auth-war/target/test-classes:$(cat auth-war/target/classpath.txt)" \
 *     com.velure.auth.password.HashCostBenchmark [memoryKib iterations parallelism [seconds]]
 * </pre>
 */
public final class HashCostBenchmark {

    public static void main(String[] args) throws InterruptedException {
        Argon2Cost cost = args.length >= 3
                ? new Argon2Cost(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]))
                : new Argon2Cost(19 * 1024, 2, 1); // OWASP's, as Argon2Settings defaults to
        double seconds = args.length >= 4 ? Double.parseDouble(args[3]) : 10;
        byte[] salt = "benchmark-salt16".getBytes(StandardCharsets.US_ASCII);
        byte[] password = "correct horse battery".getBytes(StandardCharsets.UTF_8);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        long warmupEnd = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warmupEnd) {
            Argon2.derive(cost, salt, password, 32);
        }

        int n = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long end = wallStart + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            Argon2.derive(cost, salt, password, 32);
            n++;
        }
        double cpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6 / n;
        double wallMs = (System.nanoTime() - wallStart) / 1e6 / n;
        System.out.printf("Argon2id %s, one thread: %d hashes, %.1f ms CPU and %.1f ms wall per hash%n", cost, n, cpuMs, wallMs);

        int cpus = Runtime.getRuntime().availableProcessors();
        long[] counts = new long[cpus];
        Thread[] workers = new Thread[cpus];
        long parallelEnd = System.nanoTime() + (long) (seconds * 1e9);
        long parallelStart = System.nanoTime();
        for (int i = 0; i < cpus; i++) {
            int slot = i;
            workers[i] = new Thread(() -> {
                while (System.nanoTime() < parallelEnd) {
                    Argon2.derive(cost, salt, password, 32);
                    counts[slot]++;
                }
            });
            workers[i].start();
        }
        long total = 0;
        for (int i = 0; i < cpus; i++) {
            workers[i].join();
            total += counts[i];
        }
        System.out.printf("Argon2id %s, %d threads: %.1f hashes/s%n", cost, cpus, total / ((System.nanoTime() - parallelStart) / 1e9));
    }
}
