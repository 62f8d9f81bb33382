package dev.skyport.e2e.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * One rendered overlay as typed objects, with the look-ups the policy checks need; serviceNames are the Spring services
 * it must deploy (the reactor's, or a copy's with a service added).
 */
record Cluster(String overlay, List<HasMetadata> objects, List<String> serviceNames) {

    static final List<String> SERVICES = Topology.SERVICES;

    /** For {@code @MethodSource}: every Spring service of the reactor. */
    static List<String> services() {
        return SERVICES;
    }

    static Cluster of(String overlay) {
        return new Cluster(overlay, RenderedOverlays.render(overlay).stream().map(StrictKubernetesModel::parse).toList(),
                SERVICES);
    }

    /** The overlay's name only: a test's display name, not hundreds of objects. */
    @Override
    public String toString() {
        return overlay;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    Deployment deployment(String name) {
        return named(Deployment.class, name).orElseThrow(() -> new AssertionError(overlay + " has no Deployment " + name));
    }

    Map<String, String> podLabels(String deployment) {
        return deployment(deployment).getSpec().getTemplate().getMetadata().getLabels();
    }

    /** The variables a container gets: keys of the ConfigMaps it imports plus its own env entries. */
    Set<String> environmentNames(String deployment) {
        Container container = deployment(deployment).getSpec().getTemplate().getSpec().getContainers().getFirst();
        Set<String> names = new TreeSet<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            String configMap = source.getConfigMapRef().getName();
            names.addAll(named(ConfigMap.class, configMap)
                    .orElseThrow(() -> new AssertionError(deployment + " imports missing ConfigMap " + configMap))
                    .getData().keySet());
        }
        container.getEnv().stream().map(EnvVar::getName).forEach(names::add);
        return names;
    }

    /**
     * The settings a service's container sees as plain values: the data of the ConfigMaps it imports (the shared
     * spring-services one), overridden by its own env entries with a value (as Kubernetes does); secrets are left out.
     */
    Map<String, String> configuration(String deployment) {
        Container container = deployment(deployment).getSpec().getTemplate().getSpec().getContainers().getFirst();
        Map<String, String> data = new java.util.TreeMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            named(ConfigMap.class, source.getConfigMapRef().getName()).ifPresent(cm -> data.putAll(cm.getData()));
        }
        for (EnvVar env : container.getEnv()) {
            if (env.getValueFrom() == null) {
                data.put(env.getName(), env.getValue() == null ? "" : env.getValue());
            }
        }
        return data;
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not understood by these checks; use matchLabels");
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    List<String> deploymentNames() {
        List<String> names = new ArrayList<>();
        all(Deployment.class).forEach(d -> names.add(d.getMetadata().getName()));
        return names;
    }

    Set<String> kinds() {
        Set<String> kinds = new HashSet<>();
        objects.forEach(o -> kinds.add(o.getKind()));
        return kinds;
    }
}
