package dev.skyport.e2e.attack;

import static dev.skyport.e2e.platform.Walkthrough.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.skyport.e2e.platform.Platform;
import dev.skyport.e2e.platform.Walkthrough;
import dev.skyport.testsupport.ApiClient;

/**
 * Requests shaped to slip past routing or to tie the edge up: path tricks, an oversize body, a request head
 * dribbled byte by byte. Regression guards (the edge stopped each of them before the attack suite existed).
 */
@ExtendWith(SharedPlatform.class)
@Order(2)
class EdgeAbuseIT {

    private static ApiClient client;
    private static String token;
    private static int port;

    @BeforeAll
    static void signIn() {
        client = SharedPlatform.client();
        token = Walkthrough.newUserTokens(client, "edge-abuser").accessToken();
        port = SharedPlatform.platform().gateway().getPort();
    }

    private static RawHttp.Answer get(String rawPath, String bearer) {
        return RawHttp.exchange(client.from(), port, "GET " + rawPath + " HTTP/1.1", "Host: localhost:" + port,
                "Accept: application/json", "Authorization: Bearer " + bearer, "Connection: close");
    }

    private static void assertRawProblem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.json().path("status").asInt()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.body()).as("no internals in the answer").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void refusesPathTraversalAndEncodedSlashesBeforeRouting() {
        // Attack: reach a service's internals (actuator) through a route by making the path normalise elsewhere.
        for (String path : new String[] {"/api/orders/..%2f..%2factuator", "/api/orders/..%2F..%2Factuator/env",
                "/api/orders/%2e%2e/%2e%2e/actuator", "/api/orders%2Fabc", "//api/users", "/api/users//me",
                "/api/orders/..;/..;/actuator", "/api/orders/%5c..%5cactuator"}) {
            assertRawProblem(get(path, token), 400);
        }
    }

    @Test
    void neverServesActuatorEndpointsOnThePublicPort() {
        // Attack: /actuator/** on 8080 (env, heapdump, gateway routes); management lives on another port only.
        for (String path : new String[] {"/actuator", "/actuator/health", "/actuator/env", "/actuator/gateway/routes",
                "/actuator/heapdump"}) {
            assertRawProblem(get(path, token), 404);
        }
    }

    @Test
    void refusesABodyOverTenMegabytesWith413() {
        // Attack: exhaust memory with a huge body; the edge refuses on the declared length.
        String big = "{\"lines\":[{\"sku\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}]}";
        ApiClient.Response answer = client.send(client.request("/api/orders", token).expectContinue(true)
                .header("Content-Type", "application/json").header("Idempotency-Key", "big-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(big)).build());

        assertProblem(answer, 413);
    }

    @Test
    void cutsOffARequestHeadDribbledLineByLineWith408() {
        // Attack: slowloris, one header line every second so the connection is never idle; before the head deadline
        // such a client held its connection (and a slot) indefinitely.
        InetAddress from = SharedPlatform.nextAddress();
        try (RawHttp slow = RawHttp.connect(from, port)) {
            slow.write("GET /api/orders HTTP/1.1\r\nHost: localhost:" + port + "\r\n");
            // The bound only keeps a broken deadline from looping: 120 lines, one a second, far past the head timeout.
            for (int i = 0; i < 120 && slow.available() == 0; i++) {
                try {
                    slow.write("X-Slow-" + i + ": a\r\n");
                } catch (UncheckedIOException closed) {
                    break;
                }
                Platform.sleep(Duration.ofSeconds(1));
            }
            RawHttp.Answer answer = slow.read();

            assertRawProblem(answer, 408);
            assertThat(slow.closedByServer()).as("the connection is closed after the 408").isTrue();
        }
    }
}
