package com.velure.loadtest.stack;

import com.velure.loadtest.LoadTestSettings.StackLaunch;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local stack (the launcher behind ./run-local.sh) started for one run and stopped after it:
 * fresh database, the ports and environment the run asks for, output in the run directory. A JVM
 * shutdown hook stops it too, so an aborted run leaves nothing behind.
 */
public final class LocalStackProcess implements AutoCloseable {

    /** The launcher's own wait (5 min, 2 more per instance beyond three) and a minute for PostgreSQL and PgBouncer. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration READY_TIMEOUT_PER_EXTRA_INSTANCE = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final Thread stopOnExit;
    private Duration bootTime;

    private LocalStackProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stopOnExit = new Thread(this::stop, "loadtest-stop-local-stack");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Tries to start the stack before giving up: see {@link #start}. */
    private static final int ATTEMPTS = 3;

    /**
     * Starts the launcher and returns once the ingress and every service answer. A stack that
     * exits while starting is started again (up to three times): its ports lie in Linux's ephemeral
     * range, where an outgoing connection of any process can hold one for a moment.
     */
    public static LocalStackProcess start(StackLaunch launch, Path log) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(launch, log);
            } catch (StackExited e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                System.out.println("[loadtest] " + e.getMessage() + "; starting it again");
            }
        }
    }

    /** The launcher ended by itself before the stack was ready. */
    private static final class StackExited extends IllegalStateException {
        StackExited(String message) {
            super(message);
        }
    }

    private static LocalStackProcess startOnce(StackLaunch launch, Path log) throws IOException, InterruptedException {
        Path jar = launch.root().resolve("local-stack/target/local-stack.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -DskipTests -pl local-stack -am package)");
        }
        Files.createDirectories(log.getParent());
        // As run-local.sh starts it: the launcher is the ingress, on the cores the services use.
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + launch.root().resolve("server-config/jvm.options"), "-jar", jar.toString(), "--fresh");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("VELURE_ROOT", launch.root().toString());
        builder.environment().put("VELURE_HOME", launch.home().toString());
        builder.environment().put("VELURE_PORT", String.valueOf(launch.ports().ingress()));
        builder.environment().put("AUTH_PORT", String.valueOf(launch.ports().auth()));
        builder.environment().put("CATALOG_PORT", String.valueOf(launch.ports().catalog()));
        builder.environment().put("ORDER_PORT", String.valueOf(launch.ports().order()));
        builder.environment().put("DB_PORT", String.valueOf(launch.ports().database()));
        builder.environment().remove("DB_HOST"); // always the embedded PostgreSQL: the run owns it
        builder.environment().put("VELURE_REPLICAS", launch.replicaSpec());
        builder.environment().put("VELURE_PGBOUNCER", String.valueOf(launch.pgBouncer()));
        builder.environment().putAll(launch.environment());
        System.out.println("[loadtest] starting the local stack (home " + launch.home() + ", log " + log + ")");
        LocalStackProcess stack = new LocalStackProcess(builder.start(), log);
        try {
            stack.awaitReady(launch);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void awaitReady(StackLaunch launch) throws IOException, InterruptedException {
        List<URI> probes = new ArrayList<>();
        for (int port : launch.instancePorts().values()) {
            probes.add(URI.create("http://localhost:" + port + "/health/ready"));
        }
        URI ingress = URI.create("http://localhost:" + launch.ports().ingress() + "/api/auth/status");
        Duration timeout = READY_TIMEOUT.plus(READY_TIMEOUT_PER_EXTRA_INSTANCE.multipliedBy(Math.max(0, probes.size() - 3)));
        Instant deadline = Instant.now().plus(timeout);
        Instant started = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new StackExited("the local stack exited with " + process.exitValue() + " (" + lastLine(log) + "); see " + log);
            }
            if (allReady(probes) && status(ingress) > 0) {
                bootTime = Duration.between(started, Instant.now());
                System.out.println("[loadtest] local stack ready in " + bootTime.toSeconds() + " s");
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the local stack was not ready after " + timeout.toMinutes() + " min; see " + log);
    }

    private static boolean allReady(List<URI> probes) {
        for (URI probe : probes) {
            if (status(probe) != 200) {
                return false;
            }
        }
        return true;
    }

    /**
     * The status {@code uri} answers, or -1 for none within the timeouts. A fresh connection with a
     * connect and a read timeout, not the JDK HttpClient, whose request timeout ends with the
     * response headers: a body that never came once held a probe for minutes (see local-stack's
     * ReadinessProbe).
     */
    private static int status(URI uri) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(5000);
            connection.setRequestProperty("Connection", "close");
            return connection.getResponseCode();
        } catch (IOException notYet) {
            return -1;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** The launcher's last words, e.g. "local stack failed to start: ... BindException". */
    private static String lastLine(Path log) {
        try {
            return Files.readAllLines(log).stream().filter(l -> l.contains("failed to start")).reduce((a, b) -> b).orElse("no reason given");
        } catch (IOException e) {
            return "no log";
        }
    }

    /** From the launcher's start to every instance ready and the ingress answering. */
    public Duration bootTime() {
        return bootTime;
    }

    /** SIGTERM to the launcher, which stops the ingress, the services and PostgreSQL in order. */
    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        System.out.println("[loadtest] stopping the local stack");
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // Whatever the launcher could not stop in time (a hung Payara) goes too.
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }
}
