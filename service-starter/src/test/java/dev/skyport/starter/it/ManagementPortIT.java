package dev.skyport.starter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.skyport.starter.testapp.TestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** As services run: actuator on its own management port, health and metrics open there, the API port unaffected. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "skyport.dynamodb.table-prefix=mgmt-",
                "skyport.dynamodb.create-tables=true"})
class ManagementPortIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalManagementPort
    int managementPort;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRA.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void probesAndMetricsAnswerOnTheManagementPortWithoutToken() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> readiness = get(managementPort, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(JsonMapper.builder().build().readTree(readiness.body()).get("status").asString()).isEqualTo("UP");
        assertThat(get(managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
        assertThat(get(managementPort, "/actuator/env").statusCode()).isIn(401, 404);
    }

    @Test
    void theApiPortHasNoActuator() throws Exception {
        assertThat(get(port, "/actuator/health").statusCode()).isIn(401, 404);
        assertThat(get(port, "/api/public/ping").body()).isEqualTo("pong");
    }
}
