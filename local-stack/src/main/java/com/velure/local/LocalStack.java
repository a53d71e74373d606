package com.velure.local;

import com.velure.devsupport.LocalPostgres;
import com.velure.devsupport.DatabaseProvisioner;
import com.velure.devsupport.ServiceRole;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts the whole Velure system on one machine: PostgreSQL (embedded, or an existing one named by
 * DB_HOST), the three services in their own Payara Micro JVMs, and the ingress. Ctrl-C or SIGTERM
 * stops everything in reverse order.
 */
public final class LocalStack {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Instances boot in parallel on the same cores: each one beyond three gets this much more (a
     * 3/2/2 fleet took over 5 min on the shared 2-core machine while its neighbours built).
     */
    private static final Duration READY_TIMEOUT_PER_EXTRA_INSTANCE = Duration.ofMinutes(2);

    private final List<ServiceProcess> services = new ArrayList<>();
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-stack-restarts");
        thread.setDaemon(true);
        return thread;
    });
    private LocalPostgres postgres;
    private PgBouncer pgBouncer;
    private Ingress ingress;
    private Console console;

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.from(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.stop();
            stopped.countDown();
        }, "local-stack-shutdown"));
        try {
            stack.start(settings);
        } catch (Exception e) {
            System.err.println("local stack failed to start: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    /** Starts everything and returns once every instance is ready; also used by the fleet's integration test. */
    void start(Settings settings) throws Exception {
        Instant begin = Instant.now();
        Secrets secrets = new Secrets(settings.home());
        Map<ServiceRole, String> passwords = secrets.databasePasswords(settings.environment());
        if (settings.embeddedDatabase()) {
            log("PostgreSQL: embedded on port " + settings.dbPort() + ", data in " + settings.home().resolve("pgdata")
                    + (settings.fresh() ? " (fresh)" : ""));
            postgres = LocalPostgres.start(settings.home().resolve("pgdata"), settings.dbPort(), settings.fresh(), true);
            postgres.provision(passwords);
            postgres.requirePasswordsForServiceRoles();
        } else {
            log("PostgreSQL: existing server at " + settings.dbHost() + ":" + settings.dbPort());
            DatabaseProvisioner.provision("jdbc:postgresql://" + settings.dbHost() + ":" + settings.dbPort() + "/postgres",
                    settings.dbAdminUser(), settings.dbAdminPassword(), passwords);
        }
        if (settings.pgBouncer()) {
            pgBouncer = PgBouncer.start(settings, passwords);
            log("PgBouncer: transaction pooling on 127.0.0.1:" + pgBouncer.port() + " (server-config/pgbouncer/pgbouncer.ini),"
                    + " log in " + settings.home().resolve("logs/pgbouncer.log"));
        }
        Secrets.JwtKeys jwt = secrets.jwtKeys();
        String serviceToken = secrets.serviceToken(settings.environment());
        console = Console.prepare(settings, secrets);

        boolean balancedCatalog = settings.replicas().get(Service.CATALOG) > 1;
        for (Service service : Service.values()) {
            Map<String, String> environment = environmentFor(service, settings, passwords.get(service.database), jwt, serviceToken);
            if (service == Service.AUTH) {
                environment.putAll(console.adminAccount());
            }
            if (pgBouncer != null) {
                environment.put("DB_HOST", "127.0.0.1");
                environment.put("DB_PORT", String.valueOf(pgBouncer.port()));
                // Transaction pooling hands each transaction any server connection: no named server-side statements.
                environment.put("DB_PREPARE_THRESHOLD", "0");
                // A validation query would wait in PgBouncer's queue as well: check the connection locally.
                environment.put("DB_VALIDATION_METHOD", "meta-data");
            }
            for (int index = 0; index < settings.replicas().get(service); index++) {
                Map<String, String> instanceEnvironment = new HashMap<>(environment);
                if (settings.console()) {
                    instanceEnvironment.putAll(console.agentFor(ServiceProcess.instanceName(service, index, settings)));
                }
                ServiceProcess instance = ServiceProcess.start(service, index, settings, instanceEnvironment);
                services.add(instance);
                log(instance.name() + ": starting on port " + settings.servicePort(service, index) + ", log in " + instance.log());
            }
        }
        boolean withConsole = settings.console();
        if (withConsole) {
            // Logins go through the ingress, like any client's, so they reach a ready auth replica.
            console.start("http://localhost:" + settings.ingressPort());
            log("console: starting, log in " + console.log());
        }
        Duration readyTimeout = READY_TIMEOUT.plus(READY_TIMEOUT_PER_EXTRA_INSTANCE.multipliedBy(Math.max(0, services.size() - 3)));
        for (ServiceProcess service : services) {
            service.awaitReady(readyTimeout);
            watch(service, settings.restartAfter());
        }
        if (withConsole) {
            console.awaitReady(readyTimeout);
        }
        ingress = Ingress.start(settings.ingressPort(), balancedCatalog ? settings.internalPort() : 0, services,
                settings.signUpLimit(), LocalStack::log);
        // Last, so that PostgreSQL, PgBouncer, the services and the console started at the usual priority
        // (VELURE_INGRESS_NICE; 0, the default, changes nothing).
        CpuPriority.raiseThisJvm(settings.ingressNice(), LocalStack::log);

        String base = "http://localhost:" + settings.ingressPort();
        log("ready in " + Duration.between(begin, Instant.now()).toSeconds() + " s");
        log("  API        " + base + "/api/auth/..., " + base + "/api/product/..., " + base + "/api/order/...");
        for (ServiceProcess service : services) {
            log("  " + String.format("%-10s", service.name()) + " " + service.baseUrl()
                    + "  (/health/ready, /metrics, /openapi)");
        }
        if (balancedCatalog) {
            log("  internal   http://127.0.0.1:" + settings.internalPort() + "/internal/... (catalog replicas, for order-war only)");
        }
        if (withConsole) {
            console.howToLogIn().forEach(line -> log("  console    " + line.strip()));
        }
        log("  PostgreSQL jdbc:postgresql://" + settings.dbHost() + ":" + settings.dbPort() + "/" + DatabaseProvisioner.DATABASE);
        log("Ctrl-C stops everything.");
    }

    /** Reports an instance that ends by itself and, with VELURE_RESTART_AFTER, starts it again. */
    private void watch(ServiceProcess service, Optional<Duration> restartAfter) {
        service.onUnexpectedExit(() -> {
            if (restartAfter.isEmpty()) {
                log(service.name() + " exited with " + service.exitValue() + "; the others keep running (see "
                        + service.log() + "). Restart the stack to bring it back.");
                return;
            }
            log(service.name() + " exited with " + service.exitValue() + "; starting it again in "
                    + restartAfter.get().toSeconds() + " s (VELURE_RESTART_AFTER)");
            restarts.schedule(() -> {
                try {
                    service.restart();
                    log(service.name() + ": started again, log in " + service.log()
                            + "; the ingress puts it back in rotation once it is ready");
                    watch(service, restartAfter);
                } catch (IOException | RuntimeException e) {
                    log(service.name() + " could not be started again: " + e.getMessage());
                }
            }, restartAfter.get().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private static Map<String, String> environmentFor(Service service, Settings settings, String password,
                                                      Secrets.JwtKeys jwt, String serviceToken) {
        Map<String, String> env = new HashMap<>();
        env.put("DB_HOST", settings.dbHost());
        env.put("DB_PORT", String.valueOf(settings.dbPort()));
        env.put("DB_NAME", DatabaseProvisioner.DATABASE);
        env.put("DB_USER", service.database.role());
        env.put("DB_PASSWORD", password);
        if (service == Service.AUTH) {
            // The ingress lets a shed sign-up route through as far as auth says it has room (Shedding).
            env.put("VELURE_AUTH_HASHING_ADMISSION_HEADER", "true");
            // The ingress holds the refusals of a shed route itself, which is what keeps clients that
            // retry at once from spinning; auth holding its own 50 ms more only made them slow: in a
            // cold stack's first minute at 150 users a third of auth's refusals took over 100 ms (issue 15).
            env.put("VELURE_AUTH_HASHING_REFUSAL_PAUSE", "PT0S");
        }
        // AUTH_DB_POOL_MAX_SIZE=4 becomes DB_POOL_MAX_SIZE=4 for auth only: one knob per service.
        settings.environment().forEach((name, value) -> {
            if (name.startsWith(service.envPrefix()) && !name.equals(service.envPrefix() + "DB_PASSWORD")) {
                env.put(name.substring(service.envPrefix().length()), value);
            }
        });
        env.put("VELURE_JWT_PRIVATE_KEY_LOCATION", jwt.privateKey().toString());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", jwt.publicKey().toUri().toString());
        env.put("VELURE_SERVICE_TOKEN", serviceToken);
        // Several catalog replicas: order-war goes through the ingress's internal listener, which balances them.
        env.put("VELURE_CATALOG_URL", settings.replicas().get(Service.CATALOG) > 1
                ? "http://127.0.0.1:" + settings.internalPort()
                : "http://localhost:" + settings.servicePort(Service.CATALOG));
        return env;
    }

    /** Every service instance, in start order. */
    List<ServiceProcess> instances() {
        return List.copyOf(services);
    }

    Ingress ingress() {
        return ingress;
    }

    void stop() {
        log("stopping");
        restarts.shutdownNow();
        if (ingress != null) {
            ingress.close();
        }
        if (console != null) {
            console.close();
        }
        services.parallelStream().forEach(ServiceProcess::stop);
        if (pgBouncer != null) {
            pgBouncer.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        log("stopped");
    }

    private static void log(String message) {
        System.out.println("[local-stack] " + message);
    }
}
