package com.velure.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the local stack can be told, from the environment and the command line. Every default is
 * listed in the README's "Local run" section.
 */
record Settings(Path home, Path runtime, Path serverConfig, boolean fresh, boolean pgBouncer, int ingressPort,
                String externalDbHost, int dbPort, String dbAdminUser, String dbAdminPassword,
                Map<Service, Integer> replicas, Map<String, String> environment) {

    /** Ports of further replicas: replica i (from 0) of a service listens on its port + i × this. */
    static final int REPLICA_PORT_STEP = 100;
    static final int MAX_REPLICAS = 9;

    private static final String USAGE = """
            usage: ./run-local.sh [--fresh] [--pgbouncer] [--replicas auth=N,catalog=N,order=N]
              --fresh      start from an empty database (the data of earlier runs is deleted)
              --pgbouncer  put PgBouncer (transaction pooling, server-config/pgbouncer) between the services and PostgreSQL
              --replicas   Payara Micro instances per service (1 to 9 each, default 1; also VELURE_REPLICAS)
            See README.md, section 'Local run'.""";

    static Settings from(String[] args, Map<String, String> env) {
        boolean fresh = false;
        boolean pgBouncer = false;
        String replicas = env.getOrDefault("VELURE_REPLICAS", "");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--replicas=")) {
                replicas = arg.substring("--replicas=".length());
                continue;
            }
            switch (arg) {
                case "--fresh" -> fresh = true;
                case "--pgbouncer" -> pgBouncer = true;
                case "--replicas" -> {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException("--replicas needs a value, e.g. --replicas auth=3,catalog=2,order=2");
                    }
                    replicas = args[++i];
                }
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + " (try --help)");
            }
        }
        Path root = Path.of(env.getOrDefault("VELURE_ROOT", ".")).toAbsolutePath().normalize();
        Settings settings = new Settings(
                Path.of(env.getOrDefault("VELURE_HOME", root.resolve(".velure").toString())).toAbsolutePath(),
                root.resolve("local-stack/target/payara"),
                root.resolve("server-config"),
                fresh,
                pgBouncer || Boolean.parseBoolean(env.getOrDefault("VELURE_PGBOUNCER", "false")),
                Integer.parseInt(env.getOrDefault("VELURE_PORT", "8080")),
                env.get("DB_HOST"),
                Integer.parseInt(env.getOrDefault("DB_PORT", "15432")),
                env.getOrDefault("DB_ADMIN_USER", "postgres"),
                env.getOrDefault("DB_ADMIN_PASSWORD", ""),
                replicas(replicas),
                env);
        settings.restartAfter(); // a bad value is refused at start, not at the first crash
        settings.signUpLimit();
        settings.ingressNice();
        return settings;
    }

    /** {@code auth=3,catalog=2}: instances per service; services not named run once. */
    static Map<Service, Integer> replicas(String spec) {
        Map<Service, Integer> counts = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            counts.put(service, 1);
        }
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] nameAndCount = part.trim().split("=", 2);
            Service service = Arrays.stream(Service.values()).filter(s -> s.name.equals(nameAndCount[0].trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--replicas: unknown service '" + nameAndCount[0].trim()
                            + "' (auth, catalog or order)"));
            int count;
            try {
                count = nameAndCount.length == 2 ? Integer.parseInt(nameAndCount[1].trim()) : -1;
            } catch (NumberFormatException notANumber) {
                count = -1;
            }
            if (count < 1 || count > MAX_REPLICAS) {
                throw new IllegalArgumentException("--replicas: '" + part.trim() + "' must be " + service.name
                        + "=N with N from 1 to " + MAX_REPLICAS);
            }
            counts.put(service, count);
        }
        return Collections.unmodifiableMap(counts);
    }

    /** Whether the server console (Hawtio in its own JVM) starts too; {@code VELURE_CONSOLE=false} leaves it out. */
    boolean console() {
        return Boolean.parseBoolean(environment.getOrDefault("VELURE_CONSOLE", "true"));
    }

    boolean embeddedDatabase() {
        return externalDbHost == null || externalDbHost.isBlank();
    }

    String dbHost() {
        return embeddedDatabase() ? "localhost" : externalDbHost;
    }

    int servicePort(Service service) {
        return Integer.parseInt(environment.getOrDefault(service.envPrefix() + "PORT", String.valueOf(service.defaultPort)));
    }

    /**
     * {@code VELURE_RESTART_AFTER=N}: an instance that ends by itself (crashed, killed, stopped from
     * outside) is started again after N seconds, as an orchestrator's restart policy would; empty
     * (the default) reports the exit and leaves the instance down.
     */
    Optional<Duration> restartAfter() {
        String seconds = environment.getOrDefault("VELURE_RESTART_AFTER", "").trim();
        if (seconds.isEmpty()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(seconds);
            if (value >= 0) {
                return Optional.of(Duration.ofSeconds(value));
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("VELURE_RESTART_AFTER must be a number of seconds (0 or more), not '" + seconds + "'");
    }

    /**
     * {@code VELURE_INGRESS_LIMIT}: {@code adaptive} (the default) lets the ingress refuse sign-ups
     * while auth has as many requests in flight as its adaptive limit allows ({@link InFlightLimit});
     * {@code off} lets every request through to auth's own queue.
     */
    boolean signUpLimit() {
        String value = environment.getOrDefault("VELURE_INGRESS_LIMIT", "adaptive").trim();
        return switch (value) {
            case "adaptive" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("VELURE_INGRESS_LIMIT must be adaptive or off, not '" + value + "'");
        };
    }

    /**
     * {@code VELURE_INGRESS_NICE}: how many nice levels the ingress's threads run above the
     * processes the launcher started (-20 to 0), where the system allows it ({@link CpuPriority}).
     * 0, the default, leaves them equal: raised, the ingress answered refusals past the knee of
     * cheap hashing at once, but at twice the capacity of production hashing it cost a tenth of
     * the journeys (loadtest/README.md, "The door's CPU priority").
     */
    int ingressNice() {
        String value = environment.getOrDefault("VELURE_INGRESS_NICE", "0").trim();
        try {
            int levels = Integer.parseInt(value);
            if (levels >= -20 && levels <= 0) {
                return levels;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("VELURE_INGRESS_NICE must be a number from -20 to 0, not '" + value + "'");
    }

    /** Where PgBouncer listens (loopback) with {@code --pgbouncer}. */
    int pgBouncerPort() {
        return Integer.parseInt(environment.getOrDefault("PGBOUNCER_PORT", String.valueOf(dbPort + 1000)));
    }

    /** Port of replica {@code index} (from 0) of {@code service}. */
    int servicePort(Service service, int index) {
        return servicePort(service) + index * REPLICA_PORT_STEP;
    }

    /**
     * Where order-war reaches the catalog's internal API when the catalog has several replicas: a
     * loopback-only listener of the ingress that balances {@code /internal/} over them.
     */
    int internalPort() {
        return Integer.parseInt(environment.getOrDefault("VELURE_INTERNAL_PORT", String.valueOf(ingressPort + 10)));
    }
}
