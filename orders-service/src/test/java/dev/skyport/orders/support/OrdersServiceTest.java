package dev.skyport.orders.support;

import dev.skyport.orders.OrdersApplication;
import dev.skyport.orders.events.OrdersStreamReader;
import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.TestIssuer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: one orders-service (real Tomcat on a free port) on the shared
 * {@link TestPlatform}; Spring reuses the context across test classes. Each test uses fresh user ids,
 * so tests never see each other's orders.
 */
@SpringBootTest(classes = OrdersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(OrdersServiceTest.SmallSocketBuffers.class)
public abstract class OrdersServiceTest {

    protected static final TestPlatform platform = TestPlatform.get();
    protected static final TestIssuer tokens = platform.tokens;

    @LocalServerPort
    protected int port;

    @Autowired
    protected OrdersStreamReader streamReader;

    protected ApiClient api;

    @DynamicPropertySource
    static void platformProperties(DynamicPropertyRegistry registry) {
        platform.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * A small kernel send buffer per connection, so a client that stops reading is felt by the server
     * after kilobytes instead of megabytes (the slow-consumer test); the mechanism is the same.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class SmallSocketBuffers {
        @Bean
        TomcatConnectorCustomizer smallSendBuffers() {
            return connector -> connector.setProperty("socket.txBufSize", "16384");
        }
    }

    @BeforeEach
    void connectApi() throws InterruptedException {
        api = new ApiClient(URI.create("http://127.0.0.1:" + port));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!streamReader.following() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    protected URI socketUri(String query) {
        return URI.create("ws://127.0.0.1:" + port + "/ws/orders" + (query == null ? "" : "?" + query));
    }

    protected static String newUserId() {
        return "user-" + UUID.randomUUID();
    }

    protected static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    public static final String ADDRESS = """
            {"name": "Ada Lovelace", "line1": "12 St James's Square", "city": "London", "postalCode": "SW1Y 4JH",
             "country": "GB"}""";

    /** An order body: {@code lines} lines of SKU-i, quantity i+1, unit price 9.99 EUR, with the test address. */
    public static String orderBody(int lines) {
        String items = IntStream.range(0, lines)
                .mapToObj(i -> "{\"sku\": \"SKU-" + i + "\", \"quantity\": " + (i % 1000 + 1)
                        + ", \"unitPrice\": {\"amount\": \"9.99\", \"currency\": \"EUR\"}}")
                .collect(Collectors.joining(", "));
        return "{\"lines\": [" + items + "], \"shippingAddress\": " + ADDRESS + "}";
    }

    protected ApiClient.Response place(String token, String body) {
        return api.post("/api/orders", token, body, Map.of("Idempotency-Key", newKey()));
    }

    /** Places a one-line order and returns its id. */
    protected String placeOrder(String token) {
        ApiClient.Response response = place(token, orderBody(1));
        if (response.status() != 201) {
            throw new AssertionError("order not placed: " + response);
        }
        return response.json().get("id").asString();
    }

    protected ApiClient.Response move(String adminToken, String orderId, String status) {
        return api.post("/api/orders/" + orderId + "/status", adminToken, "{\"status\": \"" + status + "\"}");
    }

    protected static List<String> ids(tools.jackson.databind.JsonNode page) {
        return page.get("items").valueStream().map(item -> item.get("id").asString()).toList();
    }
}
