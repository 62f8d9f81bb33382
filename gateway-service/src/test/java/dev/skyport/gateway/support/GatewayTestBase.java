package dev.skyport.gateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionWriter;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.gateway.GatewayApplication;
import dev.skyport.testsupport.TestIssuer;
import dev.skyport.testsupport.TestRedis;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One gateway (one Spring context, shared by every IT class) in front of real servers started once per JVM:
 * an echo backend, a second backend the tests kill and revive, a JWKS issuer, Redis and the DynamoDB engine.
 * The routes under test are the real ones from application.yml; a few test-only routes (tight timeouts, the
 * killable backend) are added through the gateway's own route-definition repository, so the same default
 * filters and metadata handling apply to them.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class GatewayTestBase {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final String APP_ORIGIN = "http://app.skyport.test";

    protected static final TestBackend backend = TestBackend.start();
    protected static final TestBackend flakyBackend = TestBackend.start(false);
    protected static final TestIssuer issuer;
    protected static final TestRedis redis;
    protected static final DynamoEngine engine;
    /** Route writers (one per Spring context) that already hold the test routes. */
    private static final java.util.Set<RouteDefinitionWriter> routedContexts =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        NonBlockingGuard.install();
        try {
            issuer = new TestIssuer();
            redis = TestRedis.available() ? TestRedis.startOrSkip() : null;
            if (redis == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("redis-server is required under CI");
            }
            engine = DynamoEngine.builder().host("127.0.0.1").port(0).inMemory().threads(2).start();
        }
        catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            backend.close();
            flakyBackend.close();
            issuer.close();
            if (redis != null) {
                redis.close();
            }
            engine.close();
        }));
    }

    protected static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    private RouteDefinitionWriter routes;

    @Autowired
    private ApplicationEventPublisher events;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        registry.add("USERS_SERVICE_URL", backend::url);
        registry.add("ORDERS_SERVICE_URL", backend::url);
        registry.add("SKYPORT_ISSUER_URI", () -> TestIssuer.ISSUER);
        registry.add("SKYPORT_JWK_SET_URI", issuer::jwksUri);
        registry.add("REDIS_URL", () -> redis == null ? "" : redis.url());
        registry.add("DYNAMODB_ENDPOINT", () -> engine.endpoint().toString());
        registry.add("SKYPORT_TABLE_PREFIX", () -> "it-");
        registry.add("SKYPORT_CREATE_TABLES", () -> "true");
        registry.add("SKYPORT_TRUSTED_PROXIES", () -> "127.0.0.1");
        registry.add("SKYPORT_ORDERS_ROUTE_TIMEOUT_MS", () -> "1500");
        registry.add("SKYPORT_CORS_ALLOWED_ORIGINS", () -> APP_ORIGIN);
        registry.add("SKYPORT_WS_ALLOWED_ORIGINS", () -> APP_ORIGIN);
        registry.add("skyport.gateway.jwks-refetch-min-interval", () -> "1s");
        registry.add("skyport.gateway.rate-limit.store-breaker-open-for", () -> "1s");
        registry.add("skyport.gateway.rate-limit.plans.tiny.rate", () -> "100");
        registry.add("skyport.gateway.rate-limit.plans.tiny.burst", () -> "100");
        registry.add("skyport.gateway.rate-limit.plans.tiny.daily-quota", () -> "3");
        registry.add("skyport.gateway.rate-limit.plans.slow.rate", () -> "0.01");
        registry.add("skyport.gateway.rate-limit.plans.slow.burst", () -> "2");
        registry.add("skyport.gateway.rate-limit.plans.slow.daily-quota", () -> "1000");
        registry.add("skyport.gateway.api-keys.cache-ttl", () -> "1s");
        // Short enough for the idle test, long enough that a loaded CI machine's pauses don't close the other
        // tests' sockets mid-exchange (a 2 s timeout once cut an echo short while other builds ran).
        registry.add("skyport.gateway.websocket.idle-timeout", () -> "6s");
        registry.add("resilience4j.bulkhead.instances.it-bulkhead.max-concurrent-calls", () -> "1");
        String flaky = "resilience4j.circuitbreaker.instances.it-flaky.";
        registry.add(flaky + "sliding-window-size", () -> "4");
        registry.add(flaky + "minimum-number-of-calls", () -> "4");
        registry.add(flaky + "failure-rate-threshold", () -> "50");
        registry.add(flaky + "wait-duration-in-open-state", () -> "2s");
        registry.add(flaky + "permitted-number-of-calls-in-half-open-state", () -> "1");
        registry.add(flaky + "automatic-transition-from-open-to-half-open-enabled", () -> "false");
    }

    /** The same wiring as command-line arguments, for a test that starts (and stops) a gateway of its own. */
    protected static String[] wiringArguments() {
        List<String> arguments = new java.util.ArrayList<>();
        wiring((name, value) -> arguments.add("--" + name + "=" + value.get()));
        return arguments.toArray(String[]::new);
    }

    @BeforeEach
    void addTestRoutes() {
        if (!routedContexts.add(routes)) {
            return;
        }
        save(route("it-slow", backend.url(), "/it/slow/**", 300));
        save(route("it-flaky", flakyBackend.url(), "/it/flaky/**", 500));
        save(route("it-retry", backend.url(), "/it/retry/**", 2000));
        save(route("it-bulkhead", backend.url(), "/it/bulkhead/**", 5000));
        events.publishEvent(new RefreshRoutesEvent(this));
    }

    private void save(RouteDefinition definition) {
        routes.save(Mono.just(definition)).block(Duration.ofSeconds(5));
    }

    private static RouteDefinition route(String id, String uri, String path, int timeoutMs) {
        RouteDefinition definition = new RouteDefinition();
        definition.setId(id);
        definition.setUri(URI.create(uri));
        definition.setPredicates(List.of(new PredicateDefinition("Path=" + path)));
        definition.setFilters(List.<FilterDefinition>of());
        definition.setMetadata(Map.of("response-timeout", timeoutMs,
                "rate-limit", Map.of("rate", 1000, "burst", 1000, "key", "ip")));
        return definition;
    }

    @org.junit.jupiter.api.AfterAll
    static void nothingBlockedAnEventLoop() {
        org.assertj.core.api.Assertions.assertThat(NonBlockingGuard.detected()).as("blocking calls on event loops")
                .isEmpty();
    }

    protected static void assumeRedis() {
        Assumptions.assumeTrue(redis != null, "redis-server is not installed and CI is unset");
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    protected HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET(), headers);
    }

    protected HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A token for a subject nobody else uses, so per-principal buckets never collide across tests. */
    protected static String userToken(String subject) {
        return issuer.accessToken(subject, List.of("orders:read", "orders:write", "profile"), List.of("USER"));
    }

    protected static String adminToken() {
        return issuer.accessToken("admin-" + System.nanoTime(), List.of("profile"), List.of("USER", "ADMIN"));
    }
}
