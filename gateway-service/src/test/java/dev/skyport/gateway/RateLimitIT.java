package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import dev.skyport.gateway.ratelimit.GuardedBucketStore;
import dev.skyport.gateway.ratelimit.LeasedBucketStore;
import dev.skyport.gateway.ratelimit.TokenBucketStore;
import dev.skyport.gateway.support.GatewayTestBase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Token buckets at the edge: the yml's sign-up route (burst 5, per client IP) lets exactly five through and
 * then answers 429; a second gateway sharing Redis shares the budget; a dead Redis costs no command timeouts,
 * is counted, and this replica's own buckets throttle until Redis is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitIT extends GatewayTestBase {

    @Autowired
    MeterRegistry meters;

    @Autowired
    Environment environment;

    @Autowired
    TokenBucketStore buckets;

    private HttpResponse<String> signUp(int gatewayPort, String clientIp) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/api/users"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@b.c\"}")),
                "Content-Type", "application/json", "X-Forwarded-For", clientIp);
    }

    @Test
    @Order(1)
    void letsExactlyTheBurstThroughThenAnswers429WithRetryAfter() {
        String ip = "198.51.100.10";
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> allowed = signUp(port, ip);
            assertThat(allowed.statusCode()).as("request %d", i).isEqualTo(200);
            assertThat(allowed.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(5 - i));
            assertThat(allowed.headers().firstValue("RateLimit-Policy")).hasValue("\"users-signup\";q=5;w=50");
        }
        HttpResponse<String> refused = signUp(port, ip);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 10L);
        assertThat(json(refused).get("status").asInt()).isEqualTo(429);
        // Another client IP has its own bucket; X-Forwarded-For is believed because 127.0.0.1 is a trusted proxy.
        assertThat(signUp(port, "198.51.100.11").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void twoGatewaysSharingRedisShareOneBudget() {
        assumeRedis();
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(GatewayApplication.class)
                // SERVER_PORT/MANAGEMENT_PORT: application.yml's ${SERVER_PORT:8080} outranks a default server.port,
                // so without them this second gateway bound the fixed ports 8080/8081.
                .properties(Map.of("server.port", "0", "management.server.port", "0", "SERVER_PORT", "0",
                        "MANAGEMENT_PORT", "0", "spring.main.banner-mode", "off"))
                .properties(copyOfTestWiring())
                // Like the test context: its own Reactor Netty resources, so closing it leaves the first gateway's intact.
                .initializers(context -> ((org.springframework.context.support.GenericApplicationContext) context)
                        .registerBean("reactorResourceFactory", org.springframework.http.client.ReactorResourceFactory.class,
                                () -> {
                                    var factory = new org.springframework.http.client.ReactorResourceFactory();
                                    factory.setUseGlobalResources(false);
                                    return factory;
                                }))
                .run()) {
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            String ip = "198.51.100.20";
            int allowed = 0;
            for (int i = 0; i < 8; i++) {
                int status = signUp(i % 2 == 0 ? port : secondPort, ip).statusCode();
                if (status == 200) {
                    allowed++;
                }
                else {
                    assertThat(status).isEqualTo(429);
                }
            }
            assertThat(allowed).isEqualTo(5);
        }
    }

    @Test
    @Order(3)
    void aStoppedRedisStillThrottlesWithThisReplicasOwnBucketsThenSharedLimitsApplyAgain() throws Exception {
        assumeRedis();
        double failuresBefore = failures();
        redis.stop();
        try {
            String ip = "198.51.100.30";
            for (int i = 1; i <= 5; i++) {
                assertThat(signUp(port, ip).statusCode()).as("request %d", i).isEqualTo(200);
            }
            HttpResponse<String> refused = signUp(port, ip);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            // A client of its own address (not forwarded) is throttled the same way.
            dev.skyport.gateway.support.ClientAt direct = dev.skyport.gateway.support.ClientAt.of("127.0.3.2", port);
            int allowed = 0;
            while (allowed < 10 && direct.post("/api/users", "{}", "Content-Type", "application/json").statusCode() == 200) {
                allowed++;
            }
            assertThat(allowed).isEqualTo(5);
            // Tickets live only in Redis: without it they are unavailable for now (503), not an internal error.
            HttpResponse<String> ticket = send(HttpRequest.newBuilder(URI.create(url("/ws/tickets")))
                    .POST(HttpRequest.BodyPublishers.noBody()), "Authorization", bearer(userToken("no-redis-user")));
            assertThat(ticket.statusCode()).isEqualTo(503);
            assertThat(ticket.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(failures()).isGreaterThan(failuresBefore);
            // The breaker is open: further requests do not even try Redis, so they pay no command timeout.
            assertThat(breaker()).isEqualTo(CircuitBreaker.State.OPEN);
        }
        finally {
            redis.start();
        }
        String ip = "198.51.100.31";
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> signUp(port, ip).statusCode() > 0
                        && breaker() == CircuitBreaker.State.CLOSED);
    }

    private CircuitBreaker.State breaker() {
        return ((GuardedBucketStore) ((LeasedBucketStore) buckets).shared()).breakerState();
    }

    private double failures() {
        return meters.counter("skyport.gateway.ratelimit.store.failures").count();
    }

    private Map<String, Object> copyOfTestWiring() {
        String[] keys = { "USERS_SERVICE_URL", "ORDERS_SERVICE_URL", "SKYPORT_ISSUER_URI", "SKYPORT_JWK_SET_URI",
                "REDIS_URL", "DYNAMODB_ENDPOINT", "SKYPORT_TABLE_PREFIX", "SKYPORT_CREATE_TABLES",
                "SKYPORT_TRUSTED_PROXIES" };
        Map<String, Object> copy = new java.util.HashMap<>();
        for (String key : keys) {
            copy.put(key, environment.getProperty(key));
        }
        return copy;
    }
}
