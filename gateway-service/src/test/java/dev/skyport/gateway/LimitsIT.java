package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.skyport.gateway.support.GatewayTestBase;

/** Body, URI and header limits, and path tricks that must neither escape a route nor dodge its security. */
class LimitsIT extends GatewayTestBase {

    private static final int MB = 1024 * 1024;

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) {
        return send(HttpRequest.newBuilder(URI.create(url("/api/users/upload"))).POST(body),
                "Authorization", bearer(userToken("limits-user")), "Content-Type", "application/octet-stream");
    }

    @Test
    void declaredBodyOverTheLimitIs413BeforeTheBackendSeesIt() {
        int before = backend.hits("POST /api/users/upload");
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofByteArray(new byte[11 * MB]));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(backend.hits("POST /api/users/upload")).isEqualTo(before);
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers
                .ofInputStream(() -> new ByteArrayInputStream(new byte[11 * MB])));
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void chunkedBodyUnderTheLimitPasses() {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers
                .ofInputStream(() -> new ByteArrayInputStream(new byte[9 * MB])));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("bodyBytes").asInt()).isEqualTo(9 * MB);
    }

    @Test
    void overlongUriIs414() throws IOException {
        assertThat(raw("GET /api/orders/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).contains(" 414 ")
                .contains("application/problem+json").contains("\"reason\":\"uri_too_long\"");
    }

    @Test
    void oversizedHeadersAre431() throws IOException {
        assertThat(raw("GET /api/orders/1 HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"))
                .contains(" 431 ").contains("application/problem+json").contains("\"reason\":\"header_too_large\"");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/orders/../admin/api-keys", "/api/orders/%2e%2e/admin/api-keys",
            "/api/orders/%2E%2E/x", "//api/orders/x", "/api/orders%2Fx", "/api/orders/x%2F..%2Fy",
            "/api/orders;jsessionid=1/x", "/docs/../api/orders/x", "/docs/..;/api/orders/x", "/api/orders/%5C..%5Cx",
            "/oauth2/%2e%2e/api/orders/x" })
    void pathTricksAreRefusedAndNeverReachABackend(String path) throws IOException {
        String response = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(response).as(path).startsWith("HTTP/1.1 400");
        assertThat(backend.hits(path)).isZero();
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int read = in.read(buffer);
            return read <= 0 ? "" : new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
        }
    }
}
