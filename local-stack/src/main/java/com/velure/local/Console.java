package com.velure.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The server console of the local run (see README, "Server console"): a Jolokia agent in every
 * service JVM, listening on loopback only and requiring credentials generated for this
 * installation, and Hawtio in its own Payara Micro, which logs administrators in with auth-war's
 * admin accounts and offers one connection per instance the launcher started.
 */
final class Console implements AutoCloseable {

    private static final String AGENT_USER = "console";
    private static final String DEFAULT_ADMIN = "admin@velure.local";

    private final Settings settings;
    private final Path agentConfig;
    private final int consolePort;
    private final int agentPortBase;
    /** Instance name (auth, catalog-1, catalog-2, ... as the launcher names them) to its agent's port. */
    private final Map<String, Integer> agents = new LinkedHashMap<>();
    private final Map<String, String> adminAccount;
    private final String adminPasswordSource;
    private Process process;
    private Path log;

    private Console(Settings settings, Path agentConfig, Map<String, String> adminAccount, String adminPasswordSource) {
        this.settings = settings;
        this.agentConfig = agentConfig;
        this.adminAccount = adminAccount;
        this.adminPasswordSource = adminPasswordSource;
        this.consolePort = port(settings.environment().get("CONSOLE_PORT"), 8070);
        String base = settings.environment().get("CONSOLE_AGENT_PORT_BASE");
        this.agentPortBase = base == null ? -1 : Integer.parseInt(base);
    }

    /**
     * A port given in the environment as it is; otherwise the default, or any free port when the
     * default is taken, so that a stack started with other ports (the build's load test, a second
     * checkout) still gets a console.
     */
    private static int port(String given, int preferred) {
        if (given != null && !given.isBlank()) {
            return Integer.parseInt(given.strip());
        }
        try (ServerSocket probe = new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
            return preferred;
        } catch (IOException taken) {
            try (ServerSocket any = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return any.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Generates (first run) or reads the agents' credentials and the local admin account. */
    static Console prepare(Settings settings, Secrets secrets) throws IOException {
        Map<String, String> env = settings.environment();
        String agentPassword = secrets.generated("console-agent-password", env.get("CONSOLE_AGENT_PASSWORD"));
        // The agents and the console read the same owner-only file: user and password never appear on a command line.
        Path agentConfig = secrets.writePrivate("console-agent.properties",
                "user=" + AGENT_USER + "\npassword=" + agentPassword + "\n");
        String email = env.get("VELURE_ADMIN_EMAIL");
        if (email != null && !email.isBlank()) {
            // auth inherits the launcher's environment and creates this admin itself
            return new Console(settings, agentConfig, Map.of(), "VELURE_ADMIN_PASSWORD");
        }
        String password = secrets.generated("admin-password", null);
        return new Console(settings, agentConfig, Map.of("VELURE_ADMIN_EMAIL", DEFAULT_ADMIN, "VELURE_ADMIN_PASSWORD", password),
                settings.home().resolve("secrets").resolve("admin-password").toString());
    }

    /** The admin account auth should create, when the launcher made one up. */
    Map<String, String> adminAccount() {
        return adminAccount;
    }

    /**
     * Environment for one service instance: its Jolokia agent on the next port. JDK_JAVA_OPTIONS is
     * read by the java launcher itself, so the service's own start command stays as it is.
     */
    Map<String, String> agentFor(String name) {
        int port = agentPortBase >= 0 ? agentPortBase + agents.size() : port(null, 8770 + agents.size());
        agents.put(name, port);
        String agent = "-javaagent:" + settings.runtime().resolve("console-agent.jar")
                + "=host=127.0.0.1,port=" + port
                + ",authClass=com.velure.console.agent.ConsoleAuthenticator"
                + ",policyLocation=" + consoleDir().resolve("jolokia-access.xml").toUri()
                + ",config=" + agentConfig;
        String inherited = settings.environment().getOrDefault("JDK_JAVA_OPTIONS", "");
        return Map.of("JDK_JAVA_OPTIONS", (inherited + " " + agent).strip());
    }

    /** Starts Hawtio in its own JVM; it needs auth only when someone logs in. */
    void start(String authUrl) throws IOException {
        Path rootDir = settings.home().resolve("payara").resolve("console");
        ServiceProcess.deleteRecursively(rootDir); // as for the services: a reused rootdir keeps the old domain.xml
        Files.createDirectories(rootDir);
        log = Files.createDirectories(settings.home().resolve("logs")).resolve("console.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                settings.environment().getOrDefault("CONSOLE_JVM_OPTS", "-Xmx256m"),
                "-jar", settings.runtime().resolve("payara-micro.jar").toString(),
                "--deploy", settings.runtime().resolve("console-web.war").toString(),
                "--contextroot", "hawtio",
                "--port", String.valueOf(consolePort),
                "--nohazelcast",
                "--rootdir", rootDir.toString(),
                "--postbootcommandfile", consoleDir().resolve("console.asadmin").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().put("VELURE_CONSOLE_AUTH_URL", authUrl);
        builder.environment().put("VELURE_CONSOLE_AGENTS", agents.entrySet().stream()
                .map(a -> a.getKey() + "=127.0.0.1:" + a.getValue()).collect(Collectors.joining(",")));
        builder.environment().put("VELURE_CONSOLE_AGENT_CONFIG", agentConfig.toString());
        process = builder.start();
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("console exited with " + process.exitValue() + "; see " + log);
            }
            if (ReadinessProbe.answers200(URI.create(url() + "hawtconfig.json"), Duration.ofSeconds(5))) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("console not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    String url() {
        return "http://localhost:" + consolePort + "/hawtio/";
    }

    /** What to print: where the console is and how to log in. */
    List<String> howToLogIn() {
        String email = adminAccount.getOrDefault("VELURE_ADMIN_EMAIL", settings.environment().get("VELURE_ADMIN_EMAIL"));
        return List.of(url() + "  (log in as " + email + ", password: " + adminPasswordSource + ")",
                "             agents " + agents.entrySet().stream().map(a -> a.getKey() + " 127.0.0.1:" + a.getValue())
                        .collect(Collectors.joining(", ")) + " (credentials in " + agentConfig + ")");
    }

    Path log() {
        return log;
    }

    private Path consoleDir() {
        return settings.serverConfig().getParent().resolve("console");
    }

    @Override
    public void close() {
        ServiceProcess.stop(process);
    }
}
