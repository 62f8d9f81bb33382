package dev.skyport.e2e.attack;

import static dev.skyport.e2e.platform.Walkthrough.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;

import dev.skyport.e2e.platform.Walkthrough;
import dev.skyport.testsupport.ApiClient;

/**
 * A signed-in user going after what is not theirs through the public API: another user's order (IDOR), fields the
 * server owns (mass assignment), a forged pagination cursor. Regression guards (refused before the suite existed).
 */
@ExtendWith(SharedPlatform.class)
@Order(3)
class ApiAbuseIT {

    private static ApiClient alice;
    private static ApiClient mallory;
    private static String aliceToken;
    private static String malloryToken;

    @BeforeAll
    static void signIn() {
        alice = SharedPlatform.client();
        mallory = SharedPlatform.client();
        aliceToken = Walkthrough.newUserTokens(alice, "alice").accessToken();
        malloryToken = Walkthrough.newUserTokens(mallory, "mallory").accessToken();
    }

    @Test
    void hidesAnotherUsersOrderFromReadingAndCancelling() {
        // Attack: IDOR, an order id from elsewhere (a log, a shared link) read or cancelled by another user.
        String id = Walkthrough.createOrder(alice, aliceToken, "idor-" + UUID.randomUUID()).path("id").asString();

        assertProblem(mallory.get("/api/orders/" + id, malloryToken), 404);
        assertProblem(mallory.postJson("/api/orders/" + id + "/cancel", malloryToken, "", Map.of()), 404);
        assertProblem(mallory.postJson("/api/orders/" + id + "/status", malloryToken, "{\"status\":\"PAID\"}", Map.of()), 403);
        ApiClient.Response own = alice.get("/api/orders/" + id, aliceToken);
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().path("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void refusesServerOwnedFieldsInANewOrder() {
        // Attack: mass assignment, an order placed already PAID, for someone else, at a price of one's choosing.
        String malicious = """
                {"lines": [{"sku": "SKU-1", "quantity": 2, "unitPrice": {"amount": "9.99", "currency": "EUR"}}],
                 "status": "PAID", "customerId": "someone-else", "total": {"amount": "0.01", "currency": "EUR"}}
                """;
        String key = "mass-" + UUID.randomUUID();

        assertProblem(mallory.postJson("/api/orders", malloryToken, malicious, Map.of("Idempotency-Key", key)), 400);
        ApiClient.Response mine = mallory.get("/api/orders", malloryToken);
        assertThat(mine.json().path("items").toString()).doesNotContain("\"PAID\"").doesNotContain("0.01");
    }

    @Test
    void refusesRolesEmailAndStatusInAProfileUpdate() {
        // Attack: mass assignment on the profile, making oneself ADMIN, taking another e-mail, re-enabling oneself.
        ApiClient.Response me = mallory.get("/api/users/me", malloryToken);
        String etag = java.util.Objects.requireNonNull(me.header("ETag"), "no ETag: " + me);
        for (String field : new String[] {"\"roles\": [\"ADMIN\"]", "\"email\": \"admin@skyport.local\"",
                "\"status\": \"ACTIVE\"", "\"id\": \"someone-else\""}) {
            ApiClient.Response answer = mallory.send(mallory.request("/api/users/me", malloryToken)
                    .header("Content-Type", "application/merge-patch+json").header("If-Match", etag)
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"Mallory\", " + field + "}"))
                    .build());

            assertProblem(answer, 400);
        }
        JsonNode after = mallory.get("/api/users/me", malloryToken).json();
        assertThat(after.path("email").asString()).isEqualTo(me.json().path("email").asString());
        assertThat(after.path("roles").toString()).doesNotContain("ADMIN");
        assertThat(mallory.get("/admin/api-keys/0000000000000000", malloryToken).status()).isEqualTo(403);
    }

    @Test
    void refusesATamperedPaginationCursor() {
        // Attack: edit the cursor (another customer's key, another index) to page through data that is not one's own.
        for (int i = 0; i < 2; i++) {
            Walkthrough.createOrder(alice, aliceToken, "page-" + UUID.randomUUID());
        }
        ApiClient.Response first = alice.get("/api/orders?limit=1", aliceToken);
        String cursor = first.json().path("nextCursor").asString();
        assertThat(cursor).as(first.toString()).isNotBlank();
        char last = cursor.charAt(cursor.length() / 2);
        String tampered = cursor.substring(0, cursor.length() / 2) + (last == 'A' ? 'B' : 'A')
                + cursor.substring(cursor.length() / 2 + 1);

        assertProblem(alice.get("/api/orders?limit=1&cursor=" + tampered, aliceToken), 400);
        assertProblem(mallory.get("/api/orders?limit=1&cursor=" + cursor, malloryToken), 400);
    }
}
