package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Service;
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
        composeBuildsExactly(ComposeFile.ROOT, Topology.SERVICES);
    }

    /** Also run by AddingAServiceTest on a copy with a service added. */
    static void composeBuildsExactly(JsonNode compose, List<String> services) {
        Set<String> built = new TreeSet<>();
        for (String name : ComposeFile.serviceNames(compose)) {
            if (ComposeFile.service(compose, name).path("build").path("args").has("MODULE")) {
                built.add(name);
            }
        }
        assertThat(built).as("services docker-compose.yml builds").containsExactlyInAnyOrderElementsOf(services);
    }

    @Test
    void runShStartsExactlyTheReactorsServicesAfterTheEngine() {
        runShStartsExactly(Repository.ROOT, ComposeFile.ROOT, Topology.SERVICES);
    }

    /** What `run.sh --list` in the checkout at root derives: the engine, then the services on compose's ports. */
    static void runShStartsExactly(Path root, JsonNode compose, List<String> services) {
        List<String[]> rows = runShList(root).lines().filter(line -> !line.isBlank()).map(line -> line.strip().split("\\s+")).toList();
        assertThat(rows.getFirst()[0]).isEqualTo("dynamo-engine");
        assertThat(rows.stream().filter(row -> !row[1].equals("engine")).map(row -> row[0])).as("services run.sh starts")
                .containsExactlyInAnyOrderElementsOf(services);
        assertThat(rows.getLast()[1]).as("the edge starts last").isEqualTo("edge");
        // Each service's ports default to compose's, so the launcher and the containers agree.
        for (String[] row : rows.subList(1, rows.size())) {
            var environment = ComposeFile.service(compose, row[0]).path("environment");
            assertThat(row[2]).endsWith("=" + environment.path("SERVER_PORT").asText());
            assertThat(row[3]).endsWith("=" + environment.path("MANAGEMENT_PORT").asText());
        }
    }

    private static String runShList(Path root) {
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("run.sh").toString(), "--list").redirectErrorStream(true);
            // Only run.sh's defaults: no port the test's own environment may carry.
            builder.environment().keySet().removeIf(name -> name.endsWith("_PORT"));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).as("run.sh --list%n%s", output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyOverlayDeploysExactlyTheReactorsServicesBesideTheInfrastructure() {
        overlaysDeployExactly(RenderedOverlays.names().stream().map(Cluster::of).toList());
    }

    static void overlaysDeployExactly(List<Cluster> clusters) {
        for (Cluster cluster : clusters) {
            Set<String> deployed = new TreeSet<>(cluster.deploymentNames());
            deployed.removeAll(Set.of("dynamo-engine", "redis"));
            assertThat(deployed).as("Deployments of %s", cluster).containsExactlyInAnyOrderElementsOf(cluster.serviceNames());
        }
    }

    @Test
    void theGatewayRoutesToExactlyTheServicesTheClusterLetsItReach() {
        routesReachExactlyTheRoutedServices(Repository.ROOT, Cluster.of("local"));
    }

    private static final Pattern ROUTE_URI = Pattern.compile("^\\$\\{[A-Z0-9_]+_SERVICE_URL:http://([a-z0-9-]+):(\\d+)}$");

    /**
     * Each route's uri defaults to a service's address (its Service name and http port), and the services labelled
     * skyport.dev/routed (which the gateway's NetworkPolicy reaches) are exactly the ones the routes name.
     */
    static void routesReachExactlyTheRoutedServices(Path root, Cluster cluster) {
        JsonNode routes;
        try {
            routes = new YAMLMapper().readTree(root.resolve("gateway-service/src/main/resources/application.yml").toFile())
                    .path("spring").path("cloud").path("gateway").path("server").path("webflux").path("routes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> routedTo = new TreeSet<>();
        routes.forEach(route -> {
            Matcher uri = ROUTE_URI.matcher(route.path("uri").asText());
            assertThat(uri.matches()).as("route %s: uri ${<NAME>_SERVICE_URL:http://<service>:<port>}", route.path("id").asText()).isTrue();
            Service service = cluster.named(Service.class, uri.group(1))
                    .orElseThrow(() -> new AssertionError("route " + route.path("id").asText() + " names no Service: " + uri.group(1)));
            assertThat(service.getSpec().getPorts()).as("route %s port", route.path("id").asText())
                    .anySatisfy(port -> assertThat(port.getPort()).isEqualTo(Integer.parseInt(uri.group(2))));
            routedTo.add(uri.group(1));
        });
        Set<String> routed = new TreeSet<>();
        for (String name : cluster.deploymentNames()) {
            if ("true".equals(cluster.podLabels(name).get("skyport.dev/routed"))) {
                routed.add(name);
            }
        }
        assertThat(routed).as("services labelled skyport.dev/routed vs the gateway's routes").isEqualTo(routedTo);
    }

    @Test
    void theEndToEndModuleBuildsEveryServiceBeforeItsTests() {
        endToEndTestsBuildEveryService(Repository.ROOT, Topology.SERVICES);
    }

    /** e2e-tests/pom.xml depends on each service, so the reactor packages its jar first (ServiceJarsTest, run.sh's ITs). */
    static void endToEndTestsBuildEveryService(Path root, List<String> services) {
        String pom;
        try {
            pom = Files.readString(root.resolve("e2e-tests/pom.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String service : services) {
            assertThat(pom).as("e2e-tests/pom.xml depends on %s", service).contains("<artifactId>" + service + "</artifactId>");
        }
    }
}
