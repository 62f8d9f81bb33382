package dev.skyport.starter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** Every bad input answers problem+json with a fitting status, an instance, the trace id and a reason code. */
@ExtendWith(OutputCaptureExtension.class)
class ProblemIT extends StarterIntegrationTest {

    private final String user = "user-" + UUID.randomUUID();
    private final String writer = INFRA.issuer.accessToken(user, List.of("orders:read", "orders:write"), List.of("USER"));

    private static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).startsWith("https://skyport.dev/problems/");
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("instance").asString()).startsWith("/");
        assertThat(problem.get("traceId").asString()).matches("[0-9a-f]{32}");
        assertThat(problem.get("requestId").asString())
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        // The rule that fired, as a stable code: the type's last segment with '-' as '_'.
        String type = problem.get("type").asString();
        assertThat(problem.get("reason").asString())
                .isEqualTo(type.substring(type.lastIndexOf('/') + 1).replace('-', '_'));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.skyport");
        return problem;
    }

    @Test
    void invalidFieldsAnswer400WithTheFieldList() {
        JsonNode problem = problem(postJson("/api/orders", writer, "{\"orderId\":\"\",\"status\":\"NEW\",\"total\":-1}"), 400);
        assertThat(problem.get("type").asString()).endsWith("/validation");
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields).containsExactly("orderId", "total");
    }

    @Test
    void anUnknownFieldAnswers400() {
        JsonNode problem = problem(postJson("/api/orders", writer,
                "{\"orderId\":\"o1\",\"status\":\"NEW\",\"total\":1,\"roles\":[\"ADMIN\"]}"), 400);
        assertThat(problem.get("detail").asString()).contains("roles");
    }

    @Test
    void malformedJsonAnswers400() {
        problem(postJson("/api/orders", writer, "{\"orderId\": "), 400);
    }

    @Test
    void aWrongTypeAnswers400NamingTheField() {
        JsonNode problem = problem(postJson("/api/orders", writer, "{\"orderId\":\"o1\",\"status\":\"NEW\",\"total\":\"many\"}"), 400);
        assertThat(problem.get("detail").asString()).contains("total");
    }

    @Test
    void aTooLargeBodyAnswers413() {
        String big = "{\"orderId\":\"" + "x".repeat(1_100_000) + "\",\"status\":\"NEW\",\"total\":1}";
        problem(postJson("/api/orders", writer, big), 413);
    }

    @Test
    void anUnsupportedMediaTypeAnswers415() {
        problem(send(request("/api/orders").header("Authorization", "Bearer " + writer)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")).build()), 415);
    }

    @Test
    void anUnsupportedMethodAnswers405() {
        problem(send(request("/api/orders").header("Authorization", "Bearer " + writer)
                .DELETE().build()), 405);
    }

    @Test
    void aMissingHeaderAnswers400() {
        problem(send(request("/api/orders/o1/status").header("Authorization", "Bearer " + writer)
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("PAID")).build()), 400);
    }

    @Test
    void anUnknownPathAnswers404() {
        problem(get("/api/nothing-here", writer), 404);
    }

    @Test
    void aMissingItemAnswers404() {
        problem(get("/api/orders/does-not-exist", writer), 404);
    }

    @Test
    void aDuplicateCreateAnswers409() {
        assertThat(postJson("/api/orders", writer, "{\"orderId\":\"dup\",\"status\":\"NEW\",\"total\":1}").statusCode())
                .isEqualTo(201);
        JsonNode problem = problem(postJson("/api/orders", writer, "{\"orderId\":\"dup\",\"status\":\"NEW\",\"total\":1}"), 409);
        assertThat(problem.get("type").asString()).endsWith("/already-exists");
    }

    @Test
    void aStaleIfMatchAnswers412() {
        HttpResponse<String> created = postJson("/api/orders", writer, "{\"orderId\":\"o-etag\",\"status\":\"NEW\",\"total\":1}");
        assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
        HttpResponse<String> first = send(request("/api/orders/o-etag/status").header("Authorization", "Bearer " + writer)
                .header("If-Match", "\"1\"").header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("PAID")).build());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).get("version").asLong()).isEqualTo(2);
        HttpResponse<String> stale = send(request("/api/orders/o-etag/status").header("Authorization", "Bearer " + writer)
                .header("If-Match", "\"1\"").header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("SHIPPED")).build());
        assertThat(problem(stale, 412).get("type").asString()).endsWith("/stale-version");
    }

    @Test
    void aTamperedCursorAnswers400() {
        for (int i = 0; i < 3; i++) {
            postJson("/api/orders", writer, "{\"orderId\":\"p" + i + "\",\"status\":\"NEW\",\"total\":1}");
        }
        HttpResponse<String> page = get("/api/orders?limit=2", writer);
        String cursor = json(page).get("nextCursor").asString();
        assertThat(cursor).isNotBlank();
        assertThat(get("/api/orders?limit=2&cursor=" + cursor, writer).statusCode()).isEqualTo(200);
        // Tamper the bytes, not the text: a changed last character may differ only in padding bits.
        int dot = cursor.indexOf('.');
        byte[] payload = Base64.getUrlDecoder().decode(cursor.substring(0, dot));
        payload[payload.length - 1] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + cursor.substring(dot);
        JsonNode problem = problem(get("/api/orders?limit=2&cursor=" + tampered, writer), 400);
        assertThat(problem.get("type").asString()).endsWith("/invalid-cursor");
        problem(get("/api/orders?limit=2&cursor=garbage", writer), 400);
    }

    @Test
    void aCursorOfAnotherUsersQueryIsRefused() {
        for (int i = 0; i < 3; i++) {
            postJson("/api/orders", writer, "{\"orderId\":\"q" + i + "\",\"status\":\"NEW\",\"total\":1}");
        }
        String cursor = json(get("/api/orders?limit=1", writer)).get("nextCursor").asString();
        String other = INFRA.issuer.accessToken("someone-else", List.of("orders:read"), List.of("USER"));
        problem(get("/api/orders?limit=1&cursor=" + cursor, other), 400);
    }

    @Test
    void anOutOfRangeLimitAnswers400() {
        problem(get("/api/orders?limit=0", writer), 400);
        problem(get("/api/orders?limit=101", writer), 400);
        problem(get("/api/orders?limit=abc", writer), 400);
    }

    @Test
    void anUnexpectedErrorAnswers500WithoutDetailsAndIsLoggedWithTheTraceId(CapturedOutput output) {
        JsonNode problem = problem(get("/api/public/broken", null), 500);
        assertThat(problem.get("detail").asString()).doesNotContain("secret internal detail");
        String traceId = problem.get("traceId").asString();
        assertThat(output.getOut()).contains(traceId).contains("secret internal detail");
    }

    @Test
    void serviceUnavailableCarriesRetryAfter() {
        HttpResponse<String> response = get("/api/public/busy", null);
        problem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
    }

    @Test
    void logsAreStructuredJsonWithTheTraceId(CapturedOutput output) {
        HttpResponse<String> created = postJson("/api/orders", writer, "{\"orderId\":\"logged\",\"status\":\"NEW\",\"total\":1}");
        assertThat(created.statusCode()).isEqualTo(201);
        String line = output.getOut().lines().filter(l -> l.contains("order created")).findFirst().orElseThrow();
        JsonNode event = JSON.readTree(line);
        assertThat(event.get("message").asString()).isEqualTo("order created");
        assertThat(line).containsPattern("\"traceId\":\"[0-9a-f]{32}\"");
    }

    @Test
    void anIncomingW3cTraceparentIsContinued() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> response = send(request("/api/orders/nope").header("Authorization", "Bearer " + writer)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").GET().build());
        assertThat(problem(response, 404).get("traceId").asString()).isEqualTo(traceId);
    }

    @Test
    void keepsTheRequestIdTheGatewayForwarded() {
        HttpResponse<String> response = send(request("/api/orders/nope").header("Authorization", "Bearer " + writer)
                .header("X-Request-Id", "edge-7f3a.1").GET().build());
        assertThat(problem(response, 404).get("requestId").asString()).isEqualTo("edge-7f3a.1");
    }

    @Test
    void replacesARequestIdThatCouldForgeALogLine() {
        HttpResponse<String> response = send(request("/api/orders/nope").header("Authorization", "Bearer " + writer)
                .header("X-Request-Id", "x\" level=ERROR").GET().build());
        assertThat(problem(response, 404).get("requestId").asString()).doesNotContain("level").hasSize(36);
    }

    @Test
    void aRefusedTokenProblemCarriesTheRequestIdToo() {
        HttpResponse<String> response = send(request("/api/orders/nope").header("X-Request-Id", "edge-401")
                .GET().build());
        assertThat(problem(response, 401).get("requestId").asString()).isEqualTo("edge-401");
    }
}
