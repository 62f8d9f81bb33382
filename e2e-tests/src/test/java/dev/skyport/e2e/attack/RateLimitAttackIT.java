package dev.skyport.e2e.attack;

import static dev.skyport.e2e.platform.Walkthrough.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.skyport.e2e.platform.Login;
import dev.skyport.e2e.platform.Walkthrough;
import dev.skyport.testsupport.ApiClient;

/**
 * Rate limits walked around (contract C4): API keys that are made up, an API key that is real, and the endpoints
 * the gateway serves itself. Each case floods from an address of its own.
 */
@ExtendWith(SharedPlatform.class)
@Order(5)
class RateLimitAttackIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String adminToken;

    @BeforeAll
    static void adminSignsIn() {
        adminToken = Login.authorizationCode(SharedPlatform.client(), "admin@skyport.local", "Admin-password-1").accessToken();
    }

    private static String randomWellFormedKey() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return "sk_" + HexFormat.of().formatHex(id) + "_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static void assertThrottled(Flood.Outcome outcome, String what) {
        assertThat(outcome.throttled()).as("%s: a 429 within %s requests; answers were %s", what,
                outcome.others().size(), outcome.others().stream().distinct().toList()).isNotNull();
        assertProblem(outcome.throttled(), 429);
        assertThat(outcome.throttled().header("Retry-After")).as(outcome.throttled().toString()).isNotNull();
    }

    @Test
    void throttlesAFloodOfRandomApiKeysLikeAnonymousTraffic() {
        // Attack: a fresh random key on every request. Each was looked up and answered 403, never throttled: an
        // endless stream of table reads and 403s, outside every per-IP budget.
        ApiClient attacker = SharedPlatform.client();
        ApiClient.Response first = attacker.send(attacker.request("/.well-known/openid-configuration", null)
                .header("X-Api-Key", randomWellFormedKey()).GET().build());
        assertProblem(first, 403);

        Flood.Outcome outcome = Flood.until429(() -> attacker.send(attacker.request("/.well-known/openid-configuration", null)
                .header("X-Api-Key", randomWellFormedKey()).GET().build()));

        assertThrottled(outcome, "random API keys");
        assertThat(outcome.others()).as("until throttled, unknown keys are refused").containsOnly(403);

        // The same with malformed keys, from another address.
        ApiClient other = SharedPlatform.client();
        Flood.Outcome malformed = Flood.until429(() -> other.send(other.request("/.well-known/openid-configuration", null)
                .header("X-Api-Key", "not-a-key-" + RANDOM.nextInt()).GET().build()));
        assertThrottled(malformed, "malformed API keys");
        assertThat(malformed.others()).containsOnly(403);
    }

    @Test
    void aValidApiKeyDoesNotLiftTheSignUpAndLoginLimitsOfAnAddress() {
        // Attack: buy (or create) a key on a generous plan and present it to escape sign-up's and login's tight
        // per-address limits; the plan replaced the route's limit, so a key gave 100 sign-ups in a burst.
        ApiClient admin = SharedPlatform.client();
        ApiClient.Response issued = admin.postJson("/admin/api-keys", adminToken, Map.of("name", "attack-suite", "plan", "standard"),
                Map.of());
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String key = issued.json().path("key").asString();

        ApiClient signUps = SharedPlatform.client();
        ApiClient.Response throttled = null;
        int accepted = 0;
        for (int i = 0; i < 20 && throttled == null; i++) {
            ApiClient.Response answer = signUps.postJson("/api/users", null, Map.of("email", Walkthrough.newEmail("keyed"),
                    "password", "Keyed-password-1", "name", "Keyed"), Map.of("X-Api-Key", key));
            if (answer.status() == 429) {
                throttled = answer;
            } else {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
                accepted++;
            }
        }
        assertThat(throttled).as("sign-up with a valid key is throttled per address (burst 5); %s accepted", accepted)
                .isNotNull();
        assertProblem(throttled, 429);
        assertThat(throttled.header("Retry-After")).isNotNull();
        // Burst 5, plus one token refilled at 0.1/s. A Redis call that times out on a loaded machine is taken again
        // from this replica's own bucket, which has a burst of its own (docs/gateway.md): never more than twice that.
        // The plan's burst of 100 would have let all 20 through.
        assertThat(accepted).isLessThanOrEqualTo(12);

        ApiClient logins = SharedPlatform.client();
        ApiClient.Response loginThrottled = null;
        for (int i = 0; i < 60 && loginThrottled == null; i++) {
            ApiClient.Response answer = logins.send(logins.request("/login", null).header("X-Api-Key", key).GET().build());
            if (answer.status() == 429) {
                loginThrottled = answer;
            }
        }
        assertThat(loginThrottled).as("the login page with a valid key is throttled per address (burst 20)").isNotNull();
        assertProblem(loginThrottled, 429);
        assertThat(loginThrottled.header("Retry-After")).isNotNull();
    }

    @Test
    void throttlesAFloodOfWebSocketTickets() {
        // Attack: mint tickets without end (each a store write); the gateway's own endpoint had no limit at all.
        ApiClient attacker = SharedPlatform.client();
        String token = Walkthrough.newUserTokens(attacker, "ticket-flood").accessToken();

        Flood.Outcome outcome = Flood.until429(() -> attacker.postJson("/ws/tickets", token, "{}", Map.of()));

        assertThrottled(outcome, "POST /ws/tickets");
        assertThat(outcome.others()).as("until throttled, tickets are issued (never a 500)")
                .allMatch(status -> status == 200 || status == 201);
    }

    @Test
    void throttlesAFloodOfTheApiKeyAdministration() {
        // Attack: a stolen admin token (or a scripted admin) hammering the key table through /admin/api-keys.
        ApiClient attacker = SharedPlatform.client();

        assertThrottled(Flood.until429(() -> attacker.get("/admin/api-keys/0000000000000000", adminToken)),
                "GET /admin/api-keys/{id}");
    }

    @Test
    void throttlesAFloodOfTheApiReference() {
        // Attack: anonymous requests for /docs and its assets, served by the gateway itself without any limit.
        ApiClient attacker = SharedPlatform.client();

        assertThrottled(Flood.until429(() -> attacker.get("/docs", null)), "GET /docs");
    }
}
