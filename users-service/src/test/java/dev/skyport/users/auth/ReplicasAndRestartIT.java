package dev.skyport.users.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.testsupport.Browser;
import dev.skyport.testsupport.JwtParts;
import dev.skyport.testsupport.Pkce;
import dev.skyport.users.auth.keys.SigningKeys;
import dev.skyport.users.user.SignUpRequest;
import dev.skyport.users.user.UserRegistration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import tools.jackson.databind.JsonNode;

/**
 * Several users-service processes on one engine: replicas share login sessions, tokens, refresh-token rotation,
 * signing keys and login throttling; a restarted service still honours everything issued before.
 */
class ReplicasAndRestartIT {

    static final String PASSWORD = "Quiet-Harbor-2048!";

    static DynamoEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void startEngine() {
        engine = DynamoEngine.builder().host("127.0.0.1").port(0).inMemory().start();
        dynamo = DynamoDbClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterAll
    static void stopEngine() {
        dynamo.close();
        engine.close();
    }

    static String newUser(AuthServerInstance server) {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        server.bean(UserRegistration.class).signUp(new SignUpRequest(email, PASSWORD, "Replica User"));
        return email;
    }

    @Test
    void replicasShareLoginSessionsTokensRotationKeysAndLockouts() {
        TestTables.createAll(dynamo, "rep-");
        try (AuthServerInstance a = AuthServerInstance.start(engine.endpoint(), "rep-", Map.of());
                AuthServerInstance b = AuthServerInstance.start(engine.endpoint(), "rep-", Map.of())) {
            String email = newUser(a);

            // Signed in on A; B continues the same browser session to the code and the token exchange.
            Flows.Tokens tokens = Flows.authorizationCode(a.browser(), a.baseUrl, b.baseUrl, email, PASSWORD,
                    "openid profile offline_access");
            assertThat(kids(a)).isEqualTo(kids(b));
            assertThat(Flows.getWithBearer(a.url("/userinfo"), tokens.accessToken()).statusCode()).isEqualTo(200);

            // A rotates the refresh token B issued; B then sees the old one as a replay.
            Flows.Tokens rotated = Flows.Tokens.of(Flows.refresh(a.baseUrl, tokens.refreshToken()));
            HttpResponse<String> replay = Flows.refresh(b.baseUrl, tokens.refreshToken());
            assertThat(replay.statusCode()).isEqualTo(400);
            assertThat(Flows.introspect(a.baseUrl, rotated.accessToken()).get("active").asBoolean()).isFalse();

            // A key created on A is published by B too (within B's key cache time).
            String newKid = a.bean(SigningKeys.class).rotateNow();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> kids(b).contains(newKid));

            // Failures counted on A lock the account on B.
            String lockedEmail = newUser(a);
            for (int i = 0; i < 3; i++) {
                assertThat(Browser.location(Flows.signIn(a.browser(), a.baseUrl, lockedEmail, "Wrong-password-" + i)))
                        .endsWith("/login?error");
            }
            assertThat(Browser.location(Flows.signIn(b.browser(), b.baseUrl, lockedEmail, PASSWORD))).endsWith("/login?error");
        }
    }

    @Test
    void tokensSessionsAndKeysSurviveARestart() {
        TestTables.createAll(dynamo, "restart-");
        // One browser for both instances: its cookies belong to the host, whatever the port.
        Browser browser = new Browser(URI.create("http://127.0.0.1/"));
        Flows.Tokens tokens;
        Flows.Tokens client;
        Set<String> kidsBefore;
        try (AuthServerInstance before = AuthServerInstance.start(engine.endpoint(), "restart-", Map.of())) {
            String email = newUser(before);
            tokens = Flows.authorizationCode(browser, before.baseUrl, before.baseUrl, email, PASSWORD,
                    "openid profile offline_access");
            client = Flows.Tokens.of(Flows.clientCredentials(before.baseUrl, "users:internal"));
            kidsBefore = kids(before);
        }

        try (AuthServerInstance after = AuthServerInstance.start(engine.endpoint(), "restart-", Map.of())) {
            assertThat(kids(after)).containsAll(kidsBefore);
            assertThat(Flows.introspect(after.baseUrl, client.accessToken()).get("active").asBoolean()).isTrue();
            JsonNode userinfo = Flows.json(Flows.getWithBearer(after.url("/userinfo"), tokens.accessToken()));
            assertThat(userinfo.get("sub").asString()).isEqualTo(JwtParts.claims(tokens.accessToken()).get("sub").asString());
            Flows.Tokens refreshed = Flows.Tokens.of(Flows.refresh(after.baseUrl, tokens.refreshToken()));
            assertThat(refreshed.accessToken()).isNotBlank();

            // The browser's login session from before the restart still holds: straight to a code, no login page.
            try (Loopback loopback = Loopback.start()) {
                Pkce pkce = Pkce.create();
                HttpResponse<String> authorize = browser.get(
                        URI.create(Flows.authorizeUrl(after.baseUrl, loopback.redirectUri(), "openid", "again", pkce)));
                assertThat(authorize.statusCode()).isEqualTo(302);
                assertThat(Browser.location(authorize)).startsWith(loopback.redirectUri()).contains("code=");
            }
        }
    }

    static Set<String> kids(AuthServerInstance server) {
        Set<String> kids = new HashSet<>();
        Flows.json(server.browser().get(server.uri("/oauth2/jwks"))).get("keys").forEach(k -> kids.add(k.get("kid").asString()));
        return kids;
    }
}
