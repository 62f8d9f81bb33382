package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.context.ApplicationContext;

import dev.skyport.gateway.support.ClientAt;
import dev.skyport.gateway.support.GatewayTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Attacks on the edge's limits, each from its own client addresses (sockets bound to 127.0.1.x): spoofed
 * forwarding headers, floods of made-up API keys, a real key used to lift a route's limit, and floods of the
 * endpoints the gateway serves itself.
 */
class EdgeAbuseIT extends GatewayTestBase {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationContext context;

    /** What a flood got: how many were let through before the first refusal, and that refusal (null if none). */
    private record Flood(int allowed, HttpResponse<String> refused) {
    }

    private static Flood untilRefused(int maxAttempts, Supplier<HttpResponse<String>> call) {
        for (int i = 0; i < maxAttempts; i++) {
            HttpResponse<String> response = call.get();
            if (response.statusCode() == 429) {
                return new Flood(i, response);
            }
        }
        return new Flood(maxAttempts, null);
    }

    private static void assertTooManyRequests(HttpResponse<String> refused) {
        assertThat(refused).as("a 429 came").isNotNull();
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        JsonNode problem = json(refused);
        assertThat(problem.get("type").asText())
                .isEqualTo("https://skyport.dev/problems/" + problem.get("reason").asText().replace('_', '-'));
        assertThat(problem.get("title").asText()).isEqualTo("Too Many Requests");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
    }

