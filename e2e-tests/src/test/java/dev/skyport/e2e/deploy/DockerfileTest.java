package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's Dockerfile and the one Dockerfile of every Spring service (the root one, built per service with the
 * module and its ports as build arguments) pass a Dockerfile linter (dockerfile-utils from npm, the linter of
 * VS Code's Docker language server) and the rules of issue 7: pinned bases, non-root, HEALTHCHECK, layers.
 */
class DockerfileTest {

    /** Every Spring service is built from this file; dynamo-engine (a plain jar) keeps its own. */
    private static final String SPRING_DOCKERFILE = "Dockerfile";

    static List<String> dockerfiles() {
        return List.of("dynamo-engine/Dockerfile", SPRING_DOCKERFILE);
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
    void theImageRunsAsANonRootUserWithAHealthCheck(String path) {
        Dockerfile.Stage last = Dockerfile.read(path).finalStage();

        List<String> users = last.arguments("USER");
        assertThat(users).as("%s sets USER in its final stage", path).isNotEmpty();
        String user = users.getLast().split(":")[0];
        assertThat(user).as("%s runs as", path).isNotIn("root", "0");

        List<String> healthchecks = last.arguments("HEALTHCHECK");
        assertThat(healthchecks).as("%s HEALTHCHECK", path).hasSize(1);
        assertThat(healthchecks.getFirst()).contains("CMD").doesNotStartWith("NONE");
    }

    @Test
    void theEngineExposesItsPortAndIsHealthCheckedOnIt() {
        Dockerfile.Stage last = Dockerfile.read("dynamo-engine/Dockerfile").finalStage();
        assertThat(String.join(" ", last.arguments("EXPOSE"))).isEqualTo("8000");
        assertThat(last.arguments("HEALTHCHECK").getFirst()).contains("http://127.0.0.1:${DYNAMO_ENGINE_PORT:-8000}/");
    }

    @Test
    void theSpringImageExposesAndHealthChecksThePortsItIsBuiltFor() {
        Dockerfile.Stage last = Dockerfile.read(SPRING_DOCKERFILE).finalStage();
        assertThat(last.arguments("ARG")).contains("SERVER_PORT", "MANAGEMENT_PORT");
        assertThat(String.join(" ", last.arguments("EXPOSE")).split("\\s+"))
                .containsExactlyInAnyOrder("${SERVER_PORT}", "${MANAGEMENT_PORT}");
        // The build arguments become the image's defaults, which the service and the health check read.
        assertThat(String.join("\n", last.arguments("ENV")))
                .contains("SERVER_PORT=${SERVER_PORT}").contains("MANAGEMENT_PORT=${MANAGEMENT_PORT}");
        assertThat(last.arguments("HEALTHCHECK").getFirst())
                .contains("http://127.0.0.1:${MANAGEMENT_PORT}/actuator/health/readiness");
    }

    @ParameterizedTest
    @MethodSource("dev.skyport.e2e.deploy.Cluster#services")
    void composeBuildsEveryServiceFromTheSpringDockerfileWithItsModuleAndPorts(String service) {
        JsonNode build = ComposeFile.service(service).path("build");
        JsonNode environment = ComposeFile.service(service).path("environment");
        assertThat(build.path("context").asText()).isEqualTo(".");
        assertThat(build.path("dockerfile").asText(SPRING_DOCKERFILE)).isEqualTo(SPRING_DOCKERFILE);
        assertThat(build.path("args").path("MODULE").asText()).isEqualTo(service);
        assertThat(build.path("args").path("SERVER_PORT").asText()).isEqualTo(environment.path("SERVER_PORT").asText());
        assertThat(build.path("args").path("MANAGEMENT_PORT").asText())
                .isEqualTo(environment.path("MANAGEMENT_PORT").asText());
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void theBuildUsesTheMavenWrapperAndTheRuntimeSizesTheHeapFromTheContainer(String path) {
        Dockerfile dockerfile = Dockerfile.read(path);
        String module = path.equals(SPRING_DOCKERFILE) ? "\"${MODULE}\"" : path.substring(0, path.indexOf('/'));

        assertThat(String.join("\n", dockerfile.stages().getFirst().arguments("RUN")))
                .contains("./mvnw -B -ntp -pl " + module);
        assertThat(String.join("\n", dockerfile.finalStage().arguments("ENV")))
                .contains("JAVA_TOOL_OPTIONS").contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(dockerfile.finalStage().from()).contains("-jre");
    }

    @Test
    void springServicesShipTheLayeredJarAsSeparateImageLayers() {
        Dockerfile dockerfile = Dockerfile.read(SPRING_DOCKERFILE);
        String allRuns = String.join("\n", dockerfile.stages().stream().flatMap(s -> s.arguments("RUN").stream()).toList());
        assertThat(allRuns).contains("-Djarmode=tools").contains("extract --layers --launcher");
        List<String> copies = dockerfile.finalStage().arguments("COPY");
        for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
            assertThat(copies).as("copies the %s layer", layer).anySatisfy(copy -> assertThat(copy).contains("/" + layer + "/"));
        }
        assertThat(dockerfile.finalStage().arguments("ENTRYPOINT").getFirst())
                .contains("org.springframework.boot.loader.launch.JarLauncher");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndLocalData() {
        List<String> ignored = Repository.read(".dockerignore").lines().map(String::strip).toList();
        assertThat(ignored).contains("**/target/", ".git/", ".data/", "**/node_modules/");
    }
}
