package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's and services' Dockerfiles pass a Dockerfile linter (dockerfile-utils from npm, the linter of
 * VS Code's Docker language server) and the rules of issue 7: pinned bases, non-root, HEALTHCHECK, layers.
 */
class DockerfileTest {

    private static final List<String> SPRING_SERVICES = List.of("users-service", "orders-service", "gateway-service");

    static List<String> dockerfiles() {
        return List.of("dynamo-engine/Dockerfile", "users-service/Dockerfile", "orders-service/Dockerfile",
                "gateway-service/Dockerfile");
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void passesTheLinter(String path) {
        ExternalTool.Result result = ExternalTool.DOCKERFILE_UTILS.run("lint", path);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().strip()).as("linter findings for %s", path).isEmpty();
    }

    @Test
    void theLinterReportsABrokenDockerfile(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("Dockerfile"), """
                FROM alpine:3.22.1
                HEALTHCHECK --intervall=5s CMD true
                EXPOSE http
                """);

        ExternalTool.Result result = ExternalTool.DOCKERFILE_UTILS.run("lint", broken.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout()).contains("intervall").contains("http");
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void everyBaseImageIsPinnedByVersionTagAndDigest(String path) {
        Dockerfile dockerfile = Dockerfile.read(path);
        assertThat(dockerfile.stages()).as("%s is a multi-stage build", path).hasSizeGreaterThan(1);
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            String image = stage.from().split("\\s+")[0];
            assertThat(image).as("%s base image", path)
                    .matches("[a-z0-9./-]+:[0-9][A-Za-z0-9._-]*@sha256:[0-9a-f]{64}")
                    .doesNotContain(":latest");
        }
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void theImageRunsAsANonRootUserWithAHealthCheckAndTheExposedPorts(String path) {
        Dockerfile.Stage last = Dockerfile.read(path).finalStage();
        String module = path.substring(0, path.indexOf('/'));

        List<String> users = last.arguments("USER");
        assertThat(users).as("%s sets USER in its final stage", path).isNotEmpty();
        String user = users.getLast().split(":")[0];
        assertThat(user).as("%s runs as", path).isNotIn("root", "0");

        List<String> healthchecks = last.arguments("HEALTHCHECK");
        assertThat(healthchecks).as("%s HEALTHCHECK", path).hasSize(1);
        assertThat(healthchecks.getFirst()).contains("CMD").doesNotStartWith("NONE");

        String exposed = String.join(" ", last.arguments("EXPOSE"));
        if (SPRING_SERVICES.contains(module)) {
            String serverPort = ComposeFile.service(module).path("environment").path("SERVER_PORT").asText();
            String managementPort = ComposeFile.service(module).path("environment").path("MANAGEMENT_PORT").asText();
            assertThat(exposed.split("\\s+")).containsExactlyInAnyOrder(serverPort, managementPort);
            assertThat(healthchecks.getFirst()).as("health on the management port")
                    .contains("${MANAGEMENT_PORT:-" + managementPort + "}/actuator/health/readiness");
        } else {
            assertThat(exposed).isEqualTo("8000");
            assertThat(healthchecks.getFirst()).contains("http://127.0.0.1:${DYNAMO_ENGINE_PORT:-8000}/");
        }
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void theBuildUsesTheMavenWrapperAndTheRuntimeSizesTheHeapFromTheContainer(String path) {
        Dockerfile dockerfile = Dockerfile.read(path);
        String module = path.substring(0, path.indexOf('/'));

        assertThat(String.join("\n", dockerfile.stages().getFirst().arguments("RUN")))
                .contains("./mvnw -B -ntp -pl " + module);
        assertThat(String.join("\n", dockerfile.finalStage().arguments("ENV")))
                .contains("JAVA_TOOL_OPTIONS").contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(dockerfile.finalStage().from()).contains("-jre");
    }

    @ParameterizedTest
    @MethodSource("springServiceDockerfiles")
    void springServicesShipTheLayeredJarAsSeparateImageLayers(String path) {
        Dockerfile dockerfile = Dockerfile.read(path);
        String allRuns = String.join("\n", dockerfile.stages().stream().flatMap(s -> s.arguments("RUN").stream()).toList());
        assertThat(allRuns).contains("-Djarmode=tools").contains("extract --layers --launcher");
        List<String> copies = dockerfile.finalStage().arguments("COPY");
        for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
            assertThat(copies).as("%s copies the %s layer", path, layer).anySatisfy(copy -> assertThat(copy).contains("/" + layer + "/"));
        }
        assertThat(dockerfile.finalStage().arguments("ENTRYPOINT").getFirst())
                .contains("org.springframework.boot.loader.launch.JarLauncher");
    }

    static List<String> springServiceDockerfiles() {
        return SPRING_SERVICES.stream().map(s -> s + "/Dockerfile").toList();
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndLocalData() {
        List<String> ignored = Repository.read(".dockerignore").lines().map(String::strip).toList();
        assertThat(ignored).contains("**/target/", ".git/", ".data/", "**/node_modules/");
    }
}
