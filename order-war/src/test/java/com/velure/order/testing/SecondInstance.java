package com.velure.order.testing;

import com.velure.platform.testing.ServerLog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Another order-war replica next to the one Arquillian manages: the same packaged WAR in its own
 * Payara Micro, started with the same options and environment (same database, same catalog), on
 * the port the build reserves as {@code velure.test.order2.port}. The test can kill it like a
 * crashed pod (SIGKILL, no shutdown hooks).
 */
public final class SecondInstance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private SecondInstance(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the replica with the test JVM's environment plus {@code environment}. */
    public static SecondInstance start(Map<String, String> environment) throws IOException {
        int port = Integer.parseInt(required("velure.test.order2.port"));
        Path war = Path.of(required("velure.war"));
        Path target = war.getParent();
        Path rootDir = Files.createTempDirectory(target, "second-instance-");
        Path log = target.resolve("second-instance.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(words(required("payara.cmdOptions")));
        command.addAll(List.of("-jar", required("payara.microJar")));
        command.addAll(words(required("payara.extraMicroOptions")));
        command.addAll(List.of("--port", String.valueOf(port), "--rootdir", rootDir.toString(), "--deploy", war.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        ServerLog.alsoCheck(log);
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new SecondInstance(process, port, log);
    }

    public URI base() {
        return URI.create("http://localhost:" + port);
    }

    /** Polls /health/ready until 200, failing early if the process dies. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(base().resolve("/health/ready")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("second instance exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still booting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("second instance not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    /** SIGKILL: no graceful shutdown, no lease handed back, exactly like a crash or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("second instance did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: the build passes it (see order-war's failsafe configuration)");
        }
        return value;
    }

    private static List<String> words(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }
}
