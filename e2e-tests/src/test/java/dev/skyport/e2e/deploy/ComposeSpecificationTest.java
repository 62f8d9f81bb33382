package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml follows the Compose Specification and the rules of issue 7. */
class ComposeSpecificationTest {

    private static final Schema COMPOSE_SPEC = loadSchema();

    @Test
    void theComposeFileIsValidAgainstTheComposeSpecificationSchema() {
        // Merge keys resolved first: the schema describes the services compose builds, not YAML's "<<" syntax.
        List<Error> errors = COMPOSE_SPEC.validate(ComposeFile.ROOT.toString(), InputFormat.JSON);

        assertThat(errors).extracting(Error::toString).isEmpty();
    }

    @Test
    void theSchemaRejectsAMisspelledServiceKey() {
        String typo = """
                services:
                  web:
                    image: example/web:1.0.0
                    helthcheck:
                      test: ["CMD", "true"]
                """;

        assertThat(COMPOSE_SPEC.validate(typo, InputFormat.YAML)).extracting(Error::toString)
                .anySatisfy(message -> assertThat(message).contains("helthcheck"));
        String mergedTypo = """
                x-base: &base
                  helthcheck:
                    test: ["CMD", "true"]
                services:
                  web:
                    <<: *base
                    image: example/web:1.0.0
                """;
        assertThat(COMPOSE_SPEC.validate(ComposeFile.resolved(mergedTypo).toString(), InputFormat.JSON))
                .extracting(Error::toString).anySatisfy(message -> assertThat(message).contains("helthcheck"));
    }

    @Test
    void dockerComposeItselfAcceptsTheFile() {
        ExternalTool.Result result = ExternalTool.DOCKER_COMPOSE.run("-f", "docker-compose.yml", "config", "-q");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        ExternalTool.Result observability = ExternalTool.DOCKER_COMPOSE.run(
                "-f", "docker-compose.yml", "--profile", "observability", "config", "--services");
        assertThat(observability.exitCode()).as(observability.describe()).isZero();
        assertThat(observability.stdout().lines()).contains("prometheus", "grafana", "jaeger", "gateway-service");
    }

    @Test
    void onlyTheGatewayPublishesAnApplicationPort() {
        for (String name : ComposeFile.defaultServiceNames()) {
            JsonNode ports = ComposeFile.service(name).path("ports");
            if (name.equals("gateway-service")) {
                assertThat(ports).hasSize(1);
                assertThat(ports.get(0).asText()).isEqualTo("${SKYPORT_BIND_ADDRESS:-127.0.0.1}:8080:8080");
            } else {
                assertThat(ports.isMissingNode()).as("%s publishes %s", name, ports).isTrue();
            }
        }
        // The observability UIs are published on the loopback interface only.
        for (String name : ComposeFile.serviceNames()) {
            if (!ComposeFile.defaultServiceNames().contains(name)) {
                ComposeFile.service(name).path("ports")
                        .forEach(port -> assertThat(port.asText()).as(name).startsWith("127.0.0.1:"));
            }
        }
    }

    @Test
    void everyPlatformContainerIsHealthCheckedAndStartsAfterItsDependenciesAreHealthy() {
        Set<String> platform = new TreeSet<>(Topology.SERVICES);
        platform.addAll(List.of("dynamo-engine", "redis"));
        assertThat(ComposeFile.defaultServiceNames()).containsExactlyInAnyOrderElementsOf(platform);
        for (String name : platform) {
            JsonNode service = ComposeFile.service(name);
            assertThat(service.path("healthcheck").path("test").isMissingNode()).as("%s healthcheck", name).isFalse();
            service.path("depends_on").properties().forEach(dependency -> assertThat(dependency.getValue().path("condition").asText())
                    .as("%s waits for %s", name, dependency.getKey()).isEqualTo("service_healthy"));
        }
        assertThat(dependencies("users-service")).containsExactly("dynamo-engine");
        assertThat(dependencies("orders-service")).containsExactly("dynamo-engine", "redis", "users-service");
        theGatewayWaitsOnlyForWhatItUses(ComposeFile.ROOT);
        assertThat(ComposeFile.service("dynamo-engine").path("volumes").get(0).asText()).isEqualTo("dynamo-data:/data");
        assertThat(ComposeFile.ROOT.path("volumes").has("dynamo-data")).isTrue();
    }

