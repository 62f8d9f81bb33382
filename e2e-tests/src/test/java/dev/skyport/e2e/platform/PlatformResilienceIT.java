package dev.skyport.e2e.platform;

import static dev.skyport.e2e.platform.Walkthrough.DEMO_EMAIL;
import static dev.skyport.e2e.platform.Walkthrough.DEMO_PASSWORD;
import static dev.skyport.e2e.platform.Walkthrough.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.EventSocketClient;
import dev.skyport.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;

/**
 * The platform with Redis behind the gateway ({@code REDIS_URL}), losing orders-service and getting it back
 * while the gateway keeps running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformResilienceIT {

    private static TestRedis redis;
    private static Platform platform;
    private static ApiClient api;
    private static String token;
    private static long gatewayPid;

    @BeforeAll
    static void startPlatform() {
        redis = TestRedis.startOrSkip();
        platform = Platform.start("resilience", Map.of("REDIS_URL", redis.url()));
        api = new ApiClient(platform.gateway());
        token = Login.authorizationCode(api, DEMO_EMAIL, DEMO_PASSWORD).accessToken();
        gatewayPid = platform.serviceProcess("gateway-service").pid();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void servesOrdersAndTicketsWithRedisBehindTheGateway() {
        JsonNode order = Walkthrough.createOrder(api, token, "redis-" + UUID.randomUUID());
        ApiClient.Response ticket = api.postJson("/ws/tickets", token, "{}", Map.of());
        assertThat(ticket.status()).as(ticket.toString()).isBetween(200, 201);

        try (EventSocketClient events = OrderEvents.awaitFlowing(
                OrderEvents.withTicket(api.http(), api.base(), ticket.json().path("ticket").asString()), api, token)) {
            api.postJson("/api/orders/" + order.path("id").asString() + "/cancel", token, "", Map.of());
            JsonNode event = events.expect(e -> order.path("id").equals(e.path("order").path("id")), Duration.ofMinutes(1));
            assertThat(event.path("type").asString()).isEqualTo("order.updated");
        }
        assertThat(platform.dir().resolve("platform.log")).content().contains("rate limits and tickets    in Redis (REDIS_URL)");
    }

    @Test
    @Order(2)
    void answersServiceUnavailableWhileOrdersServiceIsDown() {
        platform.stopService("orders-service");

        // Nothing listens: the gateway answers 503 problem+json at once, first for the refused connection, then
        // from its open circuit breaker without trying the backend.
        ApiClient.Response answer = api.get("/api/orders", token);
        assertProblem(answer, 503);
        assertThat(answer.header("Retry-After")).as(answer.toString()).isNotNull();
        assertProblem(api.postJson("/api/orders", token, Walkthrough.ORDER,
                Map.of("Idempotency-Key", "down-" + UUID.randomUUID())), 503);
        ApiClient.Response me = api.get("/api/users/me", token);
        assertThat(me.status()).as("users-service is unaffected: %s", me).isEqualTo(200);
        assertThat(platform.dir().resolve("platform.log")).content().contains("orders-service stopped");
    }

    @Test
    @Order(3)
    void servesOrdersAgainOnceOrdersServiceIsBackWithoutRestartingTheGateway() {
        platform.startService("orders-service");

        // The circuit breaker lets a trial call through after its wait; poll until one succeeds.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.get("/api/orders", token).status() == 200);
        Walkthrough.createOrder(api, token, "back-" + UUID.randomUUID());
        assertThat(platform.serviceProcess("gateway-service").pid()).isEqualTo(gatewayPid);
    }

    @Test
    @Order(4)
    void resumesWithExactlyTheMissedEventsAcrossARestartOfOrdersService() {
        // A token of its own: the class's may be near its 10 minutes by now, and this test restarts a service.
        String token = Login.authorizationCode(api, DEMO_EMAIL, DEMO_PASSWORD).accessToken();
        JsonNode order = Walkthrough.createOrder(api, token, "resume-" + UUID.randomUUID());
        String cursor;
        try (EventSocketClient events = OrderEvents.awaitFlowing(
                OrderEvents.withTicket(api.http(), api.base(), ticket(token)), api, token)) {
            JsonNode latest = Walkthrough.createOrder(api, token, "resume-" + UUID.randomUUID());
            cursor = events.expect(e -> latest.path("id").equals(e.path("order").path("id")), Duration.ofMinutes(1))
                    .path("id").asString();
        }
        // Missed while disconnected: two changes before orders-service restarts, one after.
        String id = order.path("id").asString();
        ApiClient.Response cancelled = api.postJson("/api/orders/" + id + "/cancel", token, "", Map.of());
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        JsonNode second = Walkthrough.createOrder(api, token, "resume-" + UUID.randomUUID());
        platform.stopService("orders-service");
        platform.startService("orders-service");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.get("/api/orders", token).status() == 200);
        JsonNode third = Walkthrough.createOrder(api, token, "resume-" + UUID.randomUUID());

        // Through the gateway's ticket path, which must pass after= on to orders-service.
        try (EventSocketClient resumed = OrderEvents.withTicketAfter(api.http(), api.base(), ticket(token), cursor)) {
            List<JsonNode> missed = List.of(resumed.expect(Duration.ofMinutes(1)), resumed.expect(Duration.ofMinutes(1)),
                    resumed.expect(Duration.ofMinutes(1)));
            assertThat(missed).extracting(e -> e.path("order").path("id").asString() + " " + e.path("type").asString()
                            + " " + e.path("order").path("status").asString())
                    .containsExactly(id + " order.updated CANCELLED", second.path("id").asString() + " order.created PENDING",
                            third.path("id").asString() + " order.created PENDING");
            assertThat(missed).extracting(e -> e.path("id").asString()).doesNotHaveDuplicates().doesNotContain(cursor);

            // Then live, nothing repeated in between.
            api.postJson("/api/orders/" + second.path("id").asString() + "/cancel", token, "", Map.of());
            JsonNode live = resumed.expect(Duration.ofMinutes(1));
            assertThat(live.path("order").path("id")).isEqualTo(second.path("id"));
            assertThat(live.path("order").path("status").asString()).isEqualTo("CANCELLED");
        }
    }

    private static String ticket(String token) {
        ApiClient.Response ticket = api.postJson("/ws/tickets", token, "{}", Map.of());
        assertThat(ticket.status()).as(ticket.toString()).isBetween(200, 201);
        return ticket.json().path("ticket").asString();
    }

    @Test
    @Order(100)
    void stopsEveryProcessOfBothLaunchersOnTerm() {
        List<String> leftovers = platform.stop();

        assertThat(leftovers).as("processes still alive after run.sh exited").isEmpty();
    }
}
