package dev.skyport.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ProblemShapeTest {

    @Test
    void namesTheTypeAfterTheReasonAndTheReasonAfterTheType() {
        assertThat(ProblemTypes.type("token_expired")).hasToString("https://skyport.dev/problems/token-expired");
        assertThat(ProblemTypes.reason(URI.create("https://skyport.dev/problems/idempotency-key-reused")))
                .isEqualTo("idempotency_key_reused");
        assertThat(ProblemTypes.reason(URI.create("about:blank"))).isNull();
        assertThat(ProblemTypes.reason(URI.create(ProblemTypes.TYPE_BASE))).isNull();
    }

    @Test
    void writesEveryMemberInOrderThenTheExtensions() {
        Map<String, Object> body = ProblemBody.of(429, "Too Many Requests", "Slow down.", "/api/orders", "rate_limited",
                "req-1", "0af7651916cd43dd8448eb211c80319c", Map.of("retryAfter", 3));
        assertThat(List.copyOf(body.keySet())).containsExactly("type", "title", "status", "detail", "instance",
                "requestId", "traceId", "reason", "retryAfter");
        assertThat(body).containsEntry("type", "https://skyport.dev/problems/rate-limited")
                .containsEntry("reason", "rate_limited");
    }

    @Test
    void anExtensionCannotOverwriteAMember() {
        Map<String, Object> body = ProblemBody.of(404, "Not Found", null, "/x", "not_found", "r", null,
                Map.of("type", "about:blank", "reason", "other"));
        assertThat(body).containsEntry("type", "https://skyport.dev/problems/not-found").containsEntry("reason",
                "not_found");
    }

    @Test
    void keepsASaneRequestIdAndReplacesOneThatCouldForgeALogLine() {
        assertThat(RequestIds.keepOrCreate("abc-123:x.y_z")).isEqualTo("abc-123:x.y_z");
        assertThat(RequestIds.wellFormed("a\r\nlevel=ERROR")).isFalse();
        assertThat(RequestIds.wellFormed("a".repeat(129))).isFalse();
        assertThat(RequestIds.wellFormed("")).isFalse();
        assertThat(RequestIds.keepOrCreate("a b")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
}
