package com.velure.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.velure.devsupport.LocalPostgres;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection budget of every deployment, read from what is deployed: the rendered overlays
 * (HPA maxReplicas, the pool files and PgBouncer settings in their ConfigMaps, environment
 * overrides), docker/docker-compose.yml, server-config/postgresql.conf, and the local stack's fleet
 * as the load test runs it (server-config's pool files and pgbouncer.ini, the embedded
 * PostgreSQL's limit). The README shows the same table.
 */
class ConnectionBudgetTest {

    private static final List<String> ORDER = List.of("auth", "catalog", "order");

    /**
     * The original's topology, which the load test's fleet runs use (loadtest/README.md, "The
     * fleet"): {@code ./run-local.sh --replicas auth=3,catalog=2,order=2}, with and without --pgbouncer.
     */
    static final Map<String, Integer> LOCAL_FLEET = Map.of("auth", 3, "catalog", 2, "order", 2);

    /** The role each service logs in as (dev-support's ServiceRole), whose pool file is server-config/ROLE.asadmin. */
    private static final Map<String, String> ROLES = Map.of("auth", "auth", "catalog", "catalog", "order", "orders");

    /** PostgreSQL's own default, which the embedded server keeps. */
    private static final int DEFAULT_RESERVED = 3;

    @Test
    void everyDeploymentFitsPgBouncerAndPostgreSQL() throws Exception {
        List<ConnectionBudget> budgets = new ArrayList<>();
        budgets.add(localFleet(false));
        budgets.add(localFleet(true));
        budgets.add(compose());
        for (Manifests m : RenderedOverlaysTest.renderAll()) {
            budgets.add(kubernetes(m));
        }
        StringBuilder table = new StringBuilder(ConnectionBudget.TABLE_HEADER);
        List<String> violations = new ArrayList<>();
        for (ConnectionBudget budget : budgets) {
            table.append('\n').append(budget.tableRow());
            violations.addAll(budget.violations());
        }
        System.out.println(table);
        assertEquals(List.of(), violations);
        String readme = Files.readString(Tools.ROOT.resolve("README.md"));
        assertTrue(readme.contains(table), "README.md \"Deployment\" must show this table:\n" + table);
    }

    @Test
    void tooManyReplicasOrTooSmallADatabaseBreakTheBudget() throws Exception {
        ConnectionBudget compose = compose();
        Map<String, ConnectionBudget.Service> more = new LinkedHashMap<>(compose.services());
        more.put("auth", new ConnectionBudget.Service("auth", 12, 8));
        ConnectionBudget tooManyClients = new ConnectionBudget("test", more, 1, compose.pgbouncer(), 100, 3);
        assertEquals(1, tooManyClients.violations().size(), tooManyClients.violations().toString());
        ConnectionBudget smallDatabase = new ConnectionBudget("test", compose.services(), 1, compose.pgbouncer(), 40, 3);
        assertEquals(1, smallDatabase.violations().size(), smallDatabase.violations().toString());
        ConnectionBudget threeBouncers = new ConnectionBudget("test", compose.services(), 3, compose.pgbouncer(), 100, 3);
        assertTrue(threeBouncers.violations().get(0).contains("server connections 90"), threeBouncers.violations().toString());
    }

    @Test
    void withoutPgBouncerThePoolsThemselvesMustFitPostgreSQL() throws Exception {
        ConnectionBudget direct = localFleet(false);
        assertEquals(List.of(), direct.violations());
        ConnectionBudget twice = new ConnectionBudget("test", Map.of("auth", new ConnectionBudget.Service("auth", 6, 8),
                "catalog", new ConnectionBudget.Service("catalog", 4, 8), "order", new ConnectionBudget.Service("orders", 4, 8)),
                1, null, LocalPostgres.MAX_CONNECTIONS, DEFAULT_RESERVED);
        assertEquals(1, twice.violations().size(), "14 × 8 + 10 > 97: " + twice.violations());
    }

    /** The local stack's fleet: server-config's pool files and pgbouncer.ini as the launcher uses them, the embedded PostgreSQL. */
    static ConnectionBudget localFleet(boolean pgbouncer) throws Exception {
        Map<String, ConnectionBudget.Service> services = new LinkedHashMap<>();
        for (String name : ORDER) {
            String role = ROLES.get(name);
            services.put(name, new ConnectionBudget.Service(role, LOCAL_FLEET.get(name),
                    ConnectionBudget.poolMaxDefault(Files.readString(ConnectionBudget.serverConfig(role + ".asadmin")))));
        }
        String replicas = String.join(",", ORDER.stream().map(n -> n + "=" + LOCAL_FLEET.get(n)).toList());
        return new ConnectionBudget("local stack `--replicas " + replicas + (pgbouncer ? " --pgbouncer`" : "`"), services, 1,
                pgbouncer ? ConnectionBudget.serverConfigPgBouncer() : null, LocalPostgres.MAX_CONNECTIONS, DEFAULT_RESERVED);
    }

    /** The compose stack: one container per service unless it says scale, the image's pool files. */
    static ConnectionBudget compose() throws Exception {
        JsonNode compose = Manifests.YAML.readTree(Files.readString(Tools.ROOT.resolve("docker/docker-compose.yml")));
        Map<String, ConnectionBudget.Service> services = new LinkedHashMap<>();
        for (String name : ORDER) {
            JsonNode service = compose.path("services").path(name);
            assertEquals("docker/service/Dockerfile", service.path("build").path("dockerfile").asText(), name);
            String database = service.path("build").path("args").path("DATABASE").asText(name);
            int replicas = service.path("scale").asInt(1);
            String override = service.path("environment").path("DB_POOL_MAX_SIZE").asText(null);
            int poolMax = override != null ? Integer.parseInt(override)
                    : ConnectionBudget.poolMaxDefault(Files.readString(ConnectionBudget.serverConfig(database + ".asadmin")));
            services.put(name, new ConnectionBudget.Service(service.path("environment").path("DB_USER").asText(), replicas, poolMax));
        }
        int[] postgres = ConnectionBudget.postgresLimits();
        return new ConnectionBudget("compose (`docker/`)", services, 1, ConnectionBudget.serverConfigPgBouncer(), postgres[0], postgres[1]);
    }

    static ConnectionBudget kubernetes(Manifests m) throws Exception {
        Map<String, ConnectionBudget.Service> services = new LinkedHashMap<>();
        for (String name : ORDER) {
            Deployment deployment = m.named(Deployment.class, name + "-server");
            HorizontalPodAutoscaler hpa = m.all(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(deployment.getMetadata().getName()))
                    .findFirst().orElseThrow(() -> new AssertionError(m.overlay + ": no HPA for " + name));
            Map<String, String> env = environment(m, deployment);
            String bootMap = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals("boot")).findFirst().orElseThrow().getConfigMap().getName();
            String bootFile = m.named(ConfigMap.class, bootMap).getData().get("service.asadmin");
            int poolMax = env.containsKey("DB_POOL_MAX_SIZE") ? Integer.parseInt(env.get("DB_POOL_MAX_SIZE"))
                    : ConnectionBudget.poolMaxDefault(bootFile);
            services.put(name, new ConnectionBudget.Service(env.get("DB_USER"), hpa.getSpec().getMaxReplicas(), poolMax));
        }
        Deployment pgbouncer = m.named(Deployment.class, "pgbouncer");
        String ini = m.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().startsWith("pgbouncer-config"))
                .findFirst().orElseThrow().getData().get("pgbouncer.ini");
        int[] postgres = ConnectionBudget.postgresLimits();
        return new ConnectionBudget("Kubernetes `" + m.overlay + "`", services, pgbouncer.getSpec().getReplicas(),
                ConnectionBudget.PgBouncer.parse(ini), postgres[0], postgres[1]);
    }

    /** The container's environment as Kubernetes builds it: envFrom ConfigMaps, then env. */
    private static Map<String, String> environment(Manifests m, Deployment deployment) {
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new HashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                env.putAll(m.named(ConfigMap.class, from.getConfigMapRef().getName()).getData());
            }
        }
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            }
        }
        return env;
    }
}
