package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;

import dev.skyport.gateway.support.GatewayTestBase;
import dev.skyport.testsupport.TestIssuer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.JsonNode;

/**
 * "Why was I rejected?": every problem the edge answers names the rule that fired in {@code reason}, and an admin
 * reads the decision record of that request by its id: each check with its result, for a while, never for a
 * success, never for anyone else, and never more of them (or larger ones) than configured.
 */
class DecisionRecordIT extends GatewayTestBase {

    private static final Set<String> PROBLEM_MEMBERS = Set.of("type", "title", "status", "detail", "instance",
            "requestId", "traceId", "reason");

    @Autowired
    CircuitBreakerRegistry breakers;

    private static String expiredToken() {
        Instant now = Instant.now();
        return issuer.token(c -> c.subject("expired-user").expirationTime(Date.from(now.minusSeconds(3600)))
                .issueTime(Date.from(now.minusSeconds(7200))).notBeforeTime(Date.from(now.minusSeconds(7200))));
    }

    /** A problem+json of the one shape, naming this reason; returns it. */
    private static JsonNode assertProblem(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        List<String> members = new ArrayList<>();
        problem.propertyNames().forEach(members::add);
        assertThat(members).containsExactlyInAnyOrderElementsOf(PROBLEM_MEMBERS);
        assertThat(problem.get("reason").asText()).isEqualTo(reason);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }

