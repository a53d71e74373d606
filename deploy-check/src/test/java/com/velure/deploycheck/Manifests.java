package com.velure.deploycheck;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** An overlay rendered by kustomize, every object read into its fabric8 model class, strictly. */
final class Manifests {

    /** The kinds a Velure overlay may contain. Anything else is a mistake (a Secret with values, say). */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "monitoring.coreos.com/v1/PodMonitor", PodMonitor.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class,
            "monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class);

    static final ObjectMapper YAML = new YAMLMapper();
    /** No "2" for 2, no unknown field: what the API server's strict field validation refuses. */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    final String overlay;
    final List<HasMetadata> objects;

    private Manifests(String overlay, List<HasMetadata> objects) {
        this.overlay = overlay;
        this.objects = objects;
    }

    static List<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(Tools.ROOT.resolve("k8s/overlays"))) {
            return dirs.filter(d -> Files.exists(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    static Manifests render(List<String> kustomize, String overlay) throws Exception {
        return render(kustomize, "k8s/overlays/" + overlay, overlay);
    }

    private static Manifests render(List<String> kustomize, String directory, String name) throws Exception {
        Tools.Result result = Tools.run(Tools.command(kustomize, directory));
        if (result.exitCode() != 0) {
            throw new AssertionError("overlay " + name + " does not render:\n" + result.output());
        }
        return parse(name, result.output());
    }

    /**
     * An overlay with a component of k8s/components added, the way its README tells an operator to:
     * a kustomization in the build's scratch folder whose resources are the overlay.
     */
    static Manifests renderWithComponent(List<String> kustomize, String overlay, String component) throws Exception {
        Path dir = Tools.WORK.resolve("with-" + component + "/" + overlay);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"), String.join("\n",
                "apiVersion: kustomize.config.k8s.io/v1beta1",
                "kind: Kustomization",
                "resources: [" + dir.relativize(Tools.ROOT.resolve("k8s/overlays/" + overlay)) + "]",
                "components: [" + dir.relativize(Tools.ROOT.resolve("k8s/components/" + component)) + "]", ""));
        return render(kustomize, dir.toString(), overlay + "+" + component);
    }

    static Manifests parse(String overlay, String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : YAML.readerFor(JsonNode.class).readValues(new YAMLFactory().createParser(yaml)).readAll()
                .stream().map(JsonNode.class::cast).toList()) {
            if (document == null || document.isNull() || document.isEmpty()) {
                continue;
            }
            String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(key);
            if (type == null) {
                throw new AssertionError(overlay + ": unexpected object " + key + " " + document.path("metadata").path("name"));
            }
            String where = overlay + ": " + key + " " + document.path("metadata").path("name").asText();
            HasMetadata object;
            try {
                object = STRICT.treeToValue(document, type);
            } catch (IOException e) {
                throw new AssertionError(where + " does not parse: " + e.getMessage(), e);
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(object, "", unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
            if (!unknown.isEmpty()) {
                throw new AssertionError(where + " has unknown fields: " + unknown);
            }
            objects.add(object);
        }
        return new Manifests(overlay, objects);
    }

    /**
     * fabric8's classes keep fields they do not know in "additionalProperties" instead of failing;
     * any entry there is a field the Kubernetes API does not have (a typo, a wrong level).
     */
    private static void unknownFields(Object value, String path, List<String> unknown, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object property;
            try {
                property = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + " " + extra.keySet());
                }
            } else {
                String name = getter.getName().substring(3);
                unknownFields(property, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), unknown, seen);
            }
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + type.getSimpleName() + " " + name));
    }
}
