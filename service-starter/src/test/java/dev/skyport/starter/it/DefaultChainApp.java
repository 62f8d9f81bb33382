package dev.skyport.starter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import dev.skyport.starter.testapp.TestApplication;
import dev.skyport.testsupport.RecordingProxy;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The starter's test app on the AWS SDK's default credential chain, its DynamoDB calls through a recording proxy. */
final class DefaultChainApp {

    /** The system properties {@link #start} sets. */
    static final List<String> SDK_PROPERTIES = List.of("aws.region", "aws.endpointUrlDynamoDb", "aws.disableEc2Metadata");

    private DefaultChainApp() {
    }

    /**
     * No endpoint or keys of ours: the SDK's default chain finds the credentials (set up by the caller as system
     * properties), and its DynamoDB calls go through the proxy (aws.endpointUrlDynamoDb).
     */
    static ConfigurableApplicationContext start(RecordingProxy proxy, Map<String, Object> infraProperties,
                                                String tablePrefix) {
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.endpointUrlDynamoDb", proxy.endpoint());
        // Instance metadata is what the chain falls through to when the tested provider fails: make that fail at once.
        System.setProperty("aws.disableEc2Metadata", "true");
        Map<String, Object> properties = new LinkedHashMap<>(infraProperties);
        properties.put("skyport.dynamodb.endpoint", "");
        properties.put("skyport.dynamodb.create-tables", "true");
        properties.put("skyport.dynamodb.table-prefix", tablePrefix);
        properties.put("spring.cloud.aws.region.static", "eu-west-1");
        properties.put("server.port", "0");
        properties.put("management.server.port", "");
        // Command-line arguments: above the starter's defaults (DYNAMODB_ENDPOINT defaults to the local engine).
        return new SpringApplicationBuilder(TestApplication.class).run(properties.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    }

    /** Every call that came through was signed with these temporary credentials, and these operations came. */
    static void assertEveryCallSignedWith(RecordingProxy proxy, String accessKey, String sessionToken,
                                          String... operations) {
        assertThat(proxy.exchanges()).extracting(call -> call.header("X-Amz-Target")).contains(operations);
        assertThat(proxy.exchanges()).allSatisfy(call -> {
            assertThat(call.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + accessKey + "/")
                    .contains("/eu-west-1/dynamodb/aws4_request");
            assertThat(call.header("X-Amz-Security-Token")).isEqualTo(sessionToken);
        });
    }

    /** Answers a stand-in credentials endpoint's request. */
    static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (InputStream ignored = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                out.write(body);
            }
        }
    }
}
