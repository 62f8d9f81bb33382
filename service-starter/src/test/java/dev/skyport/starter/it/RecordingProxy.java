package dev.skyport.starter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skyport.starter.testapp.TestApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A loopback HTTP proxy in front of the engine: forwards every request unchanged and records what came in. */
final class RecordingProxy implements AutoCloseable {

    /** One request as the SDK sent it. */
    record Call(String target, String authorization, String securityToken, String body) {
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final URI target;

    /**
     * The starter's test app with no endpoint or keys of ours: the SDK's default chain finds the credentials
     * (set up by the caller as system properties), and its DynamoDB calls go through this proxy (aws.endpointUrlDynamoDb).
     */
    ConfigurableApplicationContext startAppOnTheDefaultChain(Map<String, Object> infraProperties, String tablePrefix) {
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.endpointUrlDynamoDb", endpoint());
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
    void assertEveryCallSignedWith(String accessKey, String sessionToken, String... operations) {
        assertThat(calls).extracting(Call::target).contains(operations);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=" + accessKey + "/")
                    .contains("/eu-west-1/dynamodb/aws4_request");
            assertThat(call.securityToken()).isEqualTo(sessionToken);
        });
    }

    /** The system properties {@link #startAppOnTheDefaultChain} sets. */
    static final List<String> SDK_PROPERTIES = List.of("aws.region", "aws.endpointUrlDynamoDb", "aws.disableEc2Metadata");

    RecordingProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    void clear() {
        calls.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        calls.add(new Call(exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"),
                new String(body, StandardCharsets.UTF_8)));
        HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(20))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> forward.header(name, value));
            }
        });
        try {
            HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            respond(exchange, answer.statusCode(), answer.body());
        } catch (IOException e) {
            // The engine is gone: answer as an unreachable upstream would.
            respond(exchange, 502, new byte[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 502, new byte[0]);
        }
    }

    static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (InputStream ignored = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                out.write(body);
            }
        }
    }
}
