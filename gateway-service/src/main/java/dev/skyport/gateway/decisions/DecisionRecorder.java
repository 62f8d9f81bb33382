package dev.skyport.gateway.decisions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.gateway.limits.ClientAddress;
import dev.skyport.gateway.edge.EdgeExchangeFilter;
import dev.skyport.gateway.problem.Problems;
import dev.skyport.gateway.security.EdgeSecurity;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps a decision record of every request the edge answers with 4xx or 5xx: route, principal, client, the reason
 * code, and each check with its result (token checks, the bucket key with its limit and what remained, the API key's
 * quota, the route's breaker state, the upstream's status and time). The facts are gathered on the exchange while
 * the request runs ({@link DecisionFacts}); the record is built and stored just before the answer is committed,
 * only for 4xx/5xx, so a successful request costs no JSON and no store call. 1xx, 2xx and 3xx answers (a 101
 * upgrade, a 304 revalidation, a sign-in redirect) are not refusals and get no record.
 */
public class DecisionRecorder {

    private static final Logger log = LoggerFactory.getLogger(DecisionRecorder.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Bounds for the parts a client chooses (path, method, subject): a record stays small whatever is sent. */
    private static final int MAX_TEXT = 256;

    private final DecisionRecords records;
    private final int maxRecordBytes;
    private final ObjectProvider<CircuitBreakerRegistry> breakers;
    private final Counter failures;

    public DecisionRecorder(DecisionRecords records, int maxRecordBytes, ObjectProvider<CircuitBreakerRegistry> breakers,
            MeterRegistry meters) {
        this.records = records;
        this.maxRecordBytes = maxRecordBytes;
        this.breakers = breakers;
        this.failures = meters.counter("skyport.gateway.decisions.store.failures");
    }

    /** Puts the request's facts on the exchange and stores their record if the answer turns out 4xx or 5xx. */
    public void watch(ServerWebExchange exchange, DecisionFacts facts) {
        exchange.getAttributes().put(DecisionFacts.ATTRIBUTE, facts);
        // Before commit, not after the chain: the error handler writes its problem outside the filter chain.
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            HttpStatusCode status = response.getStatusCode();
            if (status != null && status.value() >= 400) {
                store(exchange, facts, status);
            }
            return Mono.empty();
        });
    }

    /**
     * Sends the record off without waiting for it: the answer must never wait on the store (a refusal held back by a
     * Redis round trip lost its race with a connection Reactor Netty was closing, as the slow-client 408s showed).
     * The write is issued before the answer is written, so a lookup made after the answer arrives finds it.
     */
    private void store(ServerWebExchange exchange, DecisionFacts facts, HttpStatusCode status) {
        String requestId = exchange.getAttribute(EdgeExchangeFilter.REQUEST_ID);
        if (requestId == null) {
            return;
        }
        String record;
        try {
            record = render(exchange, facts, status, requestId);
        }
        catch (RuntimeException e) {
            failures.increment();
            log.warn("decision record not built requestId={} error={}", requestId, e.toString());
            return;
        }
        records.save(requestId, record).subscribe(null, error -> {
            failures.increment();
            log.debug("decision record not stored requestId={} error={}", requestId, error.toString());
        });
    }

    String render(ServerWebExchange exchange, DecisionFacts facts, HttpStatusCode status, String requestId) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        HttpClientResponse upstream = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR);
        String principal = exchange.getAttribute(EdgeSecurity.PRINCIPAL);
        long now = System.nanoTime();

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("requestId", requestId);
        record.put("time", Instant.now().toString());
        record.put("method", bounded(exchange.getRequest().getMethod().name()));
        record.put("path", bounded(exchange.getRequest().getPath().value()));
        record.put("route", route == null ? null : route.getId());
        record.put("client", exchange.getAttribute(ClientAddress.ATTRIBUTE));
        record.put("principal", bounded(principal));
        record.put("status", status.value());
        String reason = facts.reason() != null ? facts.reason()
                : upstream != null ? "upstream_response" : Problems.reasonFor(status);
        record.put("reason", reason);
        record.put("durationMs", millis(now - facts.startNanos));

        List<Map<String, Object>> checks = new ArrayList<>();
        tokenChecks(exchange, facts, principal, checks);
        rateChecks(facts.rateChecks(), checks);
        DecisionFacts.QuotaCheck quota = facts.quota();
        if (quota != null) {
            checks.add(check("quota", quota.used() > quota.dailyLimit() ? "exhausted" : "allowed",
                    "apiKey", quota.apiKeyId(), "limit", quota.dailyLimit(), "used", quota.used()));
        }
        if (route != null) {
            breakers.ifAvailable(registry -> registry.find(route.getId()).ifPresent(breaker -> checks.add(
                    check("circuit_breaker", breaker.getState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN
                            ? "open" : "passed", "name", breaker.getName(), "state", breaker.getState().name(),
                            "failureRatePercent", breaker.getMetrics().getFailureRate()))));
        }
        if (facts.upstreamStartNanos() != 0) {
            Map<String, Object> call = check("upstream", upstream != null ? "answered" : switch (reason) {
                case "upstream_timeout" -> "timeout";
                case "upstream_unavailable" -> "unreachable";
                default -> "failed";
            });
            call.put("status", upstream != null ? upstream.status().code() : null);
            call.put("timeMs", millis(now - facts.upstreamStartNanos()));
            checks.add(call);
        }
        record.put("checks", checks);
        String json = JSON.writeValueAsString(record);
        if (json.getBytes(StandardCharsets.UTF_8).length > maxRecordBytes) {
            record.remove("checks");
            record.put("truncated", true);
            json = JSON.writeValueAsString(record);
        }
        return json;
    }

    private static void tokenChecks(ServerWebExchange exchange, DecisionFacts facts, String principal,
            List<Map<String, Object>> checks) {
        List<DecisionFacts.TokenCheck> rejected = facts.tokenChecks();
        if (rejected != null) {
            rejected.forEach(c -> checks.add(check("token." + c.check(), c.passed() ? "passed" : "failed")));
            return;
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        if (bearer) {
            checks.add(check("token", principal != null ? "passed" : "not_checked"));
        }
        else {
            checks.add(check("token", "absent"));
        }
    }

    private static void rateChecks(DecisionFacts.RateCheck newest, List<Map<String, Object>> checks) {
        int at = checks.size();
        for (DecisionFacts.RateCheck c = newest; c != null; c = c.previous()) {
            Map<String, Object> entry = check("rate_limit", c.allowed() ? "allowed" : "refused", "bucket",
                    bounded(c.bucketKey()), "policy", c.policy(), "limit", c.limit(), "ratePerSecond",
                    c.ratePerSecond(), "remaining", c.remaining());
            if (!c.allowed()) {
                entry.put("retryAfterSeconds", c.retryAfterSeconds());
            }
            checks.add(at, entry); // oldest first
        }
    }

    private static Map<String, Object> check(String name, String result, Object... details) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("check", name);
        check.put("result", result);
        for (int i = 0; i < details.length; i += 2) {
            check.put((String) details[i], details[i + 1]);
        }
        return check;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static String bounded(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
