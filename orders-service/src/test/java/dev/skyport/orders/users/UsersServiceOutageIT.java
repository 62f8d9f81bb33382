package dev.skyport.orders.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.orders.support.OrdersServiceTest;
import dev.skyport.testsupport.ApiClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** users-service goes down: lookups fail, the circuit opens and answers 503 at once, then recovers. */
class UsersServiceOutageIT extends OrdersServiceTest {

    private static final String NO_ADDRESS = """
            {"lines": [{"sku": "SKU-1", "quantity": 1, "unitPrice": {"amount": "5.00", "currency": "EUR"}}]}""";

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    @AfterEach
    void usersServiceBack() {
        platform.users.start();
    }

    @Test
    void opensTheCircuitWhenUsersServiceIsDownAndRecovers() throws InterruptedException {
        String user = newUserId();
        platform.users.address(user, """
                {"name": "Ada", "line1": "1 Main St", "city": "Paris", "postalCode": "75001", "country": "FR"}""");
        String token = tokens.customer(user);
        CircuitBreaker circuit = circuitBreakers.circuitBreaker(UsersClient.NAME);
        assertThat(place(token, NO_ADDRESS).status()).isEqualTo(201);

        platform.users.stop();

        // Failing calls (connection refused) are 503 with Retry-After until the circuit opens.
        for (int i = 0; i < 4 && circuit.getState() != CircuitBreaker.State.OPEN; i++) {
            ApiClient.Response down = place(token, NO_ADDRESS);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.contentType()).startsWith("application/problem+json");
            assertThat(down.json().get("type").asString()).endsWith("/users-service-unavailable");
            assertThat(down.header("Retry-After")).isNotNull();
        }
        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        // Open: refused without calling users-service at all.
        long notPermittedBefore = circuit.getMetrics().getNumberOfNotPermittedCalls();
        ApiClient.Response fast = place(token, NO_ADDRESS);
        assertThat(fast.status()).isEqualTo(503);
        assertThat(Integer.parseInt(fast.header("Retry-After"))).isPositive();
        assertThat(circuit.getMetrics().getNumberOfNotPermittedCalls()).isGreaterThan(notPermittedBefore);

        // An order that names its address needs no users-service.
        assertThat(place(token, orderBody(1)).status()).isEqualTo(201);

        // A failed placement gave its Idempotency-Key back: the same key works once users-service is up.
        String key = newKey();
        assertThat(api.post("/api/orders", token, NO_ADDRESS, java.util.Map.of("Idempotency-Key", key)).status())
                .isEqualTo(503);

        platform.users.start();
        // After the open period, a probe goes through and closes the circuit again.
        ApiClient.Response recovered = null;
        for (int i = 0; i < 100; i++) {
            recovered = api.post("/api/orders", token, NO_ADDRESS, java.util.Map.of("Idempotency-Key", key));
            if (recovered.status() == 201) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(recovered.status()).isEqualTo(201);
        assertThat(recovered.json().get("shippingAddress").get("city").asString()).isEqualTo("Paris");
        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
