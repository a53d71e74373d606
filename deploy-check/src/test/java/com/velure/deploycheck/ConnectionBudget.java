package com.velure.deploycheck;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ini4j.Ini;

/**
 * The two inequalities of the connection budget (README "Deployment"):
 * Σ over services (max replicas × max pool size) ≤ PgBouncer's client limit, and PgBouncer's
 * server connections + headroom ≤ PostgreSQL's max_connections − reserved slots. Without
 * PgBouncer ({@code pgbouncer} null, the local stack's default) the pools are PostgreSQL's clients
 * and only the second holds, with the pools in place of PgBouncer's server connections.
 */
record ConnectionBudget(String deployment, Map<String, Service> services, int pgbouncerReplicas, PgBouncer pgbouncer,
                        int maxConnections, int reserved) {

    /**
     * What is not a pool: an operator's psql, the load test's pg_stat_activity sampler, a
     * monitoring exporter, migrations run by hand (server-config/CONNECTION-BUDGET.md).
     */
    static final int HEADROOM = 10;

    private static final Pattern POOL_MAX = Pattern.compile("--maxpoolsize=\\$\\{ENV=DB_POOL_MAX_SIZE:(\\d+)}");

    record Service(String dbUser, int maxReplicas, int poolMax) {
    }

    /** The settings of server-config/pgbouncer/pgbouncer.ini that bound connections. */
    record PgBouncer(int maxClientConn, int defaultPoolSize, int reservePoolSize, int maxDbConnections,
                     Map<String, Integer> maxUserConnections) {

        static PgBouncer parse(String ini) throws IOException {
            Ini parsed = new Ini();
            parsed.getConfig().setEscape(false);
            parsed.load(new StringReader(ini));
            Ini.Section main = parsed.get("pgbouncer");
            Map<String, Integer> users = new LinkedHashMap<>();
            Ini.Section userSection = parsed.get("users");
            if (userSection != null) {
                for (var user : userSection.entrySet()) {
                    Matcher m = Pattern.compile("max_user_connections\\s*=\\s*(\\d+)").matcher(user.getValue());
                    users.put(user.getKey(), m.find() ? Integer.parseInt(m.group(1)) : 0);
                }
            }
            return new PgBouncer(number(main, "max_client_conn", 100), number(main, "default_pool_size", 20),
                    number(main, "reserve_pool_size", 0), number(main, "max_db_connections", 0), users);
        }

        private static int number(Ini.Section section, String key, int pgbouncerDefault) {
            String value = section.get(key);
            return value == null ? pgbouncerDefault : Integer.parseInt(value.trim());
        }

        /** The most server connections one PgBouncer opens for these users of the one database. */
        int serverConnections(List<String> users) {
            int perPool = defaultPoolSize + reservePoolSize;
            int sum = 0;
            for (String user : users) {
                int userLimit = maxUserConnections.getOrDefault(user, 0);
                sum += userLimit > 0 ? Math.min(perPool, userLimit) : perPool;
            }
            return maxDbConnections > 0 ? Math.min(sum, maxDbConnections) : sum;
        }
    }

    int clients() {
        return services.values().stream().mapToInt(s -> s.maxReplicas() * s.poolMax()).sum();
    }

    int clientLimit() {
        return pgbouncerReplicas * pgbouncer.maxClientConn();
    }

    int serverConnections() {
        if (pgbouncer == null) {
            return clients();
        }
        return pgbouncerReplicas * pgbouncer.serverConnections(services.values().stream().map(Service::dbUser).distinct().toList());
    }

    int databaseLimit() {
        return maxConnections - reserved;
    }

    List<String> violations() {
        List<String> violations = new ArrayList<>();
        if (pgbouncer == null) {
            if (clients() + HEADROOM > databaseLimit()) {
                violations.add(deployment + ": Σ(max replicas × pool max) " + clients() + " + headroom " + HEADROOM
                        + " > max_connections − reserved = " + databaseLimit() + " (no PgBouncer in between)");
            }
            return violations;
        }
        if (clients() > clientLimit()) {
            violations.add(deployment + ": Σ(max replicas × pool max) = " + clients() + " > PgBouncer max_client_conn "
                    + clientLimit() + ": some replica's pool could not fill");
        }
        if (serverConnections() + HEADROOM > databaseLimit()) {
            violations.add(deployment + ": PgBouncer server connections " + serverConnections() + " + headroom " + HEADROOM
                    + " > max_connections − reserved = " + databaseLimit());
        }
        for (Service s : services.values()) {
            if (!pgbouncer.maxUserConnections().containsKey(s.dbUser())) {
                violations.add(deployment + ": role " + s.dbUser() + " has no max_user_connections in pgbouncer.ini [users]");
            }
        }
        return violations;
    }

    /** The README's row for this deployment. */
    String tableRow() {
        StringBuilder replicas = new StringBuilder();
        StringBuilder pools = new StringBuilder();
        for (var e : services.entrySet()) {
            replicas.append(replicas.isEmpty() ? "" : " / ").append(e.getValue().maxReplicas());
            pools.append(pools.isEmpty() ? "" : " + ").append(e.getValue().maxReplicas()).append(" × ").append(e.getValue().poolMax());
        }
        if (pgbouncer == null) {
            return "| " + deployment + " | " + replicas + " | no PgBouncer: the pools are PostgreSQL's clients | – | "
                    + pools + " + " + HEADROOM + " = **" + (clients() + HEADROOM) + "** | "
                    + maxConnections + " − " + reserved + " = " + databaseLimit() + " |";
        }
        return "| " + deployment + " | " + replicas + " | " + pools + " = **" + clients() + "** | " + clientLimit()
                + " | " + serverConnections() + " + " + HEADROOM + " = **" + (serverConnections() + HEADROOM) + "** | "
                + maxConnections + " − " + reserved + " = " + databaseLimit() + " |";
    }

    static final String TABLE_HEADER = """
            | deployment | max replicas (auth / catalog / order) | PgBouncer clients: Σ max replicas × pool max | PgBouncer `max_client_conn` | PostgreSQL connections: PgBouncer server pools + headroom | `max_connections` − reserved |
            |---|---|---|---|---|---|""";

    /** The default of --maxpoolsize in a boot command file. */
    static int poolMaxDefault(String bootFile) {
        Matcher m = POOL_MAX.matcher(bootFile);
        if (!m.find()) {
            throw new AssertionError("no --maxpoolsize=${ENV=DB_POOL_MAX_SIZE:n} in boot file");
        }
        return Integer.parseInt(m.group(1));
    }

    /** max_connections and superuser_reserved_connections from server-config/postgresql.conf. */
    static int[] postgresLimits() throws IOException {
        Properties conf = new Properties();
        String text = Files.readString(Tools.ROOT.resolve("server-config/postgresql.conf")).replaceAll("(?m)#.*$", "");
        conf.load(new StringReader(text));
        return new int[] {Integer.parseInt(conf.getProperty("max_connections").trim()),
                Integer.parseInt(conf.getProperty("superuser_reserved_connections", "3").trim())};
    }

    static PgBouncer serverConfigPgBouncer() throws IOException {
        return PgBouncer.parse(Files.readString(Tools.ROOT.resolve("server-config/pgbouncer/pgbouncer.ini")));
    }

    static Path serverConfig(String file) {
        return Tools.ROOT.resolve("server-config").resolve(file);
    }
}
