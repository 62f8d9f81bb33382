package dev.skyport.users.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.Browser;
import dev.skyport.testsupport.JwtParts;
import dev.skyport.testsupport.Pkce;
import dev.skyport.users.auth.clients.ClientSecretHashing;
import dev.skyport.users.auth.clients.RegisteredClientItem;
import dev.skyport.users.auth.keys.SigningKeys;
import dev.skyport.users.auth.login.LoginAttemptItem;
import dev.skyport.users.auth.login.LoginThrottle;
import dev.skyport.users.user.SignUpRequest;
import dev.skyport.users.user.UserAccount;
import dev.skyport.users.user.UserAdministration;
import dev.skyport.users.user.UserDirectory;
import dev.skyport.users.user.UserRegistration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;

/**
 * The authorization server over real HTTP against an in-process engine: discovery, JWKS, the authorization-code
 * + PKCE flow, the device flow, client credentials, refresh rotation and replay, revocation, introspection,
 * userinfo, key rotation with tokens in flight, login throttling and disabled users. One instance for the class.
 */
class AuthorizationServerIT {

    static final String PASSWORD = "Quiet-Harbor-2048!";

    static DynamoEngine engine;
    static DynamoDbClient dynamo;
    static AuthServerInstance server;

    @BeforeAll
    static void start() {
        engine = DynamoEngine.builder().host("127.0.0.1").port(0).inMemory().start();
        dynamo = DynamoDbClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        TestTables.createAll(dynamo, "it-");
        server = AuthServerInstance.start(engine.endpoint(), "it-", Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    static UserAccount newUser() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        server.bean(UserRegistration.class).signUp(new SignUpRequest(email, PASSWORD, "Test User"));
        return server.bean(UserDirectory.class).findByEmail(email).orElseThrow();
    }

    static NimbusJwtDecoder jwksDecoder() {
        return NimbusJwtDecoder.withJwkSetUri(server.url("/oauth2/jwks")).build();
    }

    @Test
    void discoveryDocumentsNameThePublicIssuerAndEveryGrant() {
        JsonNode oidc = Flows.json(Flows.getWithBearer(server.url("/.well-known/openid-configuration"), "x"));
        assertThat(oidc.get("issuer").asString()).isEqualTo(AuthServerInstance.ISSUER);
        assertThat(oidc.get("jwks_uri").asString()).isEqualTo(AuthServerInstance.ISSUER + "/oauth2/jwks");
        assertThat(oidc.get("userinfo_endpoint").asString()).isEqualTo(AuthServerInstance.ISSUER + "/userinfo");

        HttpResponse<String> metadata = server.browser().get(server.uri("/.well-known/oauth-authorization-server"));
        assertThat(metadata.statusCode()).isEqualTo(200);
        JsonNode as = Flows.json(metadata);
        assertThat(as.get("grant_types_supported").toString())
                .contains("authorization_code", "client_credentials", "refresh_token", Flows.DEVICE_GRANT);
        assertThat(as.get("device_authorization_endpoint").asString())
                .isEqualTo(AuthServerInstance.ISSUER + "/oauth2/device_authorization");
        assertThat(as.get("code_challenge_methods_supported").toString()).contains("S256");
    }

    @Test
    void jwksPublishesRsaPublicKeysWithKeyIdsAndNoPrivateParts() {
        HttpResponse<String> response = server.browser().get(server.uri("/oauth2/jwks"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode keys = Flows.json(response).get("keys");
        assertThat(keys.size()).isGreaterThanOrEqualTo(1);
        for (JsonNode key : keys) {
            assertThat(key.get("kty").asString()).isEqualTo("RSA");
            assertThat(key.get("kid").asString()).isNotBlank();
            assertThat(key.get("alg").asString()).isEqualTo("RS256");
            assertThat(key.get("use").asString()).isEqualTo("sig");
            assertThat(key.has("n")).isTrue();
            assertThat(key.has("e")).isTrue();
            for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi", "oth")) {
                assertThat(key.has(privatePart)).as("private member %s", privatePart).isFalse();
            }
        }
    }

    @Test
    void authorizationCodeWithPkceIssuesSkyportTokensToTheSignedInUser() {
        UserAccount user = newUser();
        Flows.Tokens tokens = Flows.authorizationCode(server.baseUrl, user.email(), PASSWORD,
                "openid profile orders:read offline_access");

        assertThat(tokens.refreshToken()).isNotBlank();
        assertThat(tokens.idToken()).isNotBlank();
        Jwt access = jwksDecoder().decode(tokens.accessToken());
        assertThat(access.getHeaders()).containsKey("kid");
        assertThat(access.getSubject()).isEqualTo(user.id());
        assertThat(access.getIssuer().toString()).isEqualTo(AuthServerInstance.ISSUER);
        assertThat(access.getAudience()).containsExactly("skyport-api");
        assertThat(access.getClaimAsStringList("roles")).containsExactly("USER");
        assertThat(access.getClaimAsString("email")).isEqualTo(user.email());
        JsonNode scope = JwtParts.claims(tokens.accessToken()).get("scope");
        assertThat(scope.isArray()).isTrue();
        assertThat(scope.toString()).contains("openid", "profile", "orders:read", "offline_access");
        assertThat(Duration.between(access.getIssuedAt(), access.getExpiresAt())).isEqualTo(Duration.ofMinutes(10));

        Jwt id = jwksDecoder().decode(tokens.idToken());
        assertThat(id.getAudience()).containsExactly(Flows.CLI);
        assertThat(id.getSubject()).isEqualTo(user.id());
    }

    @Test
    void aCodeIsRefusedWithoutTheRightVerifierAndCannotBeUsedTwice() {
        UserAccount user = newUser();
        Browser browser = server.browser();
        Pkce pkce = Pkce.create();
        try (Loopback loopback = Loopback.start()) {
            browser.get(URI.create(Flows.authorizeUrl(server.baseUrl, loopback.redirectUri(), "openid", "s1", pkce)));
            String continuation = Browser.location(Flows.signIn(browser, server.baseUrl, user.email(), PASSWORD));
            browser.get(URI.create(Browser.location(browser.get(URI.create(continuation)))));
            String code = loopback.received().get("code");

            HttpResponse<String> wrongVerifier = Flows.exchangeCode(server.baseUrl, code, loopback.redirectUri(),
                    Pkce.create().verifier());
            assertThat(wrongVerifier.statusCode()).isEqualTo(400);
            assertThat(Flows.json(wrongVerifier).get("error").asString()).isEqualTo("invalid_grant");

            HttpResponse<String> first = Flows.exchangeCode(server.baseUrl, code, loopback.redirectUri(), pkce.verifier());
            assertThat(first.statusCode()).isEqualTo(200);
            HttpResponse<String> second = Flows.exchangeCode(server.baseUrl, code, loopback.redirectUri(), pkce.verifier());
            assertThat(second.statusCode()).isEqualTo(400);
            assertThat(Flows.json(second).get("error").asString()).isEqualTo("invalid_grant");
        }
    }

    @Test
    void anAuthorizationRequestWithoutPkceIsRefused() {
        try (Loopback loopback = Loopback.start()) {
            String url = server.url("/oauth2/authorize?response_type=code&client_id=skyport-cli&scope=openid&state=x"
                    + "&redirect_uri=" + java.net.URLEncoder.encode(loopback.redirectUri(), java.nio.charset.StandardCharsets.UTF_8));
            HttpResponse<String> response = server.browser().get(URI.create(url));
            // The redirect URI is valid, so the error goes back to the client (RFC 6749 4.1.2.1).
            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(Browser.location(response)).startsWith(loopback.redirectUri()).contains("error=invalid_request");
        }
    }

    @Test
    void deviceFlowGivesTokensOnceTheUserEntersTheCode() {
        UserAccount user = newUser();
        HttpResponse<String> authorization = Flows.postForm(server.url("/oauth2/device_authorization"),
                Map.of("client_id", Flows.CLI, "scope", "orders:read offline_access"));
        assertThat(authorization.statusCode()).as(authorization.body()).isEqualTo(200);
        JsonNode device = Flows.json(authorization);
        String deviceCode = device.get("device_code").asString();
        String userCode = device.get("user_code").asString();
        assertThat(device.get("verification_uri").asString()).isEqualTo(AuthServerInstance.ISSUER + "/activate");
        assertThat(device.get("verification_uri_complete").asString()).contains("user_code=");

        Map<String, String> poll = Map.of("grant_type", Flows.DEVICE_GRANT, "device_code", deviceCode, "client_id", Flows.CLI);
        HttpResponse<String> pending = Flows.postForm(server.url("/oauth2/token"), poll);
        assertThat(pending.statusCode()).isEqualTo(400);
        assertThat(Flows.json(pending).get("error").asString()).isEqualTo("authorization_pending");

        Browser browser = server.browser();
        HttpResponse<String> activatePage = browser.get(server.uri("/activate"));
        assertThat(activatePage.statusCode()).isEqualTo(200);
        assertThat(HtmlForm.all(activatePage.body()).get(0).action()).isEqualTo("/oauth2/device_verification");
        HttpResponse<String> link = browser.get(server.uri("/activate?user_code=" + userCode));
        assertThat(link.statusCode()).isEqualTo(302);
        assertThat(Browser.location(link)).endsWith("/oauth2/device_verification?user_code=" + userCode);
        HttpResponse<String> verification = browser.get(server.uri("/oauth2/device_verification?user_code=" + userCode));
        assertThat(verification.statusCode()).isEqualTo(302);
        assertThat(Browser.location(verification)).endsWith("/login");
        HttpResponse<String> login = Flows.signIn(browser, server.baseUrl, user.email(), PASSWORD);
        String continuation = Browser.location(login);
        assertThat(continuation).contains("/oauth2/device_verification");
        // Signed in, the link shows what is asked; only the approve form's post approves.
        Browser.Page approval = browser.open(URI.create(continuation));
        assertThat(approval.status()).as(approval.body()).isEqualTo(200);
        assertThat(approval.body()).contains(Flows.CLI, "orders:read", "offline_access");
        assertThat(Flows.json(Flows.postForm(server.url("/oauth2/token"), poll)).get("error").asString())
                .isEqualTo("authorization_pending");
        HtmlForm approve = HtmlForm.withButton(approval.body(), "Approve");
        HttpResponse<String> verified = browser.post(server.uri(approve.action()), approve.body());
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(302);
        assertThat(Browser.location(verified)).endsWith("/activated");

        Flows.Tokens tokens = Flows.Tokens.of(Flows.postForm(server.url("/oauth2/token"), poll));
        Jwt access = jwksDecoder().decode(tokens.accessToken());
        assertThat(access.getSubject()).isEqualTo(user.id());
        assertThat(access.getAudience()).containsExactly("skyport-api");
        assertThat(tokens.refreshToken()).isNotBlank();

        HttpResponse<String> again = Flows.postForm(server.url("/oauth2/token"), poll);
        assertThat(again.statusCode()).isEqualTo(400);
    }

    @Test
    void aWrongUserCodeSendsTheUserBackToTheActivationPage() {
        UserAccount user = newUser();
        Browser browser = server.browser();
        Flows.signIn(browser, server.baseUrl, user.email(), PASSWORD);
        HttpResponse<String> verification = browser.get(server.uri("/oauth2/device_verification?user_code=WRONG-CODE"));
        assertThat(verification.statusCode()).isEqualTo(302);
        assertThat(Browser.location(verification)).endsWith("/activate?error");
    }

    @Test
    void clientCredentialsTokensNameTheClientAndCarryNoRoles() {
        Flows.Tokens tokens = Flows.Tokens.of(Flows.clientCredentials(server.baseUrl, "users:internal"));
        assertThat(tokens.refreshToken()).isNull();
        Jwt access = jwksDecoder().decode(tokens.accessToken());
        assertThat(access.getSubject()).isEqualTo(Flows.SERVICE);
        assertThat(access.getAudience()).containsExactly("skyport-api");
        assertThat(access.getClaimAsStringList("roles")).isEmpty();
        assertThat(JwtParts.claims(tokens.accessToken()).get("scope").toString()).isEqualTo("[\"users:internal\"]");

        JsonNode introspection = Flows.introspect(server.baseUrl, tokens.accessToken());
        assertThat(introspection.get("active").asBoolean()).isTrue();
        assertThat(introspection.get("client_id").asString()).isEqualTo(Flows.SERVICE);
    }

    @Test
    void clientCredentialsWithAWrongSecretOrAnUnregisteredScopeAreRefused() {
        HttpResponse<String> wrongSecret = Flows.postForm(server.url("/oauth2/token"),
                Map.of("grant_type", "client_credentials"), Flows.SERVICE, "not-the-secret");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(Flows.json(wrongSecret).get("error").asString()).isEqualTo("invalid_client");

        HttpResponse<String> wrongScope = Flows.clientCredentials(server.baseUrl, "orders:write");
        assertThat(wrongScope.statusCode()).isEqualTo(400);
        assertThat(Flows.json(wrongScope).get("error").asString()).isEqualTo("invalid_scope");
    }

    @Test
    void clientSecretPostWorksToo() {
        HttpResponse<String> post = Flows.postForm(server.url("/oauth2/token"), Map.of(
                "grant_type", "client_credentials", "scope", "users:internal",
                "client_id", Flows.SERVICE, "client_secret", Flows.SERVICE_SECRET));
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(JwtParts.claims(Flows.Tokens.of(post).accessToken()).get("sub").asString()).isEqualTo(Flows.SERVICE);

        HttpResponse<String> wrongSecret = Flows.postForm(server.url("/oauth2/token"), Map.of(
                "grant_type", "client_credentials", "client_id", Flows.SERVICE, "client_secret", "not-the-secret"));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(Flows.json(wrongSecret).get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void clientSecretsAreStoredHashedAndAnArgon2HashFromBeforeIsUpgradedOnUse() {
        RegisteredClientRepository clients = server.bean(RegisteredClientRepository.class);
        RegisteredClient service = clients.findByClientId(Flows.SERVICE);
        assertThat(storedSecret(service.getId())).startsWith("{pbkdf2-sha256-1000}").doesNotContain(Flows.SERVICE_SECRET);

        // A client stored before client secrets had their own hash: the users' Argon2id encoder's hash.
        PasswordEncoder userPasswords = server.bean(PasswordEncoder.class);
        clients.save(RegisteredClient.from(service).clientSecret(userPasswords.encode(Flows.SERVICE_SECRET)).build());
        assertThat(storedSecret(service.getId())).startsWith("{argon2}$argon2id$");

        assertThat(Flows.clientCredentials(server.baseUrl, "users:internal").statusCode()).isEqualTo(200);
        String upgraded = storedSecret(service.getId());
        assertThat(upgraded).startsWith("{pbkdf2-sha256-1000}").doesNotContain(Flows.SERVICE_SECRET);
        assertThat(server.bean(ClientSecretHashing.class).encoder().matches(Flows.SERVICE_SECRET, upgraded)).isTrue();
        assertThat(Flows.clientCredentials(server.baseUrl, "users:internal").statusCode()).isEqualTo(200);

        // User passwords keep Argon2id.
        assertThat(newUser().passwordHash()).startsWith("{argon2}$argon2id$");
    }

    private static String storedSecret(String clientRowId) {
        return dynamo.getItem(request -> request.tableName("it-" + RegisteredClientItem.TABLE)
                .key(Map.of("id", AttributeValue.fromS(clientRowId))).consistentRead(true))
                .item().get("clientSecret").s();
    }

    @Test
    void revokedTokensIntrospectAsInactive() {
        Flows.Tokens tokens = Flows.Tokens.of(Flows.clientCredentials(server.baseUrl, "users:internal"));
        HttpResponse<String> revoke = Flows.postForm(server.url("/oauth2/revoke"),
                Map.of("token", tokens.accessToken()), Flows.SERVICE, Flows.SERVICE_SECRET);
        assertThat(revoke.statusCode()).isEqualTo(200);
        assertThat(Flows.introspect(server.baseUrl, tokens.accessToken()).get("active").asBoolean()).isFalse();
    }

    @Test
    void refreshTokensRotateAndReplayingAnOldOneRevokesTheAuthorization() {
        UserAccount user = newUser();
        Flows.Tokens first = Flows.authorizationCode(server.baseUrl, user.email(), PASSWORD, "openid orders:read offline_access");

        Flows.Tokens second = Flows.Tokens.of(Flows.refresh(server.baseUrl, first.refreshToken()));
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(jwksDecoder().decode(second.accessToken()).getSubject()).isEqualTo(user.id());
        assertThat(Flows.introspect(server.baseUrl, second.accessToken()).get("active").asBoolean()).isTrue();

        HttpResponse<String> replay = Flows.refresh(server.baseUrl, first.refreshToken());
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(Flows.json(replay).get("error").asString()).isEqualTo("invalid_grant");

        // The whole family is gone: the newest refresh token and access token stop working too.
        HttpResponse<String> afterReplay = Flows.refresh(server.baseUrl, second.refreshToken());
        assertThat(afterReplay.statusCode()).isEqualTo(400);
        assertThat(Flows.introspect(server.baseUrl, second.accessToken()).get("active").asBoolean()).isFalse();
    }

    @Test
    void concurrentUsesOfOneRefreshTokenLeaveNoWorkingTokenBehind() throws Exception {
        UserAccount user = newUser();
        Flows.Tokens tokens = Flows.authorizationCode(server.baseUrl, user.email(), PASSWORD, "openid offline_access");
        List<java.util.concurrent.Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(() -> Flows.refresh(server.baseUrl, tokens.refreshToken()));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (var future : pool.invokeAll(calls)) {
                answers.add(future.get());
            }
        }
        List<HttpResponse<String>> granted = answers.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(granted).hasSizeLessThanOrEqualTo(1);
        assertThat(answers).allMatch(r -> r.statusCode() == 200 || r.statusCode() == 400);
        // Whoever won, the token was used more than once: the family is revoked, including the winner's tokens.
        for (HttpResponse<String> winner : granted) {
            assertThat(Flows.refresh(server.baseUrl, Flows.Tokens.of(winner).refreshToken()).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void userinfoAnswersForAnAccessTokenButNotForAnIdToken() {
        UserAccount user = newUser();
        Flows.Tokens tokens = Flows.authorizationCode(server.baseUrl, user.email(), PASSWORD, "openid profile");

        HttpResponse<String> info = Flows.getWithBearer(server.url("/userinfo"), tokens.accessToken());
        assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
        JsonNode body = Flows.json(info);
        assertThat(body.get("sub").asString()).isEqualTo(user.id());
        assertThat(body.get("email").asString()).isEqualTo(user.email());
        assertThat(body.get("name").asString()).isEqualTo("Test User");

        // An ID token is signed by the same key but is meant for the client (aud = client id): no resource accepts it.
        HttpResponse<String> withIdToken = Flows.getWithBearer(server.url("/userinfo"), tokens.idToken());
        assertThat(withIdToken.statusCode()).isEqualTo(401);
        HttpResponse<String> apiWithIdToken = Flows.getWithBearer(server.url("/api/users/me"), tokens.idToken());
        assertThat(apiWithIdToken.statusCode()).isEqualTo(401);
        HttpResponse<String> apiWithAccessToken = Flows.getWithBearer(server.url("/api/users/me"), tokens.accessToken());
        assertThat(apiWithAccessToken.statusCode()).isEqualTo(200);
    }

    @Test
    void theServiceTokenOpensTheInternalApiOfTheUserDirectory() {
        UserAccount user = newUser();
        Flows.Tokens tokens = Flows.Tokens.of(Flows.clientCredentials(server.baseUrl, "users:internal"));
        HttpResponse<String> address = Flows.getWithBearer(
                server.url("/internal/users/" + user.id() + "/shipping-address"), tokens.accessToken());
        // The user has no address yet: a problem, but an authorized one.
        assertThat(address.statusCode()).isEqualTo(404);
        assertThat(address.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
    }

    @Test
    void keyRotationPublishesTheNewKeyBeforeUseAndOldTokensKeepValidating() {
        Flows.Tokens before = Flows.Tokens.of(Flows.clientCredentials(server.baseUrl, "users:internal"));
        String oldKid = JwtParts.header(before.accessToken()).get("kid").asString();

        String newKid = server.bean(SigningKeys.class).rotateNow();
        assertThat(jwksKids()).contains(oldKid, newKid);

        // Until the new key activates tokens are still signed with the old one; whenever the first token signed
        // with the new key appears, the JWKS fetched just before it already listed that key.
        List<String> seen = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Set<String> published = jwksKids();
            String kid = JwtParts.header(Flows.Tokens.of(Flows.clientCredentials(server.baseUrl, "users:internal"))
                    .accessToken()).get("kid").asString();
            seen.add(kid);
            assertThat(published).contains(kid);
            return kid.equals(newKid);
        });
        assertThat(seen).contains(newKid);

        assertThat(jwksKids()).contains(oldKid, newKid);
        assertThat(jwksDecoder().decode(before.accessToken()).getSubject()).isEqualTo(Flows.SERVICE);
        assertThat(Flows.introspect(server.baseUrl, before.accessToken()).get("active").asBoolean()).isTrue();
    }

    static Set<String> jwksKids() {
        JsonNode keys = Flows.json(server.browser().get(server.uri("/oauth2/jwks"))).get("keys");
        Set<String> kids = new java.util.HashSet<>();
        keys.forEach(key -> kids.add(key.get("kid").asString()));
        return kids;
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountFromThatAddressWithoutTellingAnythingAway() {
        UserAccount user = newUser();
        HttpResponse<String> unknown = Flows.signIn(server.browser(), server.baseUrl, "nobody-" + UUID.randomUUID() + "@example.com", PASSWORD);
        HttpResponse<String> wrong = Flows.signIn(server.browser(), server.baseUrl, user.email(), "Wrong-password-123");
        assertThat(unknown.statusCode()).isEqualTo(302);
        assertThat(Browser.location(unknown)).endsWith("/login?error");
        assertThat(wrong.statusCode()).isEqualTo(302);
        assertThat(Browser.location(wrong)).isEqualTo(Browser.location(unknown));

        Flows.signIn(server.browser(), server.baseUrl, user.email(), "Wrong-password-456");
        Flows.signIn(server.browser(), server.baseUrl, user.email(), "Wrong-password-789");

        // Three failures (the test limit): now even the right password fails, with the same answer.
        HttpResponse<String> locked = Flows.signIn(server.browser(), server.baseUrl, user.email(), PASSWORD);
        assertThat(locked.statusCode()).isEqualTo(302);
        assertThat(Browser.location(locked)).endsWith("/login?error");
        HttpResponse<String> page = server.browser().get(URI.create(Browser.location(locked)));
        assertThat(page.body()).contains("Sign-in failed. Check your e-mail and password, or try again in a few minutes.");
        assertThat(server.bean(LoginThrottle.class).isLocked(user.email(), "127.0.0.1")).isTrue();
        assertThat(server.bean(LoginThrottle.class).isLocked(user.email(), "127.0.0.2")).isFalse();
    }

    @Test
    void failuresFromOneAddressLockItOutAcrossAccountsAndLockoutsGrowLonger() {
        AuthorizationServerProperties strict = new AuthorizationServerProperties(Duration.ofMinutes(10),
                Duration.ofDays(1), Duration.ofMinutes(5), Duration.ofMinutes(10), Map.of(),
                server.bean(AuthorizationServerProperties.class).keys(),
                login(100, 3),
                new AuthorizationServerProperties.Session(Duration.ofMinutes(30)));
        LoginThrottle throttle = new LoginThrottle(server.bean(AuthTables.class), strict, java.time.Clock.systemUTC());
        String address = "203.0.113." + (1 + new java.util.Random().nextInt(250));
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.isLocked("someone-" + i + "@example.com", address)).isFalse();
            throttle.recordFailure("someone-" + i + "@example.com", address);
        }
        // Any account from that address is refused now; the same account from elsewhere is not.
        assertThat(throttle.isLocked("fresh@example.com", address)).isTrue();
        assertThat(throttle.isLocked("someone-0@example.com", "198.51.100.7")).isFalse();

        AuthTables tables = server.bean(AuthTables.class);
        LoginAttemptItem first = tables.loginAttempts().getItem(
                software.amazon.awssdk.enhanced.dynamodb.Key.builder().partitionValue("address:" + address).build());
        assertThat(first.getLockouts()).isEqualTo(1);
        long firstLock = first.getLockedUntil() - first.getWindowStartedAt();
        assertThat(first.getExpiresAt()).isGreaterThan(first.getLockedUntil());
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("other-" + i + "@example.com", address);
        }
        LoginAttemptItem second = tables.loginAttempts().getItem(
                software.amazon.awssdk.enhanced.dynamodb.Key.builder().partitionValue("address:" + address).build());
        assertThat(second.getLockouts()).isEqualTo(2);
        assertThat(second.getLockedUntil() - second.getWindowStartedAt()).isEqualTo(2 * firstLock);
    }

    @Test
    void anAccountsFailuresFromAllAddressesTogetherSlowFurtherAttemptsOnItDownUpToTheCap() {
        AuthorizationServerProperties settings = new AuthorizationServerProperties(Duration.ofMinutes(10),
                Duration.ofDays(1), Duration.ofMinutes(5), Duration.ofMinutes(10), Map.of(),
                server.bean(AuthorizationServerProperties.class).keys(), login(5, 30),
                new AuthorizationServerProperties.Session(Duration.ofMinutes(30)));
        LoginThrottle throttle = new LoginThrottle(server.bean(AuthTables.class), settings, java.time.Clock.systemUTC());
        String email = "target-" + UUID.randomUUID() + "@example.com";
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            delays.add(throttle.delayFor(email));
            throttle.recordFailure(email, "198.51.100." + (i + 1));
        }
        // Ten failures are free, then 1 s doubling, capped at 5 s; no address and no pair is locked by them.
        assertThat(delays.subList(0, 10)).allMatch(Duration::isZero);
        assertThat(delays.subList(10, 16)).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(throttle.isLocked(email, "198.51.100.1")).isFalse();
        assertThat(throttle.isLocked(email, "198.51.100.99")).isFalse();
    }

    private static AuthorizationServerProperties.Login login(int perAccountAndAddress, int perAddress) {
        return new AuthorizationServerProperties.Login(perAccountAndAddress, perAddress, Duration.ofMinutes(15),
                Duration.ofMinutes(1), Duration.ofMinutes(30), 10, Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    @Test
    void aDisabledUserCanNeitherSignInNorRefresh() {
        UserAccount user = newUser();
        Flows.Tokens tokens = Flows.authorizationCode(server.baseUrl, user.email(), PASSWORD, "openid offline_access");

        server.bean(UserAdministration.class).disable(user.id(), "admin-under-test");

        HttpResponse<String> refresh = Flows.refresh(server.baseUrl, tokens.refreshToken());
        assertThat(refresh.statusCode()).isEqualTo(400);
        assertThat(Flows.json(refresh).get("error").asString()).isEqualTo("invalid_grant");

        HttpResponse<String> login = Flows.signIn(server.browser(), server.baseUrl, user.email(), PASSWORD);
        assertThat(Browser.location(login)).endsWith("/login?error");
    }

    @Test
    void aLoginPostWithoutItsCsrfTokenIsAForbiddenProblem() {
        UserAccount user = newUser();
        Browser browser = server.browser();
        browser.get(server.uri("/login"));
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(server.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        ApiClient.form(Map.of("username", user.email(), "password", PASSWORD)))));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(Flows.json(response).get("status").asInt()).isEqualTo(403);
    }

    @Test
    void invalidTokenRequestsGetOAuthErrorsNotServerErrors() {
        HttpResponse<String> unknownGrant = Flows.postForm(server.url("/oauth2/token"),
                Map.of("grant_type", "password", "username", "a", "password", "b", "client_id", Flows.CLI));
        assertThat(unknownGrant.statusCode()).isBetween(400, 401);
        HttpResponse<String> garbageRefresh = Flows.refresh(server.baseUrl, "not-a-token");
        assertThat(garbageRefresh.statusCode()).isEqualTo(400);
        assertThat(Flows.json(garbageRefresh).get("error").asString()).isEqualTo("invalid_grant");
        HttpResponse<String> garbageBearer = Flows.getWithBearer(server.url("/userinfo"), "not.a.jwt");
        assertThat(garbageBearer.statusCode()).isEqualTo(401);
    }
}
