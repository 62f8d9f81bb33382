package dev.skyport.starter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.skyport.starter.testapp.RecordingSpanExporter;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** W3C trace context is continued from the inbound request to outbound RestClient calls. */
class TracePropagationIT extends StarterIntegrationTest {

    private HttpServer downstream;
    private final AtomicReference<String> seenTraceparent = new AtomicReference<>();

    @BeforeEach
    void startDownstream() throws Exception {
        downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        downstream.createContext("/hello", exchange -> {
            seenTraceparent.set(exchange.getRequestHeaders().getFirst("traceparent"));
            byte[] body = "hi".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        downstream.start();
    }

    @AfterEach
    void stopDownstream() {
        downstream.stop(0);
    }

    @Autowired
    RecordingSpanExporter spans;

    @Test
    void dynamoDbCallsAreChildSpansOfTheRequest() {
        String traceId = "5bf92f3577b34da6a3ce929d0e0e4736";
        String token = INFRA.issuer.accessToken("span-user", List.of("orders:read"), List.of("USER"));
        HttpResponse<String> response = send(request("/api/orders/none").header("Authorization", "Bearer " + token)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").GET().build());
        assertThat(response.statusCode()).isEqualTo(404);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<SpanData> trace = spans.spans().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            SpanData server = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
            assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
            SpanData dynamo = trace.stream().filter(s -> s.getName().equals("dynamodb GetItem")).findFirst().orElseThrow();
            // Nested under the request's server span (security or MVC spans may sit in between).
            java.util.Map<String, SpanData> byId = new java.util.HashMap<>();
            trace.forEach(span -> byId.put(span.getSpanId(), span));
            SpanData ancestor = dynamo;
            while (ancestor != null && !ancestor.getSpanId().equals(server.getSpanId())) {
                ancestor = byId.get(ancestor.getParentSpanId());
            }
            assertThat(ancestor).as("server span among the ancestors of the DynamoDB span").isNotNull();
            assertThat(dynamo.getAttributes().asMap().toString()).contains("it-orders");
        });
    }

    @Test
    void anOutboundCallCarriesTheInboundTraceId() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String url = "http://127.0.0.1:" + downstream.getAddress().getPort() + "/hello";
        HttpResponse<String> response = send(request("/api/public/relay?url=" + url)
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01").GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hi");
        assertThat(seenTraceparent.get()).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        assertThat(seenTraceparent.get()).doesNotContain("b7ad6b7169203331");
    }
}
