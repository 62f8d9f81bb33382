package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list of services is the reactor's (Topology): compose and the Kubernetes overlays deploy exactly those, so a
 * module one of them forgot fails here instead of being skipped by every check that iterates a hand-written list.
 */
class TopologyTest {

    @Test
    void theServicesAreTheReactorModulesBuiltAsSpringBootJars() {
        assertThat(Topology.SERVICES).containsExactly("users-service", "orders-service", "gateway-service");
    }

    @Test
    void aNewModuleBuiltAsABootJarIsAServiceEveryCheckCovers(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("pom.xml"), """
                <project><modules>
                  <module>service-starter</module>
                  <module>catalog-service</module>
                </modules></project>
                """);
        Files.createDirectories(root.resolve("service-starter"));
        Files.writeString(root.resolve("service-starter/pom.xml"), "<project><artifactId>service-starter</artifactId></project>");
        Files.createDirectories(root.resolve("catalog-service"));
        Files.writeString(root.resolve("catalog-service/pom.xml"), """
                <project><build><plugins><plugin>
                  <groupId>org.springframework.boot</groupId>
                  <artifactId>spring-boot-maven-plugin</artifactId>
                </plugin></plugins></build></project>
                """);

        assertThat(Topology.springServices(root)).containsExactly("catalog-service");
    }

    @Test
    void composeBuildsExactlyTheReactorsServicesFromTheSpringDockerfile() {
        Set<String> built = new TreeSet<>();
        for (String name : ComposeFile.serviceNames()) {
            if (ComposeFile.service(name).path("build").path("args").has("MODULE")) {
                built.add(name);
            }
        }
        assertThat(built).containsExactlyInAnyOrderElementsOf(Topology.SERVICES);
    }

    @Test
    void runShStartsExactlyTheReactorsServicesAfterTheEngine() {
        String script = Repository.read("run.sh");
        String table = script.substring(script.indexOf("\nPLATFORM='") + 11);
        table = table.substring(0, table.indexOf("\n'"));
        List<String[]> rows = table.lines().filter(line -> !line.isBlank()).map(line -> line.strip().split("\\s+")).toList();
        assertThat(rows.getFirst()[0]).isEqualTo("dynamo-engine");
        assertThat(rows.stream().filter(row -> !row[1].equals("engine")).map(row -> row[0]))
                .containsExactlyInAnyOrderElementsOf(Topology.SERVICES);
        // Each service's ports default to compose's, so the launcher and the containers agree.
        for (String[] row : rows.subList(1, rows.size())) {
            var environment = ComposeFile.service(row[0]).path("environment");
            assertThat(row[2]).endsWith("=" + environment.path("SERVER_PORT").asText());
            assertThat(row[3]).endsWith("=" + environment.path("MANAGEMENT_PORT").asText());
        }
    }

    @Test
    void everyOverlayDeploysExactlyTheReactorsServicesBesideTheInfrastructure() {
        for (String overlay : List.of("local", "aws", "aws-alb")) {
            Set<String> deployed = new TreeSet<>(Cluster.of(overlay).deploymentNames());
            deployed.removeAll(Set.of("dynamo-engine", "redis"));
            assertThat(deployed).as(overlay).containsExactlyInAnyOrderElementsOf(Topology.SERVICES);
        }
    }
}
