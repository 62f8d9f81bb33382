package dev.skyport.dynamo.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.junit.DynamoEngineExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;

/** What the SDK cannot send: raw HTTP requests and the service's protocol-level answers. */
@ExtendWith(DynamoEngineExtension.class)
class WireProtocolIT {

    static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKID/20261125/eu-west-1/dynamodb/aws4_request, "
            + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc";

    static DynamoEngine engine;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(DynamoEngine started) {
        engine = started;
    }

    @Test
    void getRootAnswersAsTheServicesHealthCheck() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(engine.endpoint()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("healthy: dynamodb.us-east-1.amazonaws.com ");
    }

    @Test
    void malformedJsonIsASerializationException() throws Exception {
        HttpResponse<String> response = post("DynamoDB_20120810.ListTables", "{\"Limit\": ", true);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"__type\":\"com.amazon.coral.service#SerializationException\"}");
    }

    @Test
    void anUnknownOperationIsAnUnknownOperationException() throws Exception {
        HttpResponse<String> response = post("DynamoDB_20120810.FlyToTheMoon", "{}", true);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}");
    }

    @Test
    void aWrongContentTypeIsAnUnknownOperationPage() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(engine.endpoint())
                .header("Content-Type", "text/plain")
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("<UnknownOperationException/>\n");
    }

    @Test
    void aRequestWithoutAuthenticationIsRejected() throws Exception {
        HttpResponse<String> response = post("DynamoDB_20120810.ListTables", "{}", false);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"__type\":\"com.amazon.coral.service#MissingAuthenticationTokenException\","
                + "\"message\":\"Request is missing Authentication Token\"}");
    }

    @Test
    void anyCredentialsAndRegionAreAcceptedAndTheCrcHeaderIsRight() throws Exception {
        HttpResponse<String> response = post("DynamoDB_20120810.ListTables", "{}", true);
        assertThat(response.statusCode()).isEqualTo(200);
        CRC32 crc = new CRC32();
        crc.update(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(response.headers().firstValue("x-amz-crc32")).hasValue(Long.toString(crc.getValue()));
        assertThat(response.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(id -> assertThat(id).hasSize(52));
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
    }

    @Test
    void requestIdsAreFiftyTwoLettersAndDigitsAndDiffer() throws Exception {
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.Set<Character> seen = new java.util.TreeSet<>();
        for (int i = 0; i < 200; i++) {
            String id = post("DynamoDB_20120810.ListTables", "{}", true).headers().firstValue("x-amzn-RequestId").orElseThrow();
            assertThat(id).matches("[A-Z0-9]{52}");
            ids.add(id);
            id.chars().forEach(c -> seen.add((char) c));
        }
        assertThat(ids).hasSize(200);
        // 10,400 characters drawn from 36: every one of them turns up.
        assertThat(seen).hasSize(36);
    }

    @Test
    void aMemberOfTheWrongJsonTypeIsASerializationException() throws Exception {
        HttpResponse<String> response = post("DynamoDB_20120810.DescribeTable", "{\"TableName\": 5}", true);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"__type\":\"com.amazon.coral.service#SerializationException\","
                + "\"Message\":\"NUMBER_VALUE cannot be converted to String\"}");
    }

    private static HttpResponse<String> post(String target, String body, boolean signed) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", target)
                .header("X-Amz-Date", "20261125T220000Z")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signed) {
            request.header("Authorization", AUTH);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