    private static String madeUpKey() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return "sk_" + HexFormat.of().formatHex(id) + "_" + HexFormat.of().formatHex(id) + "secret";
    }

    private double tableReads() {
        return meters.counter("skyport.gateway.apikeys.table.reads").count();
    }

    @Test
    void forwardsToServicesOnlyTheClientAddressItResolvedItself() {
        for (String address : List.of("127.0.1.2", "127.0.1.3")) {
            HttpResponse<String> response = ClientAt.of(address, port).get("/api/orders/1",
                    "Authorization", bearer(userToken("xff-user-" + address)),
                    "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example",
                    "X-Forwarded-Port", "443", "Forwarded", "for=203.0.113.9;proto=https");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode headers = json(response).get("headers");
            assertThat(headers.get("X-Forwarded-For").asText()).isEqualTo(address);
            assertThat(headers.get("X-Forwarded-Proto").asText()).isEqualTo("http");
            assertThat(headers.get("X-Forwarded-Host").asText()).isEqualTo("127.0.0.1:" + port);
            assertThat(headers.get("X-Forwarded-Port").asText()).isEqualTo(String.valueOf(port));
            assertThat(headers.has("Forwarded")).isFalse();
        }
        // The identity provider's routes (which keep the Host header) get the same.
        HttpResponse<String> login = ClientAt.of("127.0.1.3", port).post("/login", "username=a&password=b",
                "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", "127.0.0.9");
        assertThat(json(login).get("headers").get("X-Forwarded-For").asText()).isEqualTo("127.0.1.3");
        // ForwardedHeaders alone does it: Spring Cloud Gateway's two header-copying removers are not registered.
        assertThat(context.getBeansOfType(HttpHeadersFilter.class).values())
                .noneMatch(f -> f instanceof RemoveForwardedHeadersFilter || f instanceof RemoveXForwardedHeadersFilter);
    }

    @Test
    void believesForwardingHeadersOnlyFromATrustedProxy() {
        // The tests configure 127.0.0.1 as a trusted proxy: it may say who its client was and how it was reached.
        HttpResponse<String> response = get("/api/orders/1", "Authorization", bearer(userToken("xff-proxied-user")),
                "X-Forwarded-For", "198.51.100.77, 127.0.0.1", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "api.skyport.example");
        JsonNode headers = json(response).get("headers");
        assertThat(headers.get("X-Forwarded-For").asText()).isEqualTo("198.51.100.77");
        assertThat(headers.get("X-Forwarded-Proto").asText()).isEqualTo("https");
        assertThat(headers.get("X-Forwarded-Host").asText()).isEqualTo("api.skyport.example");
        assertThat(headers.get("X-Forwarded-Port").asText()).isEqualTo("443");
    }

    @Test
    void madeUpApiKeysAreThrottledPerAddressBeforeAnyLookup() {
        ClientAt attacker = ClientAt.of("127.0.1.4", port);
        double readsBefore = tableReads();
        // Sign-up allows a burst of 5 per address: each made-up key costs one token, then the bucket refuses.
        Flood flood = untilRefused(20, () -> attacker.post("/api/users", "{}", "Content-Type", "application/json",
                "X-Api-Key", madeUpKey()));
        assertThat(flood.allowed()).isBetween(5, 6);
        assertTooManyRequests(flood.refused());
        // Every key before the refusal was looked up once and answered 403; the refused one was never looked up.
        assertThat(tableReads() - readsBefore).isEqualTo(flood.allowed());
        HttpResponse<String> forbidden = ClientAt.of("127.0.1.5", port).post("/api/users", "{}",
                "Content-Type", "application/json", "X-Api-Key", "garbage");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(forbidden).get("title").asText()).isEqualTo("Forbidden");
    }

    @Test
    void aFloodOfOneUnknownKeyCostsAtMostOneTableRead() throws Exception {
        String key = madeUpKey();
        ClientAt attacker = ClientAt.of("127.0.1.6", port);
        double readsBefore = tableReads();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<HttpResponse<String>>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> attacker.get("/.well-known/openid-configuration", "X-Api-Key", key)));
            }
            for (Future<HttpResponse<String>> call : calls) {
                assertThat(call.get().statusCode()).isEqualTo(403);
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(attacker.get("/.well-known/openid-configuration", "X-Api-Key", key).statusCode()).isEqualTo(403);
        assertThat(tableReads() - readsBefore).isEqualTo(1);
    }

    @Test
    void aValidApiKeyCannotLiftTheRoutesOwnLimit() {
        HttpResponse<String> issued = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/admin/api-keys")))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"lifter\",\"plan\":\"standard\"}")),
                "Content-Type", "application/json", "Authorization", bearer(adminToken()));
        String key = json(issued).get("key").asText();
        ClientAt client = ClientAt.of("127.0.1.7", port);
        // The plan allows 50/s with a burst of 100; sign-up's own limit (burst 5 per address) still holds.
        Flood flood = untilRefused(20, () -> client.post("/api/users", "{}", "Content-Type", "application/json",
                "X-Api-Key", key));
        assertThat(flood.allowed()).isBetween(5, 6);
        assertTooManyRequests(flood.refused());
    }

    @Test
    void ticketsAreRateLimitedPerUser() {
        String token = userToken("ticket-flood-user");
        Flood flood = untilRefused(60, () -> ClientAt.of("127.0.1.8", port).post("/ws/tickets", "",
                "Authorization", bearer(token)));
        assertThat(flood.allowed()).isGreaterThanOrEqualTo(10);
        assertTooManyRequests(flood.refused());
        // Another user from the same address still gets tickets.
        assertThat(ClientAt.of("127.0.1.8", port).post("/ws/tickets", "", "Authorization",
                bearer(userToken("ticket-calm-user"))).statusCode()).isEqualTo(200);
    }

    @Test
    void theApiKeyAdminApiIsRateLimited() {
        String token = adminToken();
        Flood flood = untilRefused(100, () -> ClientAt.of("127.0.1.9", port).get("/admin/api-keys/ffffffffffffffff",
                "Authorization", bearer(token)));
        assertThat(flood.allowed()).isGreaterThanOrEqualTo(20);
        assertTooManyRequests(flood.refused());
    }

    @Test
    void theDocsAreRateLimitedPerAddress() {
        ClientAt reader = ClientAt.of("127.0.1.10", port);
        Flood flood = untilRefused(300, () -> reader.get("/docs/gateway/openapi.json"));
        assertThat(flood.allowed()).isGreaterThanOrEqualTo(50);
        assertTooManyRequests(flood.refused());
        assertThat(ClientAt.of("127.0.1.11", port).get("/docs/gateway/openapi.json").statusCode()).isEqualTo(200);
    }
}
