package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/adding-a-service.md played on temporary copies of the deployment files: a throwaway catalog-service added by
 * its steps gets the shared pod spec, network paths, compose health check and run.sh start-up without any other
 * change, and the checks the real services pass hold for it too.
 */
class AddingAServiceTest {

    @Test
    void aServiceAddedByTheDocumentedStepsGetsTheSharedPodSpecAndNetworkPaths(@TempDir Path copy) throws IOException {
        Path k8s = copy.resolve("k8s");
        copyTree(Repository.path("k8s"), k8s);
        // Step 5: copy orders-service's component, rename it, its ports; no Redis.
        Path component = k8s.resolve("components/catalog-service");
        copyTree(k8s.resolve("components/orders-service"), component);
        try (Stream<Path> files = Files.list(component)) {
            for (Path file : files.toList()) {
                // The Redis password is the deployment's last env entry: drop it whole, then every other Redis line.
                String text = Files.readString(file).replaceAll("(?s)            - name: SKYPORT_REDIS_PASSWORD.*", "")
                        .replace("orders-service", "catalog-service")
                        .replace("9002", "9003").replace("9102", "9103")
                        .replaceAll("(?m)^.*(redis-client|REDIS|Redis|USERS_SERVICE_URL).*\\n", "");
                Files.writeString(file, text);
            }
        }
        Path base = k8s.resolve("base/kustomization.yaml");
        Files.writeString(base, Files.readString(base).replace("  - ../components/gateway-service\n",
                "  - ../components/gateway-service\n  - ../components/catalog-service\n"));
        Path engine = k8s.resolve("components/dynamo-engine/kustomization.yaml");
        Files.writeString(engine, Files.readString(engine) + """
                  - name: catalog-service
                    behavior: merge
                    literals:
                      - DYNAMODB_ENDPOINT=http://dynamo-engine:8000
                      - SKYPORT_CREATE_TABLES=true
                """);

        Cluster local = new Cluster("local+catalog", RenderedOverlays.renderDirectory(k8s.resolve("overlays/local"))
                .stream().map(StrictKubernetesModel::parse).toList());

        PodSpec pod = local.deployment("catalog-service").getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().getFirst();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(container.getEnv().getFirst().getName()).isEqualTo("JAVA_TOOL_OPTIONS");
        assertThat(pod.getTopologySpreadConstraints()).hasSize(2);
        assertThat(local.configuration("catalog-service")).containsEntry("SERVER_PORT", "9003")
                .containsEntry("DYNAMODB_ENDPOINT", "http://dynamo-engine:8000");
        // The gateway reaches it, it reaches users-service (token keys) and the engine, and it reaches nothing else.
        for (String target : local.deploymentNames()) {
            boolean expected = List.of("users-service", "dynamo-engine").contains(target);
            if (!target.equals("catalog-service")) {
                assertThat(KubernetesPolicyTest.allowed(local, "catalog-service", target)).as("catalog-service -> %s", target)
                        .isEqualTo(expected);
            }
        }
        assertThat(KubernetesPolicyTest.allowed(local, "gateway-service", "catalog-service")).isTrue();
        assertThat(KubernetesPolicyTest.allowed(local, "orders-service", "catalog-service")).isFalse();
    }

    @Test
    void composeAndRunShTakeTheServiceFromTheirOneEntry(@TempDir Path copy) throws IOException, InterruptedException {
        String block = """
                  catalog-service:
                    <<: *spring-service
                    build:
                      context: .
                      args: { MODULE: catalog-service, SERVER_PORT: "9003", MANAGEMENT_PORT: "9103" }
                    image: skyport/catalog-service:0.1.0
                    environment:
                      <<: *spring-environment
                      SERVER_PORT: "9003"
                      MANAGEMENT_PORT: "9103"
                """;
        String compose = Repository.read("docker-compose.yml").replace("  gateway-service:\n", block + "\n  gateway-service:\n");
        Path composeFile = Files.writeString(copy.resolve("docker-compose.yml"), compose);
        ExternalTool.Result config = ExternalTool.DOCKER_COMPOSE.run("-f", composeFile.toString(), "config", "-q");
        assertThat(config.exitCode()).as(config.describe()).isZero();
        JsonNode catalog = ComposeFile.resolved(compose).path("services").path("catalog-service");
        assertThat(catalog.path("healthcheck").path("test").toString()).contains("/actuator/health/readiness");
        assertThat(catalog.path("depends_on").path("dynamo-engine").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(catalog.path("environment").path("SKYPORT_JWK_SET_URI").asText())
                .isEqualTo("http://users-service:9001/oauth2/jwks");
        assertThat(catalog.path("restart").asText()).isEqualTo("unless-stopped");

        String line = "catalog-service    service  CATALOG_PORT=9003        CATALOG_MANAGEMENT_PORT=9103       "
                + "/actuator/health/readiness\n";
        String script = Repository.read("run.sh").replace("\ngateway-service ", "\n" + line + "gateway-service ");
        Path runSh = Files.writeString(copy.resolve("run.sh"), script);
        Process process = new ProcessBuilder("bash", runSh.toString(), "no-such-service").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isEqualTo(1);
        // The table is read before anything starts: the refusal lists every process, the new one in its place.
        assertThat(output).contains("one of: dynamo-engine users-service orders-service catalog-service gateway-service");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