    private HttpResponse<String> readRecord(int gatewayPort, String requestId, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gatewayPort + "/admin/requests/" + requestId)).GET();
        return authorization == null ? send(request) : send(request, "Authorization", authorization);
    }

    private JsonNode record(int gatewayPort, String requestId) {
        HttpResponse<String> response = readRecord(gatewayPort, requestId, bearer(adminToken()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return json(response);
    }

    private JsonNode record(String requestId) {
        return record(port, requestId);
    }

    private static JsonNode check(JsonNode record, String name) {
        for (JsonNode check : record.get("checks")) {
            if (name.equals(check.get("check").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + record);
    }

    @Test
    void namesAnExpiredTokenAndKeepsItsDecisionRecord() {
        HttpResponse<String> refused = get("/api/orders/mine", "Authorization", bearer(expiredToken()));
        JsonNode problem = assertProblem(refused, 401, "token_expired");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer error=\"invalid_token\", error_description=\"The access token expired\"");

        JsonNode record = record(problem.get("requestId").asText());
        assertThat(record.get("requestId").asText()).isEqualTo(problem.get("requestId").asText());
        assertThat(record.get("status").asInt()).isEqualTo(401);
        assertThat(record.get("reason").asText()).isEqualTo("token_expired");
        assertThat(record.get("path").asText()).isEqualTo("/api/orders/mine");
        assertThat(record.get("method").asText()).isEqualTo("GET");
        assertThat(check(record, "token.signature").get("result").asText()).isEqualTo("passed");
        assertThat(check(record, "token.exp").get("result").asText()).isEqualTo("failed");
        assertThat(check(record, "token.iss").get("result").asText()).isEqualTo("passed");
        assertThat(check(record, "token.aud").get("result").asText()).isEqualTo("passed");
    }

    static Stream<Arguments> badTokens() throws Exception {
        Instant now = Instant.now();
        String valid = issuer.accessToken("reason-user", List.of("orders:read"), List.of("USER"));
        String[] parts = valid.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("reason-user", "someone-else").getBytes(StandardCharsets.UTF_8));
        SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(),
                TestIssuer.defaults().build());
        hs256.sign(new MACSigner(new byte[32]));
        return Stream.of(
                Arguments.of("no token", null, "token_missing", null),
                Arguments.of("not a JWT", "not.a.jwt", "token_malformed", "format"),
                Arguments.of("HS256", hs256.serialize(), "token_algorithm_not_allowed", "algorithm"),
                Arguments.of("unknown kid", TestIssuer.sign(TestIssuer.newKey(), c -> { }), "unknown_key", "key"),
                Arguments.of("tampered payload", parts[0] + "." + otherPayload + "." + parts[2],
                        "token_invalid_signature", "signature"),
                Arguments.of("wrong audience", issuer.token(c -> c.audience(List.of("another-api"))),
                        "audience_mismatch", "aud"),
                Arguments.of("wrong issuer", issuer.token(c -> c.issuer("http://evil.example")), "issuer_mismatch",
                        "iss"),
                Arguments.of("not yet valid", issuer.token(c -> c.notBeforeTime(Date.from(now.plusSeconds(3600)))),
                        "token_not_yet_valid", "nbf"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void namesTheTokenCheckThatFailedAndNothingMore(String why, String token, String reason, String failedCheck) {
        HttpResponse<String> refused = token == null ? get("/api/orders/mine")
                : get("/api/orders/mine", "Authorization", bearer(token));
        JsonNode problem = assertProblem(refused, 401, reason);
        if (token != null) {
            assertThat(refused.body()).doesNotContain(token);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer error=\"invalid_token\", error_description=\"");
        }
        else {
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        // Nothing an attacker could use: no key material, no backend address, no claim values.
        assertThat(refused.body()).doesNotContain("127.0.0.1").doesNotContain("kid").doesNotContain("evil.example")
                .doesNotContain("another-api");
        JsonNode record = record(problem.get("requestId").asText());
        assertThat(record.get("reason").asText()).isEqualTo(reason);
        if (failedCheck == null) {
            assertThat(check(record, "token").get("result").asText()).isEqualTo("absent");
        }
        else {
            assertThat(check(record, "token." + failedCheck).get("result").asText()).isEqualTo("failed");
        }
    }

    @Test
    void keepsTheBucketKeyLimitAndRemainingOfA429() {
        String ip = "198.51.100.70";
        HttpResponse<String> refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/api/users")))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")), "Content-Type", "application/json",
                    "X-Forwarded-For", ip);
            if (response.statusCode() == 429) {
                refused = response;
            }
        }
        assertThat(refused).as("sign-up refused past its burst").isNotNull();
        JsonNode problem = assertProblem(refused, 429, "rate_limited");

        JsonNode record = record(problem.get("requestId").asText());
        assertThat(record.get("route").asText()).isEqualTo("users-signup");
        assertThat(record.get("client").asText()).isEqualTo(ip);
        assertThat(check(record, "token").get("result").asText()).isEqualTo("absent");
        JsonNode bucket = check(record, "rate_limit");
        assertThat(bucket.get("result").asText()).isEqualTo("refused");
        assertThat(bucket.get("bucket").asText()).isEqualTo("users-signup:ip:" + ip);
        assertThat(bucket.get("limit").asLong()).isEqualTo(5);
        assertThat(bucket.get("ratePerSecond").asDouble()).isEqualTo(0.1);
        assertThat(bucket.get("remaining").asLong()).isZero();
        assertThat(bucket.get("retryAfterSeconds").asLong()).isPositive();
    }

    @Test
    void namesAnExhaustedQuotaAndKeepsItsCount() {
        HttpResponse<String> issued = send(HttpRequest.newBuilder(URI.create(url("/admin/api-keys")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"reasons\",\"plan\":\"tiny\"}")),
                "Content-Type", "application/json", "Authorization", bearer(adminToken()));
        assertThat(issued.statusCode()).isEqualTo(201);
        String key = json(issued).get("key").asText();
        String token = bearer(userToken("quota-reason-user"));
        for (int i = 0; i < 3; i++) {
            assertThat(get("/api/orders/keyed", "Authorization", token, "X-Api-Key", key).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> over = get("/api/orders/keyed", "Authorization", token, "X-Api-Key", key);
        JsonNode problem = assertProblem(over, 429, "quota_exhausted");
        assertThat(over.body()).doesNotContain(key);

        JsonNode record = record(problem.get("requestId").asText());
        assertThat(check(record, "token").get("result").asText()).isEqualTo("passed");
        assertThat(record.get("principal").asText()).isEqualTo("quota-reason-user");
        JsonNode quota = check(record, "quota");
        assertThat(quota.get("result").asText()).isEqualTo("exhausted");
        assertThat(quota.get("limit").asLong()).isEqualTo(3);
        assertThat(quota.get("used").asLong()).isEqualTo(4);
        assertThat(record.toString()).doesNotContain(key);
    }

    @Test
    void recordsTheBreakerStateOfAnOpenCircuit() {
        CircuitBreaker breaker = breakers.circuitBreaker("it-flaky");
        breaker.reset();
        flakyBackend.stop();
        try {
            String token = bearer(userToken("breaker-reason-user"));
            for (int i = 0; i < 4; i++) {
                assertProblem(get("/it/flaky/dead", "Authorization", token), 503, "upstream_unavailable");
            }
            HttpResponse<String> open = get("/it/flaky/dead", "Authorization", token);
            JsonNode problem = assertProblem(open, 503, "circuit_open");
            assertThat(open.body()).doesNotContain(Integer.toString(flakyBackend.port()));

            JsonNode record = record(problem.get("requestId").asText());
            assertThat(record.get("route").asText()).isEqualTo("it-flaky");
            JsonNode state = check(record, "circuit_breaker");
            assertThat(state.get("result").asText()).isEqualTo("open");
            assertThat(state.get("state").asText()).isEqualTo("OPEN");
            assertThat(state.get("name").asText()).isEqualTo("it-flaky");
        }
        finally {
            flakyBackend.restart();
            breaker.reset();
        }
    }

    @Test
    void recordsTheUpstreamTimeOfATimeout() {
        HttpResponse<String> late = get("/it/slow/delay/1500", "Authorization", bearer(userToken("timeout-user")));
        JsonNode problem = assertProblem(late, 504, "upstream_timeout");

        JsonNode record = record(problem.get("requestId").asText());
        assertThat(record.get("route").asText()).isEqualTo("it-slow");
        JsonNode upstream = check(record, "upstream");
        assertThat(upstream.get("result").asText()).isEqualTo("timeout");
        assertThat(upstream.get("status").isNull()).isTrue();
        // The route's timeout is 300 ms: the upstream had at least that long.
        assertThat(upstream.get("timeMs").asDouble()).isGreaterThanOrEqualTo(300.0);
        assertThat(check(record, "circuit_breaker").get("state").asText()).isEqualTo("CLOSED");
    }

    @Test
    void recordsTheUpstreamsOwnRefusal() {
        HttpResponse<String> refused = get("/api/orders/status/404/x", "Authorization", bearer(userToken("upstream-404")));
        assertThat(refused.statusCode()).isEqualTo(404);
        String requestId = refused.headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode record = record(requestId);
        assertThat(record.get("reason").asText()).isEqualTo("upstream_response");
        JsonNode upstream = check(record, "upstream");
        assertThat(upstream.get("result").asText()).isEqualTo("answered");
        assertThat(upstream.get("status").asInt()).isEqualTo(404);
        assertThat(upstream.get("timeMs").asDouble()).isPositive();
    }

    @Test
    void namesABodyOverTheLimit() {
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(url("/api/users/upload")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[11 * 1024 * 1024])),
                "Authorization", bearer(userToken("big-body-user")), "Content-Type", "application/octet-stream");
        JsonNode problem = assertProblem(refused, 413, "body_too_large");
        assertThat(record(problem.get("requestId").asText()).get("reason").asText()).isEqualTo("body_too_large");
    }

    @Test
    void namesAnUnknownPath() {
        JsonNode problem = assertProblem(get("/nowhere", "Authorization", bearer(userToken("lost-user"))), 404,
                "not_found");
        assertThat(record(problem.get("requestId").asText()).get("route").isNull()).isTrue();
    }

    @Test
    void keepsNoRecordForASuccess() {
        String requestId = "success-" + System.nanoTime();
        HttpResponse<String> ok = get("/api/orders/fine", "Authorization", bearer(userToken("happy-user")),
                "X-Request-Id", requestId);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Request-Id")).hasValue(requestId);
        assertProblem(readRecord(port, requestId, bearer(adminToken())), 404, "record_not_found");
    }

    @Test
    void letsOnlyAdminsReadRecords() {
        String requestId = json(get("/api/orders/mine", "Authorization", bearer(expiredToken()))).get("requestId")
                .asText();
        assertProblem(readRecord(port, requestId, null), 401, "token_missing");
        assertProblem(readRecord(port, requestId, bearer(userToken("curious-user"))), 403, "insufficient_scope");
        assertProblem(readRecord(port, requestId, bearer(expiredToken())), 401, "token_expired");
        assertThat(record(requestId).get("status").asInt()).isEqualTo(401);
    }

    @Test
    void refusesAMalformedRequestIdBeforeAnyLookup() {
        assertProblem(readRecord(port, "a".repeat(129), bearer(adminToken())), 400, "request_id_invalid");
        assertProblem(readRecord(port, "a%20b", bearer(adminToken())), 400, "request_id_invalid");
        assertProblem(readRecord(port, "never-seen-" + System.nanoTime(), bearer(adminToken())), 404,
                "record_not_found");
    }

    @Test
    void boundsARecordsSizeWhateverTheClientSends() {
        String path = "/api/orders/" + "a".repeat(7000);
        HttpResponse<String> refused = get(path, "Authorization", bearer(expiredToken()), "X-Request-Id",
                "big-" + System.nanoTime());
        JsonNode problem = assertProblem(refused, 401, "token_expired");
        HttpResponse<String> read = readRecord(port, problem.get("requestId").asText(), bearer(adminToken()));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        assertThat(json(read).get("path").asText().length()).isLessThanOrEqualTo(257);
    }

    @Test
    void keepsRecordsInRedisUnderAnExpiry() {
        assumeRedis();
        String requestId = json(get("/api/orders/mine", "Authorization", bearer(expiredToken()))).get("requestId")
                .asText();
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            long ttl = connection.sync().ttl("skyport:decision:{decisions}:" + requestId);
            assertThat(ttl).isBetween(1L, 3600L);
        }
        finally {
            client.shutdown();
        }
    }

    @Test
    void sharesRecordsAcrossGatewaysAndKeepsNoMoreThanConfigured() {
        assumeRedis();
        try (ConfigurableApplicationContext second = secondGateway("--skyport.gateway.decision-records.max-records=3")) {
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            // Refused on this gateway, read on the other one.
            String onFirst = json(get("/api/orders/mine", "Authorization", bearer(expiredToken())))
                    .get("requestId").asText();
            JsonNode shared = record(secondPort, onFirst);
            assertThat(shared.get("reason").asText()).isEqualTo("token_expired");

            // The second gateway keeps at most 3 records in Redis in all: five more refusals push the oldest out.
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> refused = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + secondPort + "/api/orders/mine")).GET(),
                        "Authorization", bearer(expiredToken()));
                ids.add(assertProblem(refused, 401, "token_expired").get("requestId").asText());
            }
            RedisClient client = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().keys("skyport:decision:*")).hasSize(3);
            }
            finally {
                client.shutdown();
            }
            for (String kept : ids.subList(2, 5)) {
                assertThat(record(port, kept).get("requestId").asText()).isEqualTo(kept);
            }
            // (Each of these lookups is a 404, so it leaves a record of its own.)
            for (String gone : List.of(onFirst, ids.get(0), ids.get(1))) {
                assertProblem(readRecord(port, gone, bearer(adminToken())), 404, "record_not_found");
            }
        }
    }

    @Test
    void keepsNoRecordsWhenSwitchedOff() {
        try (ConfigurableApplicationContext off = secondGateway("--skyport.gateway.decision-records.enabled=false")) {
            int offPort = Integer.parseInt(off.getEnvironment().getProperty("local.server.port"));
            HttpResponse<String> refused = send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + offPort + "/api/orders/mine")).GET(),
                    "Authorization", bearer(expiredToken()));
            // The refusal itself is unchanged: same status, reason and request id; only its record is not kept.
            String requestId = assertProblem(refused, 401, "token_expired").get("requestId").asText();
            assertProblem(readRecord(offPort, requestId, bearer(adminToken())), 404, "record_not_found");
        }
    }

    private ConfigurableApplicationContext secondGateway(String... settings) {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties(Map.of("server.port", "0", "management.server.port", "0", "SERVER_PORT", "0",
                        "MANAGEMENT_PORT", "0", "spring.main.banner-mode", "off"))
                // Its own Reactor Netty resources, so closing it leaves the shared test gateway's intact.
                .initializers(context -> ((org.springframework.context.support.GenericApplicationContext) context)
                        .registerBean("reactorResourceFactory", org.springframework.http.client.ReactorResourceFactory.class,
                                () -> {
                                    var factory = new org.springframework.http.client.ReactorResourceFactory();
                                    factory.setUseGlobalResources(false);
                                    return factory;
                                }))
                .run(Stream.concat(Stream.of(wiringArguments()), Stream.of(settings)).toArray(String[]::new));
    }
}
