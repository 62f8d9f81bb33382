package dev.skyport.e2e.deploy;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compose sets exactly the variables each service reads, and the Kubernetes overlays set the same ones, so
 * the three doors cannot drift apart (docs/configuration.md).
 */
class ComposeEnvironmentTest {

    /** Read by Spring Boot itself rather than through a placeholder. */
    private static final Set<String> READ_BY_SPRING_BOOT = Set.of("SPRING_PROFILES_ACTIVE");
    /** Optional in Kubernetes: set by whoever runs a tracing backend (docs/deployment.md). */
    private static final String OTLP = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private static final Pattern SERVICE_ADDRESS = Pattern.compile("http://([a-z0-9-]+):(\\d+)");

    @ParameterizedTest
    @MethodSource("dev.skyport.e2e.deploy.Cluster#services")
    void composeSetsExactlyTheVariablesTheServiceReads(String service) {
        composeSetsExactlyTheVariablesTheServiceReads(Repository.ROOT, ComposeFile.ROOT, service);
    }

    /** In a checkout at root whose resolved docker-compose.yml is compose (AddingAServiceTest runs it on a copy). */
    static void composeSetsExactlyTheVariablesTheServiceReads(Path root, JsonNode compose, String service) {
        Set<String> read = new TreeSet<>(EnvironmentPlaceholders.readBy(root, service));
        read.addAll(READ_BY_SPRING_BOOT);
        read.removeAll(addressedByDefault(root, compose, service));
        Set<String> set = ComposeFile.environmentNames(compose, service);

        Set<String> readButNotSet = new TreeSet<>(read);
        readButNotSet.removeAll(set);
        Set<String> setButNotRead = new TreeSet<>(set);
        setButNotRead.removeAll(read);

        java.util.Map<String, String> defaults = EnvironmentPlaceholders.defaultsReadBy(root, service);
        String pasteable = readButNotSet.stream().map(name -> "      " + name + ": \"" + defaults.getOrDefault(name, "") + "\"")
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(readButNotSet).as("%s reads these, docker-compose.yml does not set them (with the service's defaults:%n%s%n)",
                service, pasteable).isEmpty();
        assertThat(setButNotRead).as("docker-compose.yml sets these for %s, which reads none of them", service).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.skyport.e2e.deploy.Cluster#services")
    void aServiceDefaultsToThePortsComposeGivesIt(String service) {
        defaultsToItsComposePorts(Repository.ROOT, ComposeFile.ROOT, service);
    }

    /** Its own application.yml names its ports, so the jar alone and run.sh's table agree with the containers. */
    static void defaultsToItsComposePorts(Path root, JsonNode compose, String service) {
        java.util.Map<String, String> defaults = EnvironmentPlaceholders.defaultsReadBy(root, service);
        JsonNode environment = ComposeFile.service(compose, service).path("environment");
        for (String port : java.util.List.of("SERVER_PORT", "MANAGEMENT_PORT")) {
            assertThat(defaults.get(port)).as("%s's default %s (its application.yml)", service, port)
                    .isEqualTo(environment.path(port).asText());
        }
    }

    /**
     * A service's URL whose default is already its address on the compose network and in the cluster
     * (http://&lt;service&gt;:&lt;its port&gt;, e.g. the gateway's route to a service): neither compose nor Kubernetes sets it,
     * run.sh sets it to localhost. A default naming another port or no service is not one of these.
     */
    static Set<String> addressedByDefault(Path root, JsonNode compose, String service) {
        Set<String> names = new TreeSet<>();
        EnvironmentPlaceholders.defaultsReadBy(root, service).forEach((name, value) -> {
            Matcher address = SERVICE_ADDRESS.matcher(value);
            if (name.endsWith("_SERVICE_URL") && address.matches()
                    && ComposeFile.serviceNames(compose).contains(address.group(1))
                    && address.group(2).equals(ComposeFile.service(compose, address.group(1)).path("environment").path("SERVER_PORT").asText())) {
                names.add(name);
            }
        });
        return names;
    }

    @Test
    void composeSetsOnlyVariablesTheEngineReads() {
        assertThat(EnvironmentPlaceholders.readByEngine()).contains("DYNAMO_ENGINE_PORT", "DYNAMO_ENGINE_HOST", "DYNAMO_ENGINE_DATA_DIR");
        assertThat(EnvironmentPlaceholders.readByEngine()).containsAll(ComposeFile.environmentNames("dynamo-engine"));
    }

    @ParameterizedTest
    @MethodSource("dev.skyport.e2e.deploy.Cluster#services")
    void theLocalOverlaySetsWhatComposeSets(String service) {
        overlaySetsWhatComposeSets(Cluster.of("local"), ComposeFile.ROOT, service);
    }

    @ParameterizedTest
    @MethodSource("dev.skyport.e2e.deploy.Cluster#services")
    void theAwsOverlaySetsWhatComposeSetsExceptTheLocalProfile(String service) {
        overlaySetsWhatComposeSets(Cluster.of("aws"), ComposeFile.ROOT, service);
    }

    /** The variables compose sets, but OTLP (optional) and, outside the local overlay, the local profile. */
    static void overlaySetsWhatComposeSets(Cluster cluster, JsonNode compose, String service) {
        Set<String> expected = new TreeSet<>(ComposeFile.environmentNames(compose, service));
        expected.remove(OTLP);
        if (!cluster.overlay().equals("local")) {
            expected.remove("SPRING_PROFILES_ACTIVE");
        }
        assertThat(applicationVariables(cluster, service)).as("%s in %s", service, cluster).isEqualTo(expected);
    }

    /** A pod's variables without JAVA_TOOL_OPTIONS, which the JVM reads to fit the pod's memory (compose sets none). */
    private static Set<String> applicationVariables(Cluster cluster, String service) {
        Set<String> names = new TreeSet<>(cluster.environmentNames(service));
        names.remove("JAVA_TOOL_OPTIONS");
        return names;
    }

    @Test
    void thePlaceholderScannerFindsEnvironmentVariablesButNotSpringProperties() {
        String yaml = """
                server:
                  port: ${SERVER_PORT:9001}
                spring.application.name: ${spring.application.name}
                skyport:
                  issuer: ${SKYPORT_ISSUER_URI}
                  nested: ${OUTER:${INNER:x}}
                  fragment: http://example.com/#${NOT_A_COMMENT:x}
                # every variable appears as ${NAME:default}
                  other: 1 # ${ALSO_A_COMMENT}
                """;

        assertThat(EnvironmentPlaceholders.inText(yaml))
                .containsExactly("INNER", "NOT_A_COMMENT", "OUTER", "SERVER_PORT", "SKYPORT_ISSUER_URI");
    }
}