    @Test
    void tokensCarryThePublicIssuerWhileKeysComeFromTheInternalJwksUrl() {
        for (String name : Topology.SERVICES) {
            assertThat(ComposeFile.service(name).path("environment").path("SKYPORT_ISSUER_URI").asText())
                    .isEqualTo("${SKYPORT_ISSUER_URI:-http://localhost:8080}");
        }
        for (String name : Topology.SERVICES.stream().filter(name -> !name.equals("users-service")).toList()) {
            assertThat(ComposeFile.service(name).path("environment").path("SKYPORT_JWK_SET_URI").asText())
                    .isEqualTo("http://users-service:9001/oauth2/jwks");
        }
    }

    @Test
    void theObservabilityProfileScrapesEveryServiceManagementPortAndProvisionsGrafana() throws IOException {
        for (String name : List.of("prometheus", "grafana", "jaeger")) {
            assertThat(ComposeFile.service(name).path("profiles").get(0).asText()).isEqualTo("observability");
        }
        prometheusScrapesEveryService(Repository.read("deploy/compose/prometheus/prometheus.yml"), ComposeFile.ROOT,
                Topology.SERVICES);

        JsonNode datasources = new YAMLMapper().readTree(
                Repository.read("deploy/compose/grafana/provisioning/datasources/datasources.yml"));
        assertThat(datasources.path("datasources").findValuesAsText("type")).contains("prometheus", "jaeger");
        JsonNode dashboard = new ObjectMapper().readTree(Repository.read("deploy/compose/grafana/dashboards/skyport.json"));
        // Panels select the services by pattern, so a new service shows up without editing the dashboard.
        for (String service : Topology.SERVICES.stream().filter(name -> !name.equals("gateway-service")).toList()) {
            assertThat(Repository.read("deploy/compose/grafana/dashboards/skyport.json")).as("the dashboard").doesNotContain(service);
        }
        assertThat(dashboard.path("panels").findValuesAsText("expr"))
                .anySatisfy(expr -> assertThat(expr).contains("spring_cloud_gateway_requests_seconds").contains("routeId"))
                .anySatisfy(expr -> assertThat(expr).contains("http_server_requests_seconds"));
    }

    private static List<String> dependencies(String name) {
        return dependencies(ComposeFile.ROOT, name);
    }

    private static List<String> dependencies(JsonNode compose, String name) {
        return ComposeFile.service(compose, name).path("depends_on").properties().stream().map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * The gateway waits for what it uses itself (the engine, Redis), not for the services it routes to: it answers 503
     * for a service that is not up yet, so a new service changes nothing in its block (also run on AddingAServiceTest's copy).
     */
    static void theGatewayWaitsOnlyForWhatItUses(JsonNode compose) {
        assertThat(dependencies(compose, "gateway-service")).as("the gateway's depends_on").containsExactly("dynamo-engine", "redis");
    }

    /** Prometheus scrapes exactly the services, each on its management port. */
    static void prometheusScrapesEveryService(String prometheusYml, JsonNode compose, List<String> services) throws IOException {
        JsonNode prometheus = new YAMLMapper().readTree(prometheusYml);
        Set<String> targets = new TreeSet<>();
        prometheus.path("scrape_configs").forEach(job -> {
            assertThat(job.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
            job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
        });
        Set<String> expected = new TreeSet<>();
        for (String name : services) {
            expected.add(name + ":" + ComposeFile.service(compose, name).path("environment").path("MANAGEMENT_PORT").asText());
            // Traces go to the tracing backend when the shell sets the endpoint (null = passed through).
            assertThat(ComposeFile.service(compose, name).path("environment").has("OTEL_EXPORTER_OTLP_ENDPOINT")).isTrue();
        }
        assertThat(targets).as("Prometheus targets").isEqualTo(expected);
    }

    /**
     * The schema declares draft 2019-09 but still names its subschemas with draft-04 "id" members, which the
     * validator refuses as an unknown keyword; they only label subschemas (every $ref is a JSON pointer), so
     * they are dropped before loading.
     */
    private static Schema loadSchema() {
        try (InputStream in = ComposeSpecificationTest.class.getResourceAsStream("/deploy/compose-spec.json")) {
            tools.jackson.databind.ObjectMapper json = new tools.jackson.databind.ObjectMapper();
            tools.jackson.databind.JsonNode schema = json.readTree(in);
            dropDraft4Ids(schema);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
                    .getSchema(json.writeValueAsString(schema), InputFormat.JSON);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void dropDraft4Ids(tools.jackson.databind.JsonNode node) {
        if (node instanceof tools.jackson.databind.node.ObjectNode object) {
            if (object.path("id").isString()) {
                object.remove("id");
            }
            object.values().forEach(ComposeSpecificationTest::dropDraft4Ids);
        } else if (node.isArray()) {
            node.values().forEach(ComposeSpecificationTest::dropDraft4Ids);
        }
    }
}
