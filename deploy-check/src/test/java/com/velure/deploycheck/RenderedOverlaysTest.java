package com.velure.deploycheck;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
