package com.velure.deploycheck;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every overlay of k8s/ renders with kustomize, every object in it parses strictly into the
 * fabric8 Kubernetes model, and the objects say what the README promises.
 */
class RenderedOverlaysTest {

    static final Set<String> SERVICES = Set.of("auth", "catalog", "order");
    static final Map<String, String> SERVICE_FILES = Map.of("auth", "auth.asadmin", "catalog", "catalog.asadmin", "order", "orders.asadmin");

    static List<Manifests> rendered = new ArrayList<>();

    @BeforeAll
    static void render() throws Exception {
        rendered = renderAll();
    }

    /** All overlays, or the test is skipped where no kustomize exists (k8s/README.md). */
    static List<Manifests> renderAll() throws Exception {
        var kustomize = Tools.kustomize();
        Assumptions.assumeTrue(kustomize.isPresent(),
                "neither kubectl nor kustomize on PATH: k8s/ overlays not rendered or checked (README \"Kubernetes\")");
        List<Manifests> all = new ArrayList<>();
        for (String overlay : Manifests.overlays()) {
            all.add(Manifests.render(kustomize.get(), overlay));
        }
        assertEquals(List.of("dev", "prod"), all.stream().map(m -> m.overlay).toList());
        return all;
    }

    @Test
    void strictParsingRefusesUnknownFieldsAndWrongTypes() {
        String unknownField = """
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec:
                  ports: [{port: 80, targetPorts: 8080}]
                """;
        String wrongType = """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: x}
                spec: {maxReplicas: "3", scaleTargetRef: {kind: Deployment, name: x}}
                """;
        String secret = """
                apiVersion: v1
                kind: Secret
                metadata: {name: velure-db}
                stringData: {auth-password: hunter2}
                """;
        assertTrue(assertThrows(AssertionError.class, () -> Manifests.parse("test", unknownField)).getMessage().contains("targetPorts"));
        assertThrows(AssertionError.class, () -> Manifests.parse("test", wrongType));
        assertThrows(AssertionError.class, () -> Manifests.parse("test", secret));
    }

