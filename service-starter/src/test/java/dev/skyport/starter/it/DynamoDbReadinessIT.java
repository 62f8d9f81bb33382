package dev.skyport.starter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.starter.testapp.TestApplication;
import dev.skyport.testsupport.MovableClock;
import dev.skyport.testsupport.RecordingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The readiness probe as Kubernetes asks it, against an engine of its own (behind a recording proxy) that the test
 * stops or changes: DescribeTable on the service's own tables only, a short outage degrades, a longer one or a
 * missing table takes the pod out. The application's clock is the test's, so no test waits for time to pass.
 */
class DynamoDbReadinessIT {

    private static final String DESCRIBE_TABLE = "DynamoDB_20120810.DescribeTable";

    private final TestInfrastructure infra = TestInfrastructure.get();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MovableClock clock = new MovableClock();
    private DynamoEngine engine;
    private RecordingProxy proxy;
    private ConfigurableApplicationContext app;
    private int port;

    @BeforeEach
    void start() throws Exception {
        engine = DynamoEngine.builder().host("127.0.0.1").port(0).inMemory().start();
        proxy = new RecordingProxy(engine.endpoint());
        Map<String, Object> properties = new LinkedHashMap<>(infra.properties());
        properties.put("skyport.dynamodb.endpoint", proxy.endpoint());
        properties.put("skyport.dynamodb.create-tables", "true");
        properties.put("skyport.dynamodb.table-prefix", "ready-");
        properties.put("server.port", "0");
        properties.put("management.server.port", "");
        properties.put("management.endpoint.health.show-details", "always");
        properties.put("management.endpoint.health.group.readiness.show-details", "always");
        app = new SpringApplicationBuilder(TestApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("applicationClock", clock))
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void asksOnlyDescribeTableAboutTheServicesOwnTables() throws Exception {
        proxy.clear();

        JsonNode readiness = readiness(200);

        assertThat(dynamoDb(readiness).path("status").asString()).isEqualTo("UP");
        assertThat(dynamoDb(readiness).path("details").path("state").asString()).isEqualTo("OK");
        assertThat(proxy.exchanges()).isNotEmpty().allSatisfy(call -> {
            assertThat(call.header("X-Amz-Target")).isEqualTo(DESCRIBE_TABLE);
            assertThat(call.requestText()).contains("\"TableName\":\"ready-");
        });
        assertThat(proxy.exchanges()).anySatisfy(call -> assertThat(call.requestText()).contains("\"ready-orders\""));
    }

    @Test
    void answersProbesFromItsCacheForTenSeconds() throws Exception {
        readiness(200);
        proxy.clear();

        clock.advance(Duration.ofSeconds(9));
        readiness(200);
        assertThat(proxy.exchanges()).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        readiness(200);
        assertThat(proxy.exchanges()).extracting(call -> call.header("X-Amz-Target")).containsOnly(DESCRIBE_TABLE);
    }

    @Test
    void staysReadyButDegradedThroughADynamoDbOutageUntilTheGracePeriodEnds() throws Exception {
        readiness(200);
        engine.close();
        engine = null;

        clock.advance(Duration.ofSeconds(11));
        JsonNode degraded = readiness(200);
        assertThat(degraded.path("status").asString()).isEqualTo("UP");
        assertThat(dynamoDb(degraded).path("details").path("state").asString()).isEqualTo("DEGRADED");
        assertThat(dynamoDb(degraded).path("details").path("reason").asString()).isNotBlank();
        assertThat(dynamoDb(degraded).path("details").path("downAfter").asString()).isNotBlank();

        clock.advance(Duration.ofSeconds(50));
        JsonNode down = readiness(503);
        assertThat(down.path("status").asString()).isEqualTo("DOWN");
        assertThat(dynamoDb(down).path("details").path("state").asString()).isEqualTo("DOWN");
    }

    @Test
    void isNotReadyAtOnceWhenATableItDeclaresIsMissing() throws Exception {
        readiness(200);
        try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(engine.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .build()) {
            client.deleteTable(r -> r.tableName("ready-orders"));
        }

        clock.advance(Duration.ofSeconds(11));
        JsonNode down = readiness(503);

        assertThat(dynamoDb(down).path("status").asString()).isEqualTo("DOWN");
        assertThat(dynamoDb(down).path("details").path("missing").toString()).contains("ready-orders");
    }

    private JsonNode readiness(int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).timeout(Duration.ofSeconds(20))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JsonMapper.builder().build().readTree(response.body());
    }

    private static JsonNode dynamoDb(JsonNode readiness) {
        return readiness.path("components").path("dynamoDb");
    }
}
