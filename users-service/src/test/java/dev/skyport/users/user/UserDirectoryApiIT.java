package dev.skyport.users.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.skyport.dynamo.DynamoEngine;

/**
 * The user directory's REST API over real HTTP, against an in-process dynamo-engine, with real access tokens from
 * this service's authorization server (authorization code + PKCE through the login form, client credentials; see
 * {@link RealTokens}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UserDirectoryApiIT {

    private static final DynamoEngine ENGINE = DynamoEngine.builder().host("127.0.0.1").port(0).inMemory().start();
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String PASSWORD = "a long enough passphrase";
    private static final String USER_SCOPES = "openid profile";
    private static String adminToken;

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    UserDirectory directory;

    @Autowired
    UserRegistration registration;

    @Autowired
    UserStore store;

    @Autowired
    org.springframework.security.crypto.password.PasswordEncoder passwordEncoder;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("DYNAMODB_ENDPOINT", () -> ENGINE.endpoint().toString());
        registry.add("SKYPORT_TABLE_PREFIX", () -> "it-");
        registry.add("SKYPORT_CREATE_TABLES", () -> "true");
        registry.add("SKYPORT_ISSUER_URI", () -> "http://issuer.skyport.test");
        registry.add("SERVER_PORT", () -> "0");
        registry.add("MANAGEMENT_PORT", () -> "0");
        // Outside the local profile the shipped local secrets are refused.
        registry.add("SKYPORT_SERVICE_CLIENT_SECRET", () -> RealTokens.SERVICE_SECRET);
        registry.add("SKYPORT_CURSOR_SECRET", () -> "it-cursor-secret-0123456789abcdef");
    }

    @AfterAll
    static void stop() {
        ENGINE.close();
    }

    // ---- sign-up ---------------------------------------------------------------------------------------------

    @Test
    void signUpCreatesAnActiveUserWithAnArgon2HashAndAnswersWithoutAnId() throws Exception {
        String email = unique("ada") + "@Example.COM";
        HttpResponse<String> response = post("/api/users", signUp(email, "a long enough passphrase", "Ada Lovelace"), null);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("email").asString()).isEqualTo(email.toLowerCase());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("email", "message");

        UserAccount account = directory.findByEmail(email.toUpperCase()).orElseThrow();
        assertThat(account.email()).isEqualTo(email.toLowerCase());
        assertThat(account.name()).isEqualTo("Ada Lovelace");
        assertThat(account.roles()).containsExactly("USER");
        assertThat(account.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(account.passwordHash()).startsWith("{argon2}$argon2id$");
        assertThat(directory.findById(account.id())).contains(account);
    }

    @Test
    void aSignedUpUserSignsInThroughTheAuthorizationServerAndReadsTheirProfile() throws Exception {
        String email = unique("signin") + "@example.com";
        assertThat(post("/api/users", signUp(email, "my sign-in passphrase", "Sign In"), null).statusCode()).isEqualTo(202);

        String token = tokens().user(email, "my sign-in passphrase", USER_SCOPES);
        HttpResponse<String> me = get("/api/users/me", token);

        assertThat(me.statusCode()).isEqualTo(200);
        JsonNode profile = JSON.readTree(me.body());
        assertThat(profile.get("email").asString()).isEqualTo(email);
        assertThat(profile.get("id").asString()).isEqualTo(directory.findByEmail(email).orElseThrow().id());
    }

    @Test
    void signUpForATakenEmailAnswersExactlyLikeAFreshOneAndChangesNothing() throws Exception {
        String email = unique("taken") + "@example.com";
        HttpResponse<String> first = post("/api/users", signUp(email, "first passphrase here", "First"), null);
        UserAccount original = directory.findByEmail(email).orElseThrow();
        HttpResponse<String> second = post("/api/users", signUp(email, "second passphrase here", "Second"), null);

        assertThat(second.statusCode()).isEqualTo(first.statusCode()).isEqualTo(202);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
        assertThat(directory.findByEmail(email)).contains(original);
    }

    @Test
    void tenConcurrentSignUpsForOneEmailCreateExactlyOneAccountAndGetIdenticalAnswers() throws Exception {
        String email = unique("race") + "@example.com";
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = "Racer " + i;
            calls.add(() -> post("/api/users", signUp(email, "racing passphrase " + name, name), null));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
        }

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(202);
        assertThat(answers).extracting(HttpResponse::body).containsOnly(answers.getFirst().body());
        List<UserItem> withEmail = store.users().raw().scan().items().stream()
                .filter(u -> email.equals(u.getEmail())).toList();
        assertThat(withEmail).hasSize(1);
        assertThat(directory.findByEmail(email).orElseThrow().id()).isEqualTo(withEmail.getFirst().getUserId());
    }

    static Stream<Arguments> invalidSignUps() {
        return Stream.of(
                Arguments.of("{\"email\":\"not-an-email\",\"password\":\"a long enough passphrase\",\"name\":\"N\"}", "email"),
                Arguments.of("{\"email\":\"\",\"password\":\"a long enough passphrase\",\"name\":\"N\"}", "email"),
                Arguments.of("{\"email\":\"" + "x".repeat(250) + "@e.io\",\"password\":\"a long enough passphrase\",\"name\":\"N\"}", "email"),
                Arguments.of("{\"password\":\"a long enough passphrase\",\"name\":\"N\"}", "email"),
                Arguments.of("{\"email\":\"a@example.com\",\"password\":\"short-1\",\"name\":\"N\"}", "password"),
                Arguments.of("{\"email\":\"a@example.com\",\"password\":\"" + "Ab1-".repeat(33) + "\",\"name\":\"N\"}", "password"),
                Arguments.of("{\"email\":\"a@example.com\",\"password\":\"Password1234\",\"name\":\"N\"}", "password"),
                Arguments.of("{\"email\":\"a@example.com\",\"password\":\"aaaaaaabbbbbbb\",\"name\":\"N\"}", "password"),
                Arguments.of("{\"email\":\"ada@example.com\",\"password\":\"xx-ada@example.com\",\"name\":\"N\"}", "password"),
                Arguments.of("{\"email\":\"adalovelace@example.com\",\"password\":\"Ada.Lovelace\",\"name\":\"N\"}", "password"),
                Arguments.of("{\"email\":\"a@example.com\",\"password\":\"Charles Babbage\",\"name\":\"charles babbage\"}", "password"),
                Arguments.of("{\"email\":\"a@example.com\",\"name\":\"N\"}", "password"),
                Arguments.of("{\"email\":\"a@example.com\",\"password\":\"a long enough passphrase\",\"name\":\"  \"}", "name"),
                Arguments.of("{\"email\":\"a@example.com\",\"password\":\"a long enough passphrase\",\"name\":\"" + "n".repeat(101) + "\"}", "name"),
                Arguments.of("{\"email\":\"a@example.com\",\"password\":\"a long enough passphrase\"}", "name"));
    }

    @ParameterizedTest
    @MethodSource("invalidSignUps")
    void invalidSignUpFieldsAreAnsweredWith400ListingTheField(String body, String field) throws Exception {
        HttpResponse<String> response = post("/api/users", body, null);

        assertProblem(response, 400);
        assertThat(fieldsInError(response)).contains(field);
    }

    @Test
    void signUpWithAnUnknownFieldSuchAsRolesIsRefused() throws Exception {
        String email = unique("mass") + "@example.com";
        HttpResponse<String> response = post("/api/users",
                "{\"email\":\"" + email + "\",\"password\":\"a long enough passphrase\",\"name\":\"M\",\"roles\":[\"ADMIN\"]}", null);

        assertProblem(response, 400);
        assertThat(directory.findByEmail(email)).isEmpty();
    }

    @Test
    void signUpWithMalformedJsonOrAnotherMediaTypeIsRefused() throws Exception {
        assertProblem(post("/api/users", "{\"email\":", null), 400);
        HttpResponse<String> text = send(HttpRequest.newBuilder(uri("/api/users"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertProblem(text, 415);
    }

    @Test
    void theSeededPasswordsPassThePolicy() {
        PasswordPolicy policy = new PasswordPolicy();
        assertThat(policy.violations(LocalUserSeed.DEMO_PASSWORD, LocalUserSeed.DEMO_EMAIL, LocalUserSeed.DEMO_NAME)).isEmpty();
        assertThat(policy.violations(LocalUserSeed.ADMIN_PASSWORD, LocalUserSeed.ADMIN_EMAIL, LocalUserSeed.ADMIN_NAME)).isEmpty();
    }

    @Test
    void nothingIsSeededOutsideTheLocalProfileAndTheLocalSeedIsIdempotent() throws Exception {
        assertThat(directory.findByEmail(LocalUserSeed.DEMO_EMAIL)).isEmpty();
        assertThat(directory.findByEmail(LocalUserSeed.ADMIN_EMAIL)).isEmpty();

        LocalUserSeed seed = new LocalUserSeed(registration);
        seed.run(null);
        UserAccount demo = directory.findByEmail(LocalUserSeed.DEMO_EMAIL).orElseThrow();
        UserAccount admin = directory.findByEmail(LocalUserSeed.ADMIN_EMAIL).orElseThrow();
        seed.run(null);

        assertThat(directory.findByEmail(LocalUserSeed.DEMO_EMAIL)).contains(demo);
        assertThat(directory.findByEmail(LocalUserSeed.ADMIN_EMAIL)).contains(admin);
        assertThat(demo.roles()).containsExactly("USER");
        assertThat(admin.roles()).containsExactlyInAnyOrder("USER", "ADMIN");
        assertThat(passwordEncoder.matches(LocalUserSeed.DEMO_PASSWORD, demo.passwordHash())).isTrue();
        assertThat(passwordEncoder.matches(LocalUserSeed.ADMIN_PASSWORD, admin.passwordHash())).isTrue();
        assertThat(passwordEncoder.matches("Demo-password-2", demo.passwordHash())).isFalse();
    }

    // ---- profile -----------------------------------------------------------------------------------------------

    @Test
    void profileIsReadWithAnETagAndPatchedWithIfMatch() throws Exception {
        UserAccount user = newUser("profile");
        String token = userToken(user);

        HttpResponse<String> read = get("/api/users/me", token);
        assertThat(read.statusCode()).isEqualTo(200);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        JsonNode profile = JSON.readTree(read.body());
        assertThat(profile.get("id").asString()).isEqualTo(user.id());
        assertThat(profile.get("email").asString()).isEqualTo(user.email());
        assertThat(profile.has("passwordHash")).isFalse();

        HttpResponse<String> patched = patch("/api/users/me", """
                {"name": "Ada King", "defaultShippingAddress": {"name": "Ada King", "line1": "12 St James's Square",
                 "city": "London", "postalCode": "SW1Y 4JH", "country": "GB"},
                 "preferences": {"language": "en-GB", "timeZone": "Europe/London", "marketingEmails": false}}
                """, token, etag);
        assertThat(patched.statusCode()).isEqualTo(200);
        String newEtag = patched.headers().firstValue("ETag").orElseThrow();
        assertThat(newEtag).isNotEqualTo(etag);
        JsonNode after = JSON.readTree(patched.body());
        assertThat(after.get("name").asString()).isEqualTo("Ada King");
        assertThat(after.at("/defaultShippingAddress/country").asString()).isEqualTo("GB");
        assertThat(after.at("/preferences/timeZone").asString()).isEqualTo("Europe/London");

        // Merge patch: a member left out stays, null removes an optional member.
        HttpResponse<String> second = patch("/api/users/me", "{\"preferences\": null}", token, newEtag);
        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode last = JSON.readTree(second.body());
        assertThat(last.get("name").asString()).isEqualTo("Ada King");
        assertThat(last.at("/defaultShippingAddress/city").asString()).isEqualTo("London");
        assertThat(last.get("preferences").isNull()).isTrue();
        assertThat(get("/api/users/me", token).headers().firstValue("ETag")).contains(second.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void aStaleIfMatchIsAnswered412AndAMissingOne428() throws Exception {
        UserAccount user = newUser("stale");
        String token = userToken(user);
        String etag = get("/api/users/me", token).headers().firstValue("ETag").orElseThrow();
        assertThat(patch("/api/users/me", "{\"name\":\"One\"}", token, etag).statusCode()).isEqualTo(200);

        HttpResponse<String> stale = patch("/api/users/me", "{\"name\":\"Two\"}", token, etag);
        assertProblem(stale, 412);
        assertThat(JSON.readTree(stale.body()).get("currentETag").asString()).isNotEqualTo(etag);
        assertProblem(patch("/api/users/me", "{\"name\":\"Two\"}", token, "W/" + etag), 412);
        assertProblem(patch("/api/users/me", "{\"name\":\"Two\"}", token, null), 428);
        assertThat(JSON.readTree(get("/api/users/me", token).body()).get("name").asString()).isEqualTo("One");
    }

    @Test
    void aPatchCannotSetRolesStatusIdOrEmailNorInvalidValues() throws Exception {
        UserAccount user = newUser("mass");
        String token = userToken(user);
        for (String patch : List.of("{\"roles\":[\"ADMIN\"]}", "{\"status\":\"ACTIVE\"}", "{\"id\":\"x\"}",
                "{\"email\":\"other@example.com\"}", "{\"passwordHash\":\"x\"}",
                "{\"preferences\":{\"language\":\"en\",\"admin\":true}}")) {
            String etag = get("/api/users/me", token).headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> response = patch("/api/users/me", patch, token, etag);
            assertProblem(response, 400);
            assertThat(fieldsInError(response)).as(patch).hasSize(1);
        }
        Map<String, String> invalid = Map.of(
                "{\"name\":null}", "name",
                "{\"name\":\"\"}", "name",
                "{\"defaultShippingAddress\":{\"name\":\"A\",\"line1\":\"L\",\"city\":\"C\",\"postalCode\":\"1\",\"country\":\"XX\"}}", "defaultShippingAddress.country",
                "{\"defaultShippingAddress\":{\"name\":\"A\",\"city\":\"C\",\"postalCode\":\"1\",\"country\":\"FR\"}}", "defaultShippingAddress.line1",
                "{\"preferences\":{\"timeZone\":\"Mars/Olympus\"}}", "preferences.timeZone",
                "{\"preferences\":{\"language\":\"not a tag\"}}", "preferences.language");
        for (Map.Entry<String, String> c : invalid.entrySet()) {
            String etag = get("/api/users/me", token).headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> response = patch("/api/users/me", c.getKey(), token, etag);
            assertProblem(response, 400);
            assertThat(fieldsInError(response)).as(c.getKey()).contains(c.getValue());
        }
        UserAccount after = directory.findById(user.id()).orElseThrow();
        assertThat(after.roles()).containsExactly("USER");
        assertThat(after.email()).isEqualTo(user.email());
        assertProblem(patch("/api/users/me", "[1,2]", token, "*"), 400);
    }

    @Test
    void theProfileNeedsATokenWithScopeProfile() throws Exception {
        UserAccount user = newUser("scope");
        assertProblem(get("/api/users/me", null), 401);
        assertProblem(get("/api/users/me", "not-a-jwt"), 401);
        assertProblem(get("/api/users/me", tokens().user(user.email(), PASSWORD, "orders:read")), 403);
    }

    // ---- administration ---------------------------------------------------------------------------------------

    @Test
    void aUserCallingAdminEndpointsGets403() throws Exception {
        UserAccount user = newUser("notadmin");
        UserAccount victim = newUser("victim");
        String token = userToken(user);

        assertProblem(get("/api/users", token), 403);
        assertProblem(get("/api/users?status=ACTIVE", token), 403);
        assertProblem(post("/api/users/" + victim.id() + "/disable", "", token), 403);
        assertProblem(post("/api/users/" + victim.id() + "/enable", "", token), 403);
        assertProblem(send(authorized(HttpRequest.newBuilder(uri("/api/users/" + victim.id())), token).DELETE()), 403);
        assertProblem(get("/internal/users/" + victim.id() + "/shipping-address", token), 403);
        assertThat(directory.findById(victim.id()).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void anAdminDisablesEnablesAndDeletesAUserAndDeletionFreesTheEmail() throws Exception {
        String admin = adminToken();
        UserAccount user = newUser("lifecycle");

        HttpResponse<String> disabled = post("/api/users/" + user.id() + "/disable", "", admin);
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(disabled.body()).get("status").asString()).isEqualTo("DISABLED");
        assertThat(directory.findById(user.id()).orElseThrow().status()).isEqualTo(UserStatus.DISABLED);
        assertThat(post("/api/users/" + user.id() + "/disable", "", admin).statusCode()).isEqualTo(200);

        // While the account exists (even disabled) its e-mail stays taken.
        post("/api/users", signUp(user.email(), "another passphrase", "Other"), null);
        assertThat(directory.findByEmail(user.email()).orElseThrow().id()).isEqualTo(user.id());

        HttpResponse<String> enabled = post("/api/users/" + user.id() + "/enable", "", admin);
        assertThat(JSON.readTree(enabled.body()).get("status").asString()).isEqualTo("ACTIVE");

        HttpResponse<String> deleted = send(authorized(HttpRequest.newBuilder(uri("/api/users/" + user.id())), admin).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(directory.findById(user.id())).isEmpty();
        assertThat(directory.findByEmail(user.email())).isEmpty();
        assertProblem(send(authorized(HttpRequest.newBuilder(uri("/api/users/" + user.id())), admin).DELETE()), 404);
        assertProblem(post("/api/users/" + user.id() + "/disable", "", admin), 404);

        assertThat(post("/api/users", signUp(user.email(), "another passphrase", "Reborn"), null).statusCode()).isEqualTo(202);
        UserAccount reborn = directory.findByEmail(user.email()).orElseThrow();
        assertThat(reborn.id()).isNotEqualTo(user.id());
        assertThat(reborn.name()).isEqualTo("Reborn");
    }

    @Test
    void aDisabledUserCannotSignInUntilEnabledAndADeletedUsersTokenFindsNoProfile() throws Exception {
        String admin = adminToken();
        UserAccount user = newUser("blocked");
        String token = userToken(user);
        assertThat(tokens().canSignIn(user.email(), PASSWORD)).isTrue();

        post("/api/users/" + user.id() + "/disable", "", admin);
        assertThat(tokens().canSignIn(user.email(), PASSWORD)).isFalse();
        post("/api/users/" + user.id() + "/enable", "", admin);
        assertThat(tokens().canSignIn(user.email(), PASSWORD)).isTrue();

        send(authorized(HttpRequest.newBuilder(uri("/api/users/" + user.id())), admin).DELETE());
        assertProblem(get("/api/users/me", token), 404);
        assertProblem(patch("/api/users/me", "{\"name\":\"Ghost\"}", token, "*"), 404);
    }

    @Test
    void anAdminCannotDisableOrDeleteThemselves() throws Exception {
        UserAccount admin = newUser("selfadmin", Set.of("USER", "ADMIN"));
        String token = userToken(admin);
        assertProblem(post("/api/users/" + admin.id() + "/disable", "", token), 409);
        assertProblem(send(authorized(HttpRequest.newBuilder(uri("/api/users/" + admin.id())), token).DELETE()), 409);
    }

    @Test
    void theAdminListPagesThroughManyUsersWithSignedCursors() throws Exception {
        String admin = adminToken();
        Set<String> created = new HashSet<>();
        String marker = unique("page");
        for (int i = 0; i < 23; i++) {
            registration.register(marker + "-" + i + "@example.com", "paging passphrase " + i, "Pager " + i, Set.of("USER"));
            created.add(directory.findByEmail(marker + "-" + i + "@example.com").orElseThrow().id());
        }
        for (String status : new String[] { "?status=ACTIVE&", "?" }) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                HttpResponse<String> page = get("/api/users" + status + "limit=7"
                        + (cursor == null ? "" : "&cursor=" + cursor), admin);
                assertThat(page.statusCode()).isEqualTo(200);
                JsonNode body = JSON.readTree(page.body());
                assertThat(body.get("items").size()).isLessThanOrEqualTo(7);
                body.get("items").forEach(item -> seen.add(item.get("id").asString()));
                cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asString();
                pages++;
            } while (cursor != null && pages < 100);
            assertThat(seen).doesNotHaveDuplicates().containsAll(created);
            assertThat(pages).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aTamperedOrForeignCursorAndBadListParametersAre400() throws Exception {
        String admin = adminToken();
        for (int i = 0; i < 3; i++) {
            newUser("cursor");
        }
        JsonNode first = JSON.readTree(get("/api/users?status=ACTIVE&limit=1", admin).body());
        String cursor = first.get("nextCursor").asString();
        // Flip the high bit of one base64 digit in the signature, then in the payload.
        int dot = cursor.indexOf('.');
        String tampered = cursor.substring(0, dot + 1) + flip(cursor.charAt(dot + 1)) + cursor.substring(dot + 2);
        String tamperedPayload = flip(cursor.charAt(0)) + cursor.substring(1);

        assertThat(get("/api/users?status=ACTIVE&limit=1&cursor=" + cursor, admin).statusCode()).isEqualTo(200);
        assertProblem(get("/api/users?status=ACTIVE&limit=1&cursor=" + tampered, admin), 400);
        assertProblem(get("/api/users?status=ACTIVE&limit=1&cursor=" + tamperedPayload, admin), 400);
        assertProblem(get("/api/users?status=ACTIVE&limit=1&cursor=garbage", admin), 400);
        assertProblem(get("/api/users?status=DISABLED&limit=1&cursor=" + cursor, admin), 400);
        assertProblem(get("/api/users?limit=1&cursor=" + cursor, admin), 400);
        assertProblem(get("/api/users?limit=0", admin), 400);
        assertProblem(get("/api/users?limit=101", admin), 400);
        assertProblem(get("/api/users?limit=ten", admin), 400);
        assertProblem(get("/api/users?status=SLEEPING", admin), 400);
    }

    // ---- internal -----------------------------------------------------------------------------------------------

    @Test
    void theInternalShippingAddressNeedsScopeUsersInternal() throws Exception {
        UserAccount user = newUser("ship");
        String service = tokens().service("users:internal");
        String path = "/internal/users/" + user.id() + "/shipping-address";

        assertProblem(get(path, service), 404);
        assertProblem(get("/internal/users/nobody/shipping-address", service), 404);
        String token = userToken(user);
        String etag = get("/api/users/me", token).headers().firstValue("ETag").orElseThrow();
        assertThat(patch("/api/users/me", """
                {"defaultShippingAddress": {"name": "Grace Hopper", "line1": "1 Navy Way", "line2": "Room 2",
                 "city": "Arlington", "postalCode": "22202", "country": "US"}}""", token, etag).statusCode()).isEqualTo(200);

        HttpResponse<String> address = get(path, service);
        assertThat(address.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(address.body());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("name", "line1", "line2", "city", "postalCode", "country");
        assertThat(body.get("country").asString()).isEqualTo("US");
        assertProblem(get(path, token), 403);
        assertProblem(get(path, null), 401);
    }

    // ---- OpenAPI ------------------------------------------------------------------------------------------------

    @Test
    void theOpenApiDocumentDescribesEveryPathWithProblemsAndTheSecurityScheme() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(response.body());

        assertThat(doc.get("paths").propertyNames()).contains("/api/users", "/api/users/me", "/api/users/{id}",
                "/api/users/{id}/disable", "/api/users/{id}/enable", "/internal/users/{userId}/shipping-address");
        assertThat(doc.at("/paths/~1api~1users/post/responses").propertyNames()).contains("202", "400");
        assertThat(doc.at("/paths/~1api~1users/get/responses").propertyNames()).contains("200", "400", "401", "403");
        assertThat(doc.at("/paths/~1api~1users~1me/patch/responses").propertyNames())
                .contains("200", "400", "401", "403", "412", "428");
        assertThat(doc.at("/paths/~1api~1users~1me/patch/responses/412/content").propertyNames())
                .contains("application/problem+json");
        assertThat(doc.at("/components/securitySchemes/bearer-jwt/scheme").asString()).isEqualTo("bearer");
        assertThat(doc.at("/components/schemas").propertyNames())
                .contains("SignUpRequest", "SignUpAccepted", "UserProfile", "ProfileUpdate", "ShippingAddress",
                        "Preferences", "UserPage", "UserSummary", "ProblemDetail");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private UserAccount newUser(String prefix) {
        return newUser(prefix, Set.of("USER"));
    }

    private UserAccount newUser(String prefix, Set<String> roles) {
        String email = unique(prefix) + "@example.com";
        registration.register(email, PASSWORD, "Test " + prefix, roles);
        return directory.findByEmail(email).orElseThrow();
    }

    private RealTokens tokens() {
        return new RealTokens("http://127.0.0.1:" + port);
    }

    private String userToken(UserAccount user) {
        return tokens().user(user.email(), PASSWORD, USER_SCOPES);
    }

    /** One administrator's token for the class (signing in costs an Argon2 verification). */
    private String adminToken() {
        if (adminToken == null) {
            adminToken = userToken(newUser("admin", Set.of("USER", "ADMIN")));
        }
        return adminToken;
    }

    private static char flip(char base64Digit) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return alphabet.charAt(alphabet.indexOf(base64Digit) ^ 32);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String signUp(String email, String password, String name) {
        return JSON.writeValueAsString(Map.of("email", email, "password", password, "name", name));
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.has("title")).isTrue();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static List<String> fieldsInError(HttpResponse<String> response) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = JSON.readTree(response.body()).get("errors");
        if (errors != null) {
            errors.forEach(e -> fields.add(e.get("field").asString()));
        }
        return fields;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(authorized(HttpRequest.newBuilder(uri(path)), token).GET());
    }

    private HttpResponse<String> post(String path, String json, String token) throws IOException, InterruptedException {
        return send(authorized(HttpRequest.newBuilder(uri(path)), token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> patch(String path, String json, String token, String ifMatch)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = authorized(HttpRequest.newBuilder(uri(path)), token)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            builder.header("If-Match", ifMatch);
        }
        return send(builder);
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder builder, String token) {
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
