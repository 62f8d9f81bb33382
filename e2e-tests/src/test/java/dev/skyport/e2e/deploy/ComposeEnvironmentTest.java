package dev.skyport.e2e.deploy;

import java.util.Set;
import java.util.TreeSet;

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

    @ParameterizedTest
    @MethodSource("dev.skyport.e2e.deploy.Cluster#services")
    void composeSetsExactlyTheVariablesTheServiceReads(String service) {
        Set<String> read = new TreeSet<>(EnvironmentPlaceholders.readBy(service));
        read.addAll(READ_BY_SPRING_BOOT);
        Set<String> set = ComposeFile.environmentNames(service);

        Set<String> readButNotSet = new TreeSet<>(read);
        readButNotSet.removeAll(set);
        Set<String> setButNotRead = new TreeSet<>(set);
        setButNotRead.removeAll(read);

        java.util.Map<String, String> defaults = EnvironmentPlaceholders.defaultsReadBy(service);
        String pasteable = readButNotSet.stream().map(name -> "      " + name + ": \"" + defaults.getOrDefault(name, "") + "\"")
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(readButNotSet).as("%s reads these, docker-compose.yml does not set them (with the service's defaults:%n%s%n)",
                service, pasteable).isEmpty();
        assertThat(setButNotRead).as("docker-compose.yml sets these for %s, which reads none of them", service).isEmpty();
    }

    @Test
    void composeSetsOnlyVariablesTheEngineReads() {
        assertThat(EnvironmentPlaceholders.readByEngine()).contains("DYNAMO_ENGINE_PORT", "DYNAMO_ENGINE_HOST", "DYNAMO_ENGINE_DATA_DIR");
        assertThat(EnvironmentPlaceholders.readByEngine()).containsAll(ComposeFile.environmentNames("dynamo-engine"));
    }

    @ParameterizedTest
    @MethodSource("dev.skyport.e2e.deploy.Cluster#services")
    void theLocalOverlaySetsWhatComposeSets(String service) {
        Set<String> expected = new TreeSet<>(ComposeFile.environmentNames(service));
        expected.remove(OTLP);
        assertThat(applicationVariables(Cluster.of("local"), service)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("dev.skyport.e2e.deploy.Cluster#services")
    void theAwsOverlaySetsWhatComposeSetsExceptTheLocalProfile(String service) {
        Set<String> expected = new TreeSet<>(ComposeFile.environmentNames(service));
        expected.remove(OTLP);
        expected.remove("SPRING_PROFILES_ACTIVE");
        assertThat(applicationVariables(Cluster.of("aws"), service)).isEqualTo(expected);
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
