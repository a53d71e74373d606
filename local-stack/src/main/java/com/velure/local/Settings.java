package com.velure.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the local stack can be told, from the environment and the command line. Every default is
 * listed in the README's "Local run" section.
 */
record Settings(Path home, Path runtime, Path serverConfig, boolean fresh, int ingressPort,
                String externalDbHost, int dbPort, String dbAdminUser, String dbAdminPassword,
                Map<String, String> environment) {

    static Settings from(String[] args, Map<String, String> env) {
        boolean fresh = false;
        for (String arg : args) {
            switch (arg) {
                case "--fresh" -> fresh = true;
                case "--help", "-h" -> {
                    System.out.println("usage: ./run-local.sh [--fresh]   (see README.md, section 'Local run')");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + " (try --help)");
            }
        }
        Path root = Path.of(env.getOrDefault("VELURE_ROOT", ".")).toAbsolutePath().normalize();
        return new Settings(
                Path.of(env.getOrDefault("VELURE_HOME", root.resolve(".velure").toString())).toAbsolutePath(),
                root.resolve("local-stack/target/payara"),
                root.resolve("server-config"),
                fresh,
                Integer.parseInt(env.getOrDefault("VELURE_PORT", "8080")),
                env.get("DB_HOST"),
                Integer.parseInt(env.getOrDefault("DB_PORT", "15432")),
                env.getOrDefault("DB_ADMIN_USER", "postgres"),
                env.getOrDefault("DB_ADMIN_PASSWORD", ""),
                env);
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
}
