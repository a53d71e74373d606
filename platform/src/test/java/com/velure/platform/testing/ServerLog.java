package com.velure.platform.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps the server's whole log and checks that no secret ever reaches it. Arquillian copies
 * Payara Micro's output to this JVM's {@code System.out} (the build sets {@code payara.consoleOutput});
 * this extension, registered before {@code ArquillianExtension}, tees it into
 * {@code target/server-logs/<first test class>.log} (and to the console only with
 * {@code -Dvelure.test.serverOutput=true}). After each test class it fails the class if any log
 * line holds a JWT, a PEM key or its body, a configured secret, or a password or token that went
 * over the wire in the tests ({@link Http} registers those it sends and receives).
 */
public final class ServerLog implements BeforeAllCallback, AfterAllCallback {

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.");
    private static final Pattern PEM = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
    private static final String[] SECRET_VARIABLES = {"DB_PASSWORD", "VELURE_SERVICE_TOKEN", "VELURE_ADMIN_PASSWORD"};
    /** Shorter values (a one-letter test password) would match ordinary text. */
    private static final int SHORTEST_SECRET = 8;
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Set<Path> OTHER_LOGS = ConcurrentHashMap.newKeySet();
    private static volatile Path file;

    /** A password or token the tests used, which no log line may contain. */
    public static void secret(String value) {
        if (value != null && value.strip().length() >= SHORTEST_SECRET) {
            SECRETS.add(value.strip());
        }
    }

    /** Another server's log that a test started itself (a second instance), checked the same way. */
    public static void alsoCheck(Path log) {
        OTHER_LOGS.add(log);
    }

    /** Where the server's log of this test JVM is kept. */
    public static Path file() {
        return file;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.create(ServerLog.class))
                .getOrComputeIfAbsent("tee", key -> tee(context.getRequiredTestClass().getSimpleName()), Object.class);
    }

    private static Object tee(String firstTestClass) {
        try {
            Path log = Path.of("target", "server-logs", firstTestClass + ".log");
            Files.createDirectories(log.getParent());
            OutputStream out = new FileOutputStream(log.toFile());
            boolean echo = Boolean.getBoolean("velure.test.serverOutput");
            PrintStream console = System.out;
            System.setOut(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[]{(byte) b}, 0, 1);
                }

                @Override
                public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                    if (echo) {
                        console.write(bytes, offset, length);
                    }
                }

                @Override
                public synchronized void flush() throws IOException {
                    out.flush();
                    console.flush();
                }
            }, true, StandardCharsets.UTF_8));
            file = log;
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        System.out.flush();
        List<Path> logs = new ArrayList<>(List.of(file));
        logs.addAll(OTHER_LOGS);
        for (Path log : logs) {
            List<String> leaks = leaks(Files.readAllLines(log, StandardCharsets.ISO_8859_1)); // any byte is a character
            if (!leaks.isEmpty()) {
                throw new AssertionError(leaks.size() + " server log line(s) in " + log + " hold a secret, e.g.: "
                        + leaks.subList(0, Math.min(3, leaks.size())));
            }
        }
    }

    /** The log lines that hold a secret, the secret itself masked in the report. */
    static List<String> leaks(List<String> lines) throws IOException {
        List<String> secrets = new ArrayList<>(SECRETS);
        for (String variable : SECRET_VARIABLES) {
            String value = System.getenv(variable);
            if (value != null && value.length() >= SHORTEST_SECRET) {
                secrets.add(value);
            }
        }
        secrets.addAll(privateKeyLines());
        List<String> leaks = new ArrayList<>();
        for (String line : lines) {
            if (JWT.matcher(line).find() || PEM.matcher(line).find() || secrets.stream().anyMatch(line::contains)) {
                String masked = JWT.matcher(line).replaceAll("eyJ…(a JWT).");
                for (String secret : secrets) {
                    masked = masked.replace(secret, "…(a secret)…");
                }
                leaks.add(masked);
            }
        }
        return leaks;
    }

    /** The base64 lines of the test's private key, which would show a key dumped in pieces. */
    private static List<String> privateKeyLines() throws IOException {
        Path key = TestKeys.privateKeyFile();
        if (!Files.exists(key)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(key)) {
            return lines.filter(line -> !line.startsWith("-----") && line.length() >= 32).toList();
        }
    }
}