    @Test
    void everyServiceHasProbesGracefulShutdownResourcesAndItsBootFiles() throws Exception {
        for (Manifests m : rendered) {
            for (String service : SERVICES) {
                Deployment deployment = m.named(Deployment.class, service + "-server");
                var pod = deployment.getSpec().getTemplate().getSpec();
                Container c = pod.getContainers().get(0);
                String where = m.overlay + "/" + service;
                assertEquals("/health/started", c.getStartupProbe().getHttpGet().getPath(), where);
                assertTrue(c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold() >= 180,
                        where + ": the startup probe must allow for Payara's boot");
                assertEquals("/health/ready", c.getReadinessProbe().getHttpGet().getPath(), where);
                assertEquals("/health/live", c.getLivenessProbe().getHttpGet().getPath(), where);
                assertNotNull(c.getLifecycle().getPreStop().getExec(), where);
                assertTrue(pod.getTerminationGracePeriodSeconds() >= 30, where);
                assertFalse(c.getResources().getRequests().isEmpty(), where + ": requests");
                assertNotNull(c.getResources().getLimits().get("memory"), where + ": memory limit");
                assertTrue(pod.getSecurityContext().getRunAsNonRoot(), where);

                // Secrets only by reference.
                for (EnvVar env : c.getEnv()) {
                    assertTrue(env.getValue() == null || !env.getName().matches(".*(PASSWORD|TOKEN|KEY)$"), where + ": " + env.getName());
                }
                String bootMap = pod.getVolumes().stream().filter(v -> v.getName().equals("boot")).findFirst().orElseThrow()
                        .getConfigMap().getName();
                ConfigMap boot = m.named(ConfigMap.class, bootMap);
                assertEquals(Files.readString(Tools.ROOT.resolve("server-config/" + SERVICE_FILES.get(service))),
                        boot.getData().get("service.asadmin"), where + ": pool file differs from server-config/");
                assertEquals(Files.readString(Tools.ROOT.resolve("server-config/monitoring.asadmin")),
                        boot.getData().get("monitoring.asadmin"), where);
                assertEquals(Files.readString(Tools.ROOT.resolve("server-config/jvm.options")),
                        boot.getData().get("jvm.options"), where + ": JVM options differ from server-config/");

                HorizontalPodAutoscaler hpa = m.named(HorizontalPodAutoscaler.class, service + "-server");
                assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
                assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
                PodDisruptionBudget pdb = m.named(PodDisruptionBudget.class, service + "-server");
                assertEquals(deployment.getSpec().getSelector(), pdb.getSpec().getSelector(), where);
                assertEquals(deployment.getSpec().getSelector().getMatchLabels(),
                        m.named(Service.class, service + "-server").getSpec().getSelector(), where);
            }
            assertEquals(Files.readString(Tools.ROOT.resolve("server-config/pgbouncer/pgbouncer.ini")),
                    m.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().startsWith("pgbouncer-config"))
                            .findFirst().orElseThrow().getData().get("pgbouncer.ini"), m.overlay);
        }
    }

    @Test
    void ingressRoutesOnlyThePublicApi() {
        for (Manifests m : rendered) {
            List<Ingress> ingresses = m.all(Ingress.class);
            assertEquals(1, ingresses.size());
            List<String> routes = new ArrayList<>();
            for (var rule : ingresses.get(0).getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    routes.add(path.getPathType() + " " + path.getPath() + " -> " + path.getBackend().getService().getName());
                }
            }
            assertEquals(List.of("Prefix /api/auth -> auth-server", "Prefix /api/product -> catalog-server",
                    "Prefix /api/order -> order-server", "Exact /api/orders -> order-server"), routes, m.overlay);
        }
    }

    @Test
    void networkPoliciesLetOnlyServicesReachPgBouncerAndOnlyOrderReachCatalogDirectly() {
        for (Manifests m : rendered) {
            NetworkPolicy pgbouncer = m.named(NetworkPolicy.class, "pgbouncer-from-services");
            assertEquals(Map.of("velure.io/pgbouncer-client", "true"),
                    pgbouncer.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels());
            for (Deployment d : m.all(Deployment.class)) {
                boolean client = "true".equals(d.getSpec().getTemplate().getMetadata().getLabels().get("velure.io/pgbouncer-client"));
                assertEquals(d.getMetadata().getName().endsWith("-server"), client, m.overlay + ": " + d.getMetadata().getName());
            }
            NetworkPolicy catalog = m.named(NetworkPolicy.class, "catalog-internal-from-order");
            assertEquals("order", catalog.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector()
                    .getMatchLabels().get("app.kubernetes.io/name"));
            assertTrue(m.all(NetworkPolicy.class).stream().anyMatch(p -> p.getSpec().getPodSelector().getMatchLabels() == null
                    || p.getSpec().getPodSelector().getMatchLabels().isEmpty()), m.overlay + ": default deny");
        }
    }

    @Test
    void devOverlaysResourcePatchReachesTheServices() {
        // Its patch picks the Deployments by label; one that matches nothing is skipped in silence.
        Manifests dev = rendered.stream().filter(m -> m.overlay.equals("dev")).findFirst().orElseThrow();
        for (String service : SERVICES) {
            var resources = dev.named(Deployment.class, service + "-server").getSpec().getTemplate().getSpec()
                    .getContainers().get(0).getResources();
            assertEquals(new Quantity("250m"), resources.getRequests().get("cpu"), service);
            assertEquals(new Quantity("768Mi"), resources.getLimits().get("memory"), service);
        }
    }

    /**
     * The server console's component (console/README.md, "Compose and Kubernetes") added to each
     * overlay: the agent reaches every service Deployment, the console's Services and settings name
     * what the overlay has, and its NetworkPolicies let the console, and no one else, reach the
     * agents, while the services' HTTP port stays as closed as the overlay alone keeps it.
     */
    @Test
    void consoleComponentFitsEveryOverlayAndOpensNothingElse() throws Exception {
        var kustomize = Tools.kustomize().orElseThrow();
        Map<String, String> stranger = Map.of("app.kubernetes.io/name", "stranger");
        for (Manifests plain : rendered) {
            Manifests m = Manifests.renderWithComponent(kustomize, plain.overlay, "console");
            Deployment console = m.named(Deployment.class, "velure-console");
            Map<String, String> consolePod = console.getSpec().getTemplate().getMetadata().getLabels();
            Map<String, String> env = new HashMap<>();
            console.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(e -> env.put(e.getName(), e.getValue()));

            for (String service : SERVICES) {
                String where = m.overlay + "/" + service;
                Deployment deployment = m.named(Deployment.class, service + "-server");
                var pod = deployment.getSpec().getTemplate();
                assertEquals(List.of("console-agent"), pod.getSpec().getInitContainers().stream().map(Container::getName).toList(), where);
                Container server = pod.getSpec().getContainers().get(0);
                assertTrue(server.getEnv().stream().anyMatch(e -> e.getName().equals("JDK_JAVA_OPTIONS")
                        && e.getValue().startsWith("-javaagent:/opt/velure-console/agent/") && e.getValue().contains("port=8778")), where);
                assertTrue(server.getPorts().stream().anyMatch(p -> p.getContainerPort() == 8778), where + ": agent port");

                Service agents = m.named(Service.class, service + "-agent");
                assertEquals("None", agents.getSpec().getClusterIP(), where + ": headless, one address per pod");
                assertEquals(List.of(service + "-server"), m.all(Deployment.class).stream()
                        .filter(d -> selects(agents.getSpec().getSelector(), podLabels(d))).map(d -> d.getMetadata().getName()).toList(), where);
                assertTrue(env.get("VELURE_CONSOLE_AGENTS").contains(service + "=dns:" + service + "-agent:8778"), where);

                assertTrue(admits(m, deployment, consolePod, 8778), where + ": the console reaches the agent");
                assertFalse(admits(m, deployment, stranger, 8778), where + ": only the console reaches the agent");
                assertEquals(admits(plain, plain.named(Deployment.class, service + "-server"), stranger, 8080),
                        admits(m, deployment, stranger, 8080), where + ": the component must not open the HTTP port");
                assertFalse(admits(m, deployment, stranger, 8080), where);
            }
            // The console checks an administrator's login with auth.
            assertEquals("http://auth-server:8080", env.get("VELURE_CONSOLE_AUTH_URL"), m.overlay);
            assertTrue(selects(m.named(Service.class, "auth-server").getSpec().getSelector(), podLabels(m.named(Deployment.class, "auth-server"))));
            assertTrue(admits(m, m.named(Deployment.class, "auth-server"), consolePod, 8080), m.overlay + ": the console reaches auth");
            assertFalse(admits(m, m.named(Deployment.class, "catalog-server"), consolePod, 8080), m.overlay);
            assertTrue(selects(m.named(Service.class, "velure-console").getSpec().getSelector(), consolePod), m.overlay);
            assertTrue(admits(m, console, stranger, 8090), m.overlay + ": the console's own port");
        }
    }

    private static Map<String, String> podLabels(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    /** A label selector as a NetworkPolicy reads it: empty selects every pod; only matchLabels is used in k8s/. */
    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        assertTrue(selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty(), "matchExpressions not evaluated here");
        return selector.getMatchLabels() == null || labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }

    /**
     * Whether the overlay's NetworkPolicies admit a pod of the same namespace with these labels to
     * this port of the Deployment's pods (Kubernetes' rules: isolated once any policy selects the
     * pod, then the union of the rules; a peer with a namespace selector names other namespaces).
     */
    private static boolean admits(Manifests m, Deployment target, Map<String, String> source, int port) {
        Map<String, String> labels = podLabels(target);
        String portName = target.getSpec().getTemplate().getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream())
                .filter(p -> p.getContainerPort() == port).map(p -> p.getName()).findFirst().orElse(null);
        Predicate<NetworkPolicyPort> matchesPort = p -> {
            IntOrString value = p.getPort();
            return value == null || Integer.valueOf(port).equals(value.getIntVal()) || (portName != null && portName.equals(value.getStrVal()));
        };
        Predicate<NetworkPolicyPeer> matchesPeer = peer -> peer.getNamespaceSelector() == null && peer.getIpBlock() == null
                && peer.getPodSelector() != null && selects(peer.getPodSelector(), source);
        List<NetworkPolicy> selecting = m.all(NetworkPolicy.class).stream()
                .filter(p -> (p.getSpec().getPolicyTypes() == null || p.getSpec().getPolicyTypes().contains("Ingress"))
                        && selects(p.getSpec().getPodSelector(), labels)).toList();
        return selecting.isEmpty() || selecting.stream().filter(p -> p.getSpec().getIngress() != null)
                .flatMap(p -> p.getSpec().getIngress().stream()).anyMatch(rule ->
                (rule.getFrom() == null || rule.getFrom().isEmpty() || rule.getFrom().stream().anyMatch(matchesPeer))
                        && (rule.getPorts() == null || rule.getPorts().isEmpty() || rule.getPorts().stream().anyMatch(matchesPort)));
    }

    @Test
    void monitoringScrapesTheServicesAndCarriesTheAlerts() {
        for (Manifests m : rendered) {
            assertEquals(1, m.all(PodMonitor.class).size(), m.overlay);
            assertEquals("/metrics", m.all(PodMonitor.class).get(0).getSpec().getPodMetricsEndpoints().get(0).getPath());
            PrometheusRule rules = m.all(PrometheusRule.class).get(0);
            List<String> alerts = rules.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream())
                    .map(r -> r.getAlert()).toList();
            assertTrue(alerts.containsAll(List.of("VelureDbPoolWaiters", "VelureDbPoolWaitTimeouts", "VelureDbPoolNearlyFull",
                    "VelureNotReady", "VelureOrdersStuck", "VelureOutboxBacklogGrowing")), alerts.toString());
            assertNotNull(m.named(ConfigMap.class, "velure-dashboard").getData().get("velure-dashboard.json"));
        }
    }
}
