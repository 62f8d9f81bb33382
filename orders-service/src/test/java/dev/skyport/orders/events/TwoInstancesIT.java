package dev.skyport.orders.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.orders.OrdersApplication;
import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.EventSocketClient;
import dev.skyport.orders.support.OrdersServiceTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two orders-service instances on one engine (the test's context, A, and a second Spring application, B):
 * each reads the whole stream, so an order changed through A reaches a socket held by B.
 */
class TwoInstancesIT extends OrdersServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ConfigurableApplicationContext instanceB;

    @BeforeAll
    static void startInstanceB() {
        // As command-line arguments: they outrank every default, like the test context's dynamic properties.
        String[] args = platform.properties().entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new);
        instanceB = new SpringApplicationBuilder(OrdersApplication.class).run(args);
    }

    @AfterAll
    static void stopInstanceB() {
        if (instanceB != null) {
            instanceB.close();
        }
    }

    private static int portOfB() {
        return ((WebServerApplicationContext) instanceB).getWebServer().getPort();
    }

    @Test
    void pushesAChangeMadeThroughOneInstanceToASocketOnTheOther() throws InterruptedException {
        OrdersStreamReader readerB = instanceB.getBean(OrdersStreamReader.class);
        while (!readerB.following()) {
            Thread.sleep(20);
        }
        String user = newUserId();
        String token = tokens.customer(user);
        EventSocketClient onB = EventSocketClient.connect(URI.create("ws://127.0.0.1:" + portOfB() + "/ws/orders"), token);
        EventSocketClient onA = EventSocketClient.connect(socketUri(null), token);
        try {
            String id = placeOrder(token); // through A
            ApiClient.Response paid = move(tokens.admin("admin-" + newUserId()), id, "PAID"); // through A
            assertThat(paid.status()).isEqualTo(200);

            List<JsonNode> seenOnB = onB.until(e -> e.get("order").get("status").asString().equals("PAID"), WAIT);
            assertThat(seenOnB).extracting(e -> e.get("type").asString()).containsExactly("order.created", "order.updated");
            assertThat(seenOnB).allSatisfy(e -> assertThat(e.get("order").get("id").asString()).isEqualTo(id));
            List<JsonNode> seenOnA = onA.until(e -> e.get("order").get("status").asString().equals("PAID"), WAIT);
            // Both replicas read the same stream records: the same sequence numbers.
            assertThat(seenOnA).extracting(e -> e.get("sequence").asString())
                    .containsExactlyElementsOf(seenOnB.stream().map(e -> e.get("sequence").asString()).toList());

            // Through B, seen on A.
            ApiClient b = new ApiClient(URI.create("http://127.0.0.1:" + portOfB()));
            assertThat(b.post("/api/orders/" + id + "/cancel", token, null).status()).isEqualTo(200);
            onA.until(e -> e.get("order").get("status").asString().equals("CANCELLED"), WAIT);
        } finally {
            onA.close();
        }

        // B shutting down tells its sockets 1001 (going away), so clients reconnect elsewhere.
        instanceB.close();
        assertThat(onB.closeCode(WAIT)).isEqualTo(1001);
        instanceB = null;
    }
}
