package com.velure.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One service in its own Payara Micro JVM, started the way production starts it: the WAR, the
 * JDBC driver given to the server, the shared monitoring pre-boot file, the service's pool file
 * from server-config/, the flashlight agent and no Hazelcast.
 */
final class ServiceProcess {

    private static final Duration BOOT_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final Service service;
    private final String name;
    private final int port;
    private final Path log;
    private final Path rootDir;
    private final ProcessBuilder builder;
    private final List<String> command;
    private volatile Process process;
    private volatile boolean stopping;

    /** Not started yet: {@link #start} launches it (tests build one that never runs, to stand for a dead instance). */
    ServiceProcess(Service service, String name, int port, Path log, Path rootDir, ProcessBuilder builder) {
        this.service = service;
        this.name = name;
        this.port = port;
        this.log = log;
        this.rootDir = rootDir;
        this.builder = builder;
        this.command = List.copyOf(builder.command());
    }

    /**
     * Starts replica {@code index} (from 0) of {@code service}: named after the service alone when
     * it runs once, {@code auth-2} etc. when it has replicas, with its own port, root and log.
     */
    /** {@code catalog} for the only instance, {@code catalog-1}, {@code catalog-2}, ... for replicas. */
    static String instanceName(Service service, int index, Settings settings) {
        return settings.replicas().get(service) == 1 ? service.name : service.name + "-" + (index + 1);
    }

    static ServiceProcess start(Service service, int index, Settings settings, Map<String, String> environment) throws IOException {
        String name = instanceName(service, index, settings);
        Path rootDir = settings.home().resolve("payara").resolve(name);
        Path logs = Files.createDirectories(settings.home().resolve("logs"));
        int port = settings.servicePort(service, index);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + settings.serverConfig().resolve("jvm.options")); // what every service's JVM runs with; the variable overrides
        command.addAll(List.of(settings.environment().getOrDefault("VELURE_SERVICE_JVM_OPTS", "-Xmx512m").trim().split("\\s+")));
        command.add("-javaagent:" + settings.runtime().resolve("MICRO-INF/runtime/flashlight-agent.jar"));
        command.addAll(List.of("-jar", settings.runtime().resolve("payara-micro.jar").toString(),
                "--deploy", settings.runtime().resolve(service.name + "-war.war").toString(),
                "--port", String.valueOf(port),
                "--nohazelcast",
                "--rootdir", rootDir.toString(),
                "--addlibs", settings.runtime().resolve("postgresql.jar").toString(),
                "--prebootcommandfile", settings.serverConfig().resolve("monitoring.asadmin").toString(),
                "--postbootcommandfile", settings.serverConfig().resolve(service.database.role() + ".asadmin").toString()));

        Path log = logs.resolve(name + ".log");
        Files.deleteIfExists(log);
        // Appending: a restarted instance's log follows its predecessor's, so the crash stays readable.
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        ServiceProcess started = new ServiceProcess(service, name, port, log, rootDir, builder);
        started.launch();
        return started;
    }

    /** Starts the instance again, as it was started first, after it ended by itself. */
    void restart() throws IOException {
        if (stopping) {
            return;
        }
        if (isAlive()) {
            throw new IllegalStateException(name + " still runs");
        }
        launch();
    }

    private void launch() throws IOException {
        deleteRecursively(rootDir); // a reused rootdir keeps the old domain.xml and the create commands fail
        Files.createDirectories(rootDir);
        // A restart comes from a thread of the raised ingress: the instance must not inherit that.
        process = builder.command(CpuPriority.unraised(command)).start();
        // So that an operator or the fault suite can signal this instance by its id (payara/<name>.pid).
        Files.writeString(rootDir.resolveSibling(name + ".pid"), process.pid() + "\n");
    }

    /** Waits until /health/ready answers 200, or fails with the log's location. */
    void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (ReadinessProbe.answers200(readiness(), BOOT_CHECK_TIMEOUT)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    Service service() {
        return service;
    }

    /** The instance's name: the service's, or {@code auth-2} for a replica. */
    String name() {
        return name;
    }

    /** The current process's id, -1 before the first start. */
    long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** True when /health/ready answers 200 within {@code timeoutMillis}. */
    boolean isReady(long timeoutMillis) {
        if (!isAlive()) {
            return false;
        }
        return ReadinessProbe.answers200(readiness(), Duration.ofMillis(timeoutMillis));
    }

    private URI readiness() {
        return URI.create(baseUrl() + "/health/ready");
    }

    Path log() {
        return log;
    }

    /** Runs {@code action} when the process ends by itself (not through {@link #stop()}). */
    void onUnexpectedExit(Runnable action) {
        process.onExit().thenRun(() -> {
            if (!stopping) {
                action.run();
            }
        });
    }

    int exitValue() {
        return process.exitValue();
    }

    /** SIGTERM first so Payara drains and closes its pool; a hard kill only if it hangs. */
    void stop() {
        stopping = true;
        stop(process);
    }

    /** SIGKILL: the instance dies mid-request, as a crashed pod does; for tests of the fleet. */
    void kill() throws InterruptedException {
        stopping = true;
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, up to 30 s to finish, then a hard kill; for any Payara Micro the stack started. */
    static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
