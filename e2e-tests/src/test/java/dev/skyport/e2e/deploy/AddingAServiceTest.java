package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/adding-a-service.md played on a copy of the repository: its code blocks add a throwaway catalog-service (a
 * module, one route, one Kubernetes file, and the compose and AWS lines the doc lists), and every deploy check the real
 * services pass (Topology, run.sh's derived list, compose's config and environment, the rendered overlays and
 * KubernetesPolicyTest's rules) passes for the copy. Leaving out any step makes them fail, so the doc cannot lose a step unnoticed.
 */
class AddingAServiceTest {

    private static final String SERVICE = "catalog-service";
    private static final DocumentedSteps STEPS = DocumentedSteps.of(Repository.read("docs/adding-a-service.md"));

    @Test
    void theDocumentAddsTheServiceWithOneModuleOneRouteAndOneKubernetesFile() {
        assertThat(STEPS.steps().keySet()).contains("catalog-service/pom.xml",
                "catalog-service/src/main/resources/application.yml",
                "gateway-service/src/main/resources/application.yml: routes", "k8s/services/catalog-service.yaml");
        // Outside its module: nothing in k8s/ but its file and its line in the list (no overlay, no other component).
        assertThat(STEPS.steps().keySet()).filteredOn(step -> step.startsWith("k8s/") && !step.startsWith("k8s/overlays/aws/"))
                .containsExactlyInAnyOrder("k8s/services/catalog-service.yaml", "k8s/services/kustomization.yaml: resources");
        assertThat(STEPS.steps().get("k8s/services/catalog-service.yaml").lines().count()).as("lines of its Kubernetes file")
                .isLessThanOrEqualTo(60);
    }

    @Test
    void aServiceAddedByTheDocumentedStepsPassesEveryDeployCheck(@TempDir Path copy) {
        copyRepository(copy);
        STEPS.applyTo(copy);

        List<Cluster> clusters = deployChecks(copy);

        assertThat(Topology.springServices(copy)).contains(SERVICE);
        // It got the shared pod spec and settings without writing them.
        Cluster local = clusters.stream().filter(c -> c.overlay().equals("local")).findFirst().orElseThrow();
        PodSpec pod = local.deployment(SERVICE).getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().getFirst();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(container.getEnv().getFirst().getName()).isEqualTo("JAVA_TOOL_OPTIONS");
        assertThat(local.configuration(SERVICE)).containsEntry("SERVER_PORT", "9003")
                .containsEntry("DYNAMODB_ENDPOINT", "http://dynamo-engine:8000").containsEntry("SKYPORT_TABLE_PREFIX", "local-");
        Cluster aws = clusters.stream().filter(c -> c.overlay().equals("aws")).findFirst().orElseThrow();
        assertThat(aws.configuration(SERVICE)).containsEntry("DYNAMODB_ENDPOINT", "").containsEntry("AWS_REGION", "eu-west-1");
        assertThat(aws.deployment(SERVICE).getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("111122223333.dkr.ecr.eu-west-1.amazonaws.com/skyport/catalog-service:0.1.0");
        // The gateway reaches it; it reaches users-service (token keys) and the engine, and nothing else.
        for (String target : local.deploymentNames()) {
            if (!target.equals(SERVICE)) {
                assertThat(KubernetesPolicyTest.allowed(local, SERVICE, target)).as("%s -> %s", SERVICE, target)
                        .isEqualTo(List.of("users-service", "dynamo-engine").contains(target));
            }
        }
        assertThat(KubernetesPolicyTest.allowed(local, "gateway-service", SERVICE)).isTrue();
        assertThat(KubernetesPolicyTest.allowed(local, "orders-service", SERVICE)).isFalse();
    }

    static List<String> steps() {
        return List.copyOf(STEPS.steps().keySet());
    }

    @ParameterizedTest(name = "without {0}")
    @MethodSource("steps")
    void theDeployChecksFailWhenAStepIsLeftOut(String step, @TempDir Path copy) {
        copyRepository(copy);
        STEPS.applyTo(copy, step);

        assertThatThrownBy(() -> deployChecks(copy)).as("the deploy checks without '%s'", step).isInstanceOf(AssertionError.class);
    }

    /** The checks the deploy tests run on the repository, run on a checkout at root; the rendered overlays. */
    static List<Cluster> deployChecks(Path root) {
        List<String> services = Topology.springServices(root);
        ExternalTool.Result config = ExternalTool.DOCKER_COMPOSE.run("-f", root.resolve("docker-compose.yml").toString(), "config", "-q");
        assertThat(config.exitCode()).as(config.describe()).isZero();
        JsonNode compose = ComposeFile.resolved(read(root.resolve("docker-compose.yml")));
        TopologyTest.composeBuildsExactly(compose, services);
        TopologyTest.runShStartsExactly(root, compose, services);
        TopologyTest.endToEndTestsBuildEveryService(root, services);
        ComposeSpecificationTest.theGatewayWaitsOnlyForWhatItUses(compose);
        try {
            ComposeSpecificationTest.prometheusScrapesEveryService(read(root.resolve("deploy/compose/prometheus/prometheus.yml")),
                    compose, services);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String service : services) {
            ComposeEnvironmentTest.composeSetsExactlyTheVariablesTheServiceReads(root, compose, service);
            ComposeEnvironmentTest.defaultsToItsComposePorts(root, compose, service);
        }

        List<Cluster> clusters = new ArrayList<>();
        for (String overlay : List.of("local", "aws", "aws-alb")) {
            clusters.add(new Cluster(overlay, RenderedOverlays.renderDirectory(root.resolve("k8s/overlays/" + overlay))
                    .stream().map(StrictKubernetesModel::parse).toList(), services));
        }
        TopologyTest.overlaysDeployExactly(clusters);
        TopologyTest.routesReachExactlyTheRoutedServices(root, clusters.getFirst());
        for (Cluster cluster : clusters.subList(0, 2)) {
            services.forEach(service -> ComposeEnvironmentTest.overlaySetsWhatComposeSets(cluster, compose, service));
        }
        kubernetesPolicies(clusters);
        return clusters;
    }

    /** Every KubernetesPolicyTest rule, on the clusters its @MethodSource names (all, or one overlay). */
    private static void kubernetesPolicies(List<Cluster> clusters) {
        Map<String, List<Cluster>> sources = Map.of("clusters", clusters, "local", clusters.subList(0, 1),
                "aws", clusters.subList(1, 2), "awsAlb", clusters.subList(2, 3));
        int rules = 0;
        for (Method rule : KubernetesPolicyTest.class.getDeclaredMethods()) {
            MethodSource source = rule.getAnnotation(MethodSource.class);
            if (source == null || rule.getParameterCount() != 1 || rule.getParameterTypes()[0] != Cluster.class) {
                continue;
            }
            rules++;
            rule.setAccessible(true);
            for (Cluster cluster : sources.get(source.value()[0])) {
                try {
                    rule.invoke(new KubernetesPolicyTest(), cluster);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof AssertionError failure) {
                        throw failure;
                    }
                    throw new AssertionError(rule.getName() + " on " + cluster, e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        assertThat(rules).as("KubernetesPolicyTest rules run").isGreaterThan(10);
    }

    /** What the checks read: the poms and resources of the modules, k8s/, compose, Prometheus, run.sh. */
    private static void copyRepository(Path copy) {
        for (String file : List.of("pom.xml", "docker-compose.yml", "run.sh", "deploy/compose/prometheus/prometheus.yml")) {
            copyTree(Repository.path(file), copy.resolve(file));
        }
        copyTree(Repository.path("k8s"), copy.resolve("k8s"));
        for (String module : Topology.modules(Repository.ROOT)) {
            copyTree(Repository.path(module + "/pom.xml"), copy.resolve(module + "/pom.xml"));
            if (Files.isDirectory(Repository.path(module + "/src/main/resources"))) {
                copyTree(Repository.path(module + "/src/main/resources"), copy.resolve(module + "/src/main/resources"));
            }
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
