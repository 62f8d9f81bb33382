package dev.skyport.e2e.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import dev.skyport.testsupport.ApiClient;
import tools.jackson.databind.JsonNode;

/** The README walkthrough's steps, shared by the end-to-end test classes. */
public final class Walkthrough {

    public static final String DEMO_EMAIL = "demo@skyport.local";
    public static final String DEMO_PASSWORD = "Demo-password-1";

    /** The order the README creates. */
    public static final String ORDER = """
            {"lines": [{"sku": "SKU-1", "quantity": 2, "unitPrice": {"amount": "9.99", "currency": "EUR"}}],
             "shippingAddress": {"name": "Demo User", "line1": "1 Main Street", "city": "Berlin",
                                 "postalCode": "10115", "country": "DE"}}
            """;

    private Walkthrough() {
    }

    /**
     * Signs a user up through the gateway and returns the answer: 202 with the same body whether or not the
     * e-mail already had an account (sign-up does not reveal which addresses are registered).
     */
    public static ApiClient.Response signUp(ApiClient api, String email, String password, String name) {
        return api.postJson("/api/users", null, Map.of("email", email, "password", password, "name", name), Map.of());
    }

    public static String newEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** A fresh user, signed up and logged in with the authorization code flow. */
    public static Login.Tokens newUserTokens(ApiClient api, String who) {
        String email = newEmail(who);
        String password = "Correct-horse-" + UUID.randomUUID().toString().substring(0, 6);
        ApiClient.Response signUp = signUp(api, email, password, who);
        assertThat(signUp.status()).as(signUp.toString()).isEqualTo(202);
        return Login.authorizationCode(api, email, password);
    }

    public static JsonNode createOrder(ApiClient api, String token, String idempotencyKey) {
        ApiClient.Response created = api.postJson("/api/orders", token, ORDER, Map.of("Idempotency-Key", idempotencyKey));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    /** A problem+json answer (RFC 9457) with this status. */
    public static void assertProblem(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).as(response.toString()).isEqualTo(status);
    }
}
