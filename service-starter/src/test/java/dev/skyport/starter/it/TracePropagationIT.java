package dev.skyport.starter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
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
