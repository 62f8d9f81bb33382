package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.skyport.gateway.support.GatewayTestBase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/** Per-route timeout, circuit breaker and retry, proven against a slow and a dead backend. */
class ResilienceIT extends GatewayTestBase {

    @Autowired
    CircuitBreakerRegistry breakers;

    private HttpResponse<String> call(String path) {
        return get(path, "Authorization", bearer(userToken("resilience-user")));
    }

    @Test
    void theYamlRoutesTimeoutFiresWith504Problem() {
        // The orders route's response-timeout comes from application.yml (set to 1500 ms for this test run).
        HttpResponse<String> response = call("/api/orders/delay/4000");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("title").asText()).isEqualTo("Gateway Timeout");
        assertThat(call("/api/orders/delay/100").statusCode()).isEqualTo(200);
    }

    @Test
    void aTightRouteTimeoutFiresToo() {
        assertThat(call("/it/slow/delay/1500").statusCode()).isEqualTo(504);
        assertThat(call("/it/slow/fast").statusCode()).isEqualTo(200);
    }

    @Test
    void retriesIdempotentMethodsOnlyOn503() {
        call("/it/retry/status/503/get");
        assertThat(backend.hits("GET /it/retry/status/503/get")).isEqualTo(3);

        send(HttpRequest.newBuilder(URI.create(url("/it/retry/status/503/post")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")), "Authorization",
                bearer(userToken("resilience-user")), "Content-Type", "application/json");
        assertThat(backend.hits("POST /it/retry/status/503/post")).isEqualTo(1);

        call("/it/retry/status/500/get");
        assertThat(backend.hits("GET /it/retry/status/500/get")).isEqualTo(1);
    }

    @Test
    void aFullBulkheadAnswers503AtOnceWhileTheRouteIsSaturated() throws Exception {
        // This route's bulkhead admits one request at a time (test configuration).
        var first = http.sendAsync(HttpRequest.newBuilder(URI.create(url("/it/bulkhead/delay/2000"))).GET()
                .header("Authorization", bearer(userToken("bulkhead-user"))).build(), HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> backend.hits("GET /it/bulkhead/delay/2000") == 1 || first.isDone());
        assertThat(first.isDone()).as("first request finished early: %s", first.isDone() ? first.get().body() : "")
                .isFalse();
        HttpResponse<String> second = call("/it/bulkhead/other");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
        assertThat(backend.hits("GET /it/bulkhead/other")).isZero();
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(call("/it/bulkhead/other").statusCode()).isEqualTo(200);
    }

    @Test
    void circuitOpensOnADeadBackendHalfOpensAndClosesWhenItRecovers() throws Exception {
        CircuitBreaker breaker = breakers.circuitBreaker("it-flaky");
        breaker.reset();
        flakyBackend.stop();
        try {
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> refused = call("/it/flaky/dead");
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.body()).contains("not accepting connections");
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            HttpResponse<String> open = call("/it/flaky/dead");
            assertThat(open.statusCode()).isEqualTo(503);
            assertThat(open.headers().firstValue("Retry-After")).isPresent();
            assertThat(open.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        finally {
            flakyBackend.restart();
        }
        // Still open: the backend is back but the breaker has not waited its 2 s yet.
        assertThat(call("/it/flaky/alive").statusCode()).isEqualTo(503);
        assertThat(flakyBackend.hits("GET /it/flaky/alive")).isZero();
        Thread.sleep(2200);
        // Half-open lets one trial call through; it succeeds, so the breaker closes.
        assertThat(call("/it/flaky/alive").statusCode()).isEqualTo(200);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(call("/it/flaky/alive").statusCode()).isEqualTo(200);
    }

    @Test
    void circuitOpensOnASlowBackendAndAFailedTrialReopensIt() throws Exception {
        CircuitBreaker breaker = breakers.circuitBreaker("it-flaky");
        breaker.reset();
        for (int i = 0; i < 4; i++) {
            assertThat(call("/it/flaky/delay/1500").statusCode()).isEqualTo(504);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(call("/it/flaky/delay/1").statusCode()).isEqualTo(503);
        Thread.sleep(2200);
        assertThat(call("/it/flaky/delay/1500").statusCode()).isEqualTo(504);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        Thread.sleep(2200);
        assertThat(call("/it/flaky/delay/1").statusCode()).isEqualTo(200);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
