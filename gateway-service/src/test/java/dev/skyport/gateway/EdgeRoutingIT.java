package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;

import dev.skyport.gateway.support.GatewayTestBase;
import dev.skyport.testsupport.TestIssuer;
import tools.jackson.databind.JsonNode;

@ExtendWith(OutputCaptureExtension.class)
class EdgeRoutingIT extends GatewayTestBase {

    @LocalManagementPort
    int managementPort;

    @Test
    void routesUsersAndOrdersToTheirBackendsAndRelaysTheSameToken() {
        String token = userToken("routing-user");
        HttpResponse<String> orders = get("/api/orders/42", "Authorization", bearer(token));
        assertThat(orders.statusCode()).isEqualTo(200);
        JsonNode echo = json(orders);
        assertThat(echo.get("path").asText()).isEqualTo("/api/orders/42");
        assertThat(echo.get("headers").get("Authorization").asText()).isEqualTo("Bearer " + token);

        HttpResponse<String> users = get("/api/users/me", "Authorization", bearer(token));
        assertThat(users.statusCode()).isEqualTo(200);
        assertThat(json(users).get("path").asText()).isEqualTo("/api/users/me");
    }

    @Test
    void signUpAndIdentityProviderPathsArePublic() {
        HttpResponse<String> signUp = send(HttpRequest.newBuilder(URI.create(url("/api/users")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")), "Content-Type", "application/json",
                "X-Forwarded-For", "203.0.113.200");
        assertThat(signUp.statusCode()).isEqualTo(200);
        assertThat(get("/.well-known/openid-configuration").statusCode()).isEqualTo(200);
        assertThat(get("/oauth2/jwks").statusCode()).isEqualTo(200);
        assertThat(get("/api/users/me").statusCode()).isEqualTo(401);
        assertThat(get("/api/orders").statusCode()).isEqualTo(401);
        // Public paths belong to a route and, with a method, to that method only: the ADMIN list shares the path.
        assertThat(get("/api/users").statusCode()).isEqualTo(401);
        assertThat(get("/userinfo").statusCode()).isEqualTo(401);
    }

    @Test
    void publicPathsGetTheSecureHeadersButNoTokenCheck() {
        // The public chain reads no token: a made-up one goes to the backend, which decides (the edge notes no user).
        HttpResponse<String> discovery = get("/.well-known/openid-configuration", "Authorization", "Bearer made-up");
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(discovery.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(discovery.headers().firstValue("Referrer-Policy")).contains("same-origin");
        // The same made-up token on a protected path is refused there.
        assertThat(get("/api/orders/1", "Authorization", "Bearer made-up").statusCode()).isEqualTo(401);
        // And the firewall still guards public paths.
        assertThat(get("/.well-known/%2e%2e/api/orders").statusCode()).isEqualTo(400);
    }

    @Test
    void generatesARequestIdAndPropagatesTheClientsOwn() {
        HttpResponse<String> generated = get("/api/orders/1", "Authorization", bearer(userToken("rid-user")));
        String id = generated.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).isNotBlank();
        assertThat(json(generated).get("headers").get("X-Request-Id").asText()).isEqualTo(id);

        HttpResponse<String> propagated = get("/api/orders/1", "Authorization", bearer(userToken("rid-user")),
                "X-Request-Id", "client-chosen-123");
        assertThat(propagated.headers().firstValue("X-Request-Id")).contains("client-chosen-123");
        assertThat(json(propagated).get("headers").get("X-Request-Id").asText()).isEqualTo("client-chosen-123");

        HttpResponse<String> forged = get("/api/orders/1", "Authorization", bearer(userToken("rid-user")),
                "X-Request-Id", "bad id\" with quotes");
        assertThat(forged.headers().firstValue("X-Request-Id").orElseThrow()).doesNotContain("\"");
    }

    @Test
    void continuesTheCallersW3cTrace() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> response = get("/api/orders/1", "Authorization", bearer(userToken("trace-user")),
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
        String upstream = json(response).get("headers").get("traceparent").asText();
        assertThat(upstream).startsWith("00-" + traceId + "-").doesNotContain("00f067aa0ba902b7");
    }

    @Test
    void startsATraceWhenTheCallerHasNone() {
        HttpResponse<String> response = get("/api/orders/1", "Authorization", bearer(userToken("trace-user")));
        assertThat(json(response).get("headers").get("traceparent").asText()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    @Test
    void stripsSpoofableAndHopByHopHeadersFromClients() {
        // From an address that is not a trusted proxy (the tests trust 127.0.0.1 only).
        HttpResponse<String> response = dev.skyport.gateway.support.ClientAt.of("127.0.3.3", port).get("/api/orders/1",
                "Authorization", bearer(userToken("strip-user")),
                "X-User-Id", "admin", "X-Principal", "admin", "X-Client-Id", "skyport-service",
                "Forwarded", "for=1.2.3.4", "X-Forwarded-Host", "evil.example", "X-Real-IP", "1.2.3.4",
                "Upgrade-Insecure-Requests", "1", "Proxy-Authorization", "Basic Zm9vOmJhcg==");
        JsonNode headers = json(response).get("headers");
        assertThat(headers.has("X-User-Id")).isFalse();
        assertThat(headers.has("X-Principal")).isFalse();
        assertThat(headers.has("X-Client-Id")).isFalse();
        assertThat(headers.has("Forwarded")).isFalse();
        // The gateway writes its own X-Forwarded-Host (the host the client asked for), never the client's claim.
        assertThat(headers.get("X-Forwarded-Host").asText()).isEqualTo("127.0.0.1:" + port);
        assertThat(headers.has("X-Real-IP")).isFalse();
        assertThat(headers.has("Proxy-Authorization")).isFalse();
        // The backend's hop-by-hop Keep-Alive is not passed on to the client either.
        assertThat(response.headers().firstValue("Keep-Alive")).isEmpty();
    }

    @Test
    void addsSecureResponseHeaders() {
        HttpResponse<String> response = get("/api/orders/1", "Authorization", bearer(userToken("headers-user")));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).contains("same-origin");
    }

    @Test
    void answersCorsPreflightForConfiguredOriginsOnly() {
        HttpResponse<String> allowed = send(HttpRequest.newBuilder(URI.create(url("/api/orders")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                "Origin", APP_ORIGIN, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(APP_ORIGIN);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(backend.hits("OPTIONS /api/orders")).isZero();

        HttpResponse<String> denied = send(HttpRequest.newBuilder(URI.create(url("/api/orders")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                "Origin", "http://evil.example", "Access-Control-Request-Method", "POST");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void neverExposesTheGatewayActuatorEndpoint() {
        HttpResponse<String> health = getAbsolute("http://127.0.0.1:" + managementPort + "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(getAbsolute("http://127.0.0.1:" + managementPort + "/actuator/gateway/routes", adminToken())
                .statusCode()).isEqualTo(404);
        assertThat(get("/actuator/gateway/routes", "Authorization", bearer(adminToken())).statusCode()).isEqualTo(404);
        HttpResponse<String> metrics = getAbsolute("http://127.0.0.1:" + managementPort + "/actuator/prometheus");
        assertThat(metrics.body()).contains("spring_cloud_gateway_requests");
    }

    @Test
    void aKeepAliveConnectionGoesOnAfterAnErrorAnswer() throws Exception {
        // Reactor Netty 1.3.6 and 1.3.7 could stop reading a keep-alive connection after a request answered at once
        // (here a 404): the next request then waited until the client gave up. Seen as a 30 s time-out of this
        // class's Prometheus scrape; one sequence in 20 to 45 hung on this machine.
        for (int i = 0; i < 200; i++) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", managementPort)) {
                socket.setSoTimeout(5000);
                java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
                for (String path : new String[] { "/actuator/health", "/actuator/nothing", "/actuator/health" }) {
                    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    assertThat(readStatus(in)).as("sequence %d, %s", i, path)
                            .isEqualTo(path.endsWith("nothing") ? 404 : 200);
                }
            }
        }
    }

    /** Reads one HTTP/1.1 answer with a Content-Length body; its status. */
    private static int readStatus(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
        int at = lower.indexOf("content-length:");
        int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
        in.readNBytes(length);
        return Integer.parseInt(head.substring(9, 12));
    }

    @Test
    void writesOneJsonAccessLogLinePerRequestWithoutTokens(CapturedOutput output) {
        String token = userToken("log-user");
        get("/api/orders/77", "Authorization", bearer(token), "X-Request-Id", "log-check-1");
        // The line is written when the exchange completes, which may be just after the client has its answer.
        String line = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> output.getOut().lines().filter(l -> l.contains("log-check-1") && l.contains("http.access"))
                        .findFirst(), java.util.Optional::isPresent).orElseThrow();
        // The whole line is the JSON object, with its time.
        JsonNode entry = JSON.readTree(line);
        assertThat(java.time.Instant.parse(entry.get("time").asText()))
                .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
        assertThat(entry.get("event").asText()).isEqualTo("http.access");
        assertThat(entry.get("path").asText()).isEqualTo("/api/orders/77");
        assertThat(entry.get("method").asText()).isEqualTo("GET");
        assertThat(entry.get("route").asText()).isEqualTo("orders");
        assertThat(entry.get("status").asInt()).isEqualTo(200);
        assertThat(entry.get("principal").asText()).isEqualTo("log-user");
        assertThat(entry.get("traceId").asText()).hasSize(32);
        assertThat(entry.get("bytesOut").asLong()).isPositive();
        assertThat(entry.has("durationMs")).isTrue();
        assertThat(output.getAll()).doesNotContain(token);
    }

    @Test
    void servesOneSwaggerUiOpeningOnTheMergedSkyportApiWithThePublicUrlAsServer() {
        HttpResponse<String> docs = get("/docs");
        assertThat(docs.statusCode()).isIn(200, 302);
        HttpResponse<String> config = get("/docs/gateway/openapi.json/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        JsonNode swaggerConfig = json(config);
        assertThat(swaggerConfig.get("urls").get(0).get("url").asText()).isEqualTo("/docs/api/openapi.json");
        assertThat(swaggerConfig.get("urls.primaryName").asText()).isEqualTo("Skyport API");
        HttpResponse<String> initializer = get("/webjars/swagger-ui/swagger-initializer.js");
        assertThat(initializer.statusCode()).isEqualTo(200);
        assertThat(initializer.body()).contains("skyport-cli").contains("usePkceWithAuthorizationCodeGrant");

        HttpResponse<String> merged = get("/docs/api/openapi.json");
        assertThat(merged.statusCode()).isEqualTo(200);
        JsonNode api = json(merged);
        assertThat(api.get("info").get("title").asText()).isEqualTo("Skyport API");
        assertThat(api.get("servers")).hasSize(1);
        assertThat(api.get("servers").get(0).get("url").asText()).isEqualTo(TestIssuer.ISSUER);
        assertThat(api.get("externalDocs").get("url").asText()).isEqualTo(TestIssuer.ISSUER + "/docs/asyncapi.json");
        assertThat(api.get("components").get("securitySchemes").get("skyport").get("flows").get("authorizationCode")
                .get("tokenUrl").asText()).isEqualTo(TestIssuer.ISSUER + "/oauth2/token");
        // Fetched from each documented route's backend (users and orders: the same echo backend here).
        assertThat(backend.hits("GET /v3/api-docs")).isGreaterThanOrEqualTo(2);

        HttpResponse<String> asyncApi = get("/docs/asyncapi.json");
        assertThat(asyncApi.statusCode()).isEqualTo(200);
        assertThat(json(asyncApi).get("path").asText()).isEqualTo("/asyncapi.json");
        HttpResponse<String> own = get("/docs/gateway/openapi.json");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("/ws/tickets").contains("authorizationCode").doesNotContain("/docs/api/openapi.json");
        // The services' own documents (internal server URLs, unrouted internal endpoints) are not published.
        assertThat(get("/docs/users/openapi.json").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> getAbsolute(String absolute) {
        return send(HttpRequest.newBuilder(URI.create(absolute)).GET());
    }

    private HttpResponse<String> getAbsolute(String absolute, String token) {
        return send(HttpRequest.newBuilder(URI.create(absolute)).GET(), "Authorization", bearer(token));
    }
}
