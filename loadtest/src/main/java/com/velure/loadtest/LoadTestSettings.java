package com.velure.loadtest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a run can be told, read from system properties ({@code -Dloadtest.*}; the Maven
 * module passes its properties through). README.md, "Load test", lists them.
 *
 * @param profile        the load profile
 * @param baseUrl        where the public API is (the ingress); the journey uses nothing else
 * @param thresholds     the pass criteria
 * @param runDirectory   where the CSVs, the report and Gatling's results go
 * @param metricsUrls    service name → its /metrics URL, for the pool gauges (empty: not sampled)
 * @param database       PostgreSQL to sample pg_stat_activity from (empty: not sampled)
 * @param stack          the local stack to start for the run (empty: use what runs at baseUrl)
 * @param stackHome      the local stack's home, whose logs and processes the run may inspect
 * @param configuration  a short label of what differs between runs (pools, hashing) for the report
 * @param hashing        the auth service's password hashing parameters, as configured for the run
 * @param warmupJourneys journeys run one after another before the load and not counted
 */
public record LoadTestSettings(LoadProfile profile, String baseUrl, Thresholds thresholds, Path runDirectory,
                               Map<String, String> metricsUrls, Optional<DatabaseTarget> database,
                               Optional<StackLaunch> stack, Optional<Path> stackHome,
                               String configuration, String hashing, int warmupJourneys) {

    /** A JDBC URL and login that may read pg_stat_activity (a superuser or a member of pg_monitor). */
    public record DatabaseTarget(String url, String user, String password) {
    }

    /**
     * The local stack the run starts and stops itself.
     *
     * @param root        the repository root (with local-stack/target/local-stack.jar and server-config/)
     * @param home        the stack's VELURE_HOME
     * @param ports       ingress, auth, catalog, order and PostgreSQL ports
     * @param environment extra environment for the launcher, e.g. {@code AUTH_DB_POOL_MAX_SIZE=1000}
     * @param replicas    Payara Micro instances per service (auth, catalog, order), as the launcher's --replicas
     * @param pgBouncer   whether PgBouncer runs between the services and PostgreSQL (the launcher's --pgbouncer)
     */
    public record StackLaunch(Path root, Path home, StackPorts ports, Map<String, String> environment,
                              Map<String, Integer> replicas, boolean pgBouncer) {

        /** The launcher's --replicas value, e.g. {@code auth=3,catalog=2,order=2}. */
        public String replicaSpec() {
            return String.join(",", replicas.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }

        /** Instance name (as the launcher names them: {@code auth}, or {@code auth-1}, {@code auth-2}...) → its port. */
        public Map<String, Integer> instancePorts() {
            Map<String, Integer> instances = new LinkedHashMap<>();
            replicas.forEach((service, count) -> {
                int port = ports.of(service);
                for (int i = 0; i < count; i++) {
                    instances.put(count == 1 ? service : service + "-" + (i + 1), port + i * REPLICA_PORT_STEP);
                }
            });
            return instances;
        }
    }

    public record StackPorts(int ingress, int auth, int catalog, int order, int database) {
        int of(String service) {
            return switch (service) {
                case "auth" -> auth;
                case "catalog" -> catalog;
                case "order" -> order;
                default -> throw new IllegalArgumentException("unknown service " + service);
            };
        }
    }

    /** The launcher's port step between replicas of a service (local-stack's Settings.REPLICA_PORT_STEP). */
    static final int REPLICA_PORT_STEP = 100;
    static final List<String> SERVICES = List.of("auth", "catalog", "order");
    /** A service's application metrics, where its db_pool gauges are (MicroProfile Metrics 5 scopes). */
    static final String METRICS_PATH = "/metrics?scope=application";

    /** Enough for the JIT to compile password hashing in every service before the load starts. */
    public static final int DEFAULT_WARMUP_JOURNEYS = 30;

    public static LoadTestSettings fromSystemProperties() {
        return from(System::getProperty, System.getenv());
    }

    static LoadTestSettings from(Function<String, String> properties, Map<String, String> env) {
        Function<String, Optional<String>> get = key -> Optional.ofNullable(properties.apply(key)).map(String::trim).filter(v -> !v.isEmpty());
        LoadProfile profile = LoadProfile.named(get.apply("loadtest.profile").orElse("smoke"), new LoadProfile.Options(
                get.apply("loadtest.stress.step").map(Integer::parseInt).orElse(LoadProfile.DEFAULT_STRESS_STEP),
                get.apply("loadtest.users").map(Integer::parseInt).orElse(0),
                get.apply("loadtest.hold.seconds").map(Integer::parseInt).orElse(0),
                get.apply("loadtest.stages").orElse(null)));
        Thresholds thresholds = new Thresholds(
                get.apply("loadtest.threshold.requestP95Ms").map(Long::parseLong).orElse(Thresholds.GOALS.requestP95Ms()),
                get.apply("loadtest.threshold.journeyP95Ms").map(Long::parseLong).orElse(Thresholds.GOALS.journeyP95Ms()),
                get.apply("loadtest.threshold.failurePercent").map(Double::parseDouble).orElse(Thresholds.GOALS.failurePercent()));
        Path runDirectory = Path.of(get.apply("loadtest.runDir").orElse("target/loadtest/" + profile.name())).toAbsolutePath();
        String configuration = get.apply("loadtest.configuration").orElse("as deployed");
        String hashing = get.apply("loadtest.hashing").orElse("as deployed (auth service defaults)");
        int warmup = get.apply("loadtest.warmup.journeys").map(Integer::parseInt).orElse(DEFAULT_WARMUP_JOURNEYS);

        boolean startStack = get.apply("loadtest.stack").map("local"::equalsIgnoreCase).orElse(false);
        if (startStack) {
            Path root = Path.of(get.apply("loadtest.stack.root").orElse("..")).toAbsolutePath().normalize();
            Path home = Path.of(get.apply("loadtest.stack.home").orElse(runDirectory.resolve("stack").toString())).toAbsolutePath();
            StackPorts ports = new StackPorts(
                    port(get, "loadtest.port.ingress", 8080), port(get, "loadtest.port.auth", 8081),
                    port(get, "loadtest.port.catalog", 8082), port(get, "loadtest.port.order", 8083),
                    port(get, "loadtest.port.db", 15432));
            Map<String, String> stackEnv = keyValues(get.apply("loadtest.stack.env").orElse(""));
            StackLaunch launch = new StackLaunch(root, home, ports, stackEnv, replicas(get.apply("loadtest.replicas").orElse("")),
                    get.apply("loadtest.pgbouncer").map(Boolean::parseBoolean).orElse(false));
            String local = "http://localhost:";
            Map<String, String> metrics = new LinkedHashMap<>();
            // Only the application's metrics (the db_pool gauges): the whole page every second cost each
            // service 1-3 % of its CPU in the load test's own measurements (loadtest/reports/cpu-reduced/).
            launch.instancePorts().forEach((instance, port) -> metrics.put(instance, local + port + METRICS_PATH));
            return new LoadTestSettings(profile, local + ports.ingress(), thresholds, runDirectory, metrics,
                    Optional.of(new DatabaseTarget("jdbc:postgresql://localhost:" + ports.database() + "/velure", "postgres", "")),
                    Optional.of(launch), Optional.of(home), configuration, hashing, warmup);
        }
        String baseUrl = get.apply("loadtest.baseUrl").or(() -> Optional.ofNullable(env.get("BASE_URL"))).orElse("http://localhost:8080");
        Optional<DatabaseTarget> database = get.apply("loadtest.db.url").map(url -> new DatabaseTarget(url,
                get.apply("loadtest.db.user").orElse("postgres"), env.getOrDefault("LOADTEST_DB_PASSWORD", "")));
        return new LoadTestSettings(profile, stripSlash(baseUrl), thresholds, runDirectory,
                keyValues(get.apply("loadtest.metrics").orElse("")), database, Optional.empty(),
                get.apply("loadtest.stack.home").map(Path::of), configuration, hashing, warmup);
    }

    /** {@code auth=3,catalog=2}: instances per service, one for a service not named. */
    static Map<String, Integer> replicas(String spec) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        SERVICES.forEach(service -> counts.put(service, 1));
        keyValues(spec).forEach((service, count) -> {
            if (!SERVICES.contains(service)) {
                throw new IllegalArgumentException("replicas: unknown service '" + service + "' (auth, catalog or order)");
            }
            counts.put(service, Integer.parseInt(count));
        });
        return counts;
    }

    private static int port(Function<String, Optional<String>> get, String key, int fallback) {
        return get.apply(key).map(Integer::parseInt).orElse(fallback);
    }

    /** "a=1,b=2" → {a=1, b=2}, in order. */
    static Map<String, String> keyValues(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            } else if (!pair.isBlank()) {
                throw new IllegalArgumentException("expected name=value, got '" + pair + "'");
            }
        }
        return values;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
