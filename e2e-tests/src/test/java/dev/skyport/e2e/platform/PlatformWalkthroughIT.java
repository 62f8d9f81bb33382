package dev.skyport.e2e.platform;

import static dev.skyport.e2e.platform.Walkthrough.DEMO_EMAIL;
import static dev.skyport.e2e.platform.Walkthrough.DEMO_PASSWORD;
import static dev.skyport.e2e.platform.Walkthrough.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.Browser;
import dev.skyport.testsupport.EventSocketClient;
import dev.skyport.testsupport.JwtParts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;

/**
 * The README's newcomer walkthrough and its failure cases, played through the gateway only, against the
 * platform as {@code ./run.sh} starts it (no Redis: in-memory rate limits and tickets).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformWalkthroughIT {

    private static Platform platform;
    private static ApiClient api;
    private static Login.Tokens demo;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.start("walkthrough", Map.of());
        api = new ApiClient(platform.gateway());
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    private static String demoToken() {
        if (demo == null) {
            demo = Login.authorizationCode(api, DEMO_EMAIL, DEMO_PASSWORD);
        }
        return demo.accessToken();
    }

    @Test
    @Order(1)
    void publishesThePublicUrlAsTheOneIssuer() {
        ApiClient.Response discovery = api.get("/.well-known/openid-configuration", null);

        assertThat(discovery.status()).as(discovery.toString()).isEqualTo(200);
        JsonNode json = discovery.json();
        assertThat(json.path("issuer").asString()).isEqualTo(platform.gateway().toString());
        assertThat(json.path("token_endpoint").asString()).startsWith(platform.gateway().toString());
        assertThat(json.path("authorization_endpoint").asString()).startsWith(platform.gateway().toString());
        assertThat(json.path("device_authorization_endpoint").asString()).startsWith(platform.gateway().toString());
    }

    @Test
    @Order(2)
    void signsANewcomerUpAndLogsThemInWithAuthorizationCodeAndPkce() {
        String email = Walkthrough.newEmail("newcomer");
        ApiClient.Response signUp = Walkthrough.signUp(api, email, "Newcomer-password-1", "New Comer");
        assertThat(signUp.status()).as(signUp.toString()).isEqualTo(202);

        Login.Tokens tokens = Login.authorizationCode(api, email, "Newcomer-password-1");

        JsonNode claims = JwtParts.claims(tokens.accessToken());
        assertThat(claims.path("iss").asString()).isEqualTo(platform.gateway().toString());
        assertThat(claims.path("aud").toString()).contains("skyport-api");
        assertThat(tokens.refreshToken()).as("offline_access gives a refresh token").isNotBlank();
        ApiClient.Response me = api.get("/api/users/me", tokens.accessToken());
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("email").asString()).isEqualTo(email);
        assertThat(claims.path("sub").asString()).isEqualTo(me.json().path("id").asString());

        ApiClient.Response again = Walkthrough.signUp(api, email, "Other-password-2", "Same Again");
        assertThat(again.status()).as("a taken e-mail is not revealed: %s", again).isEqualTo(202);
        assertThat(again.body()).isEqualTo(signUp.body());
        assertThat(api.get("/api/users/me", tokens.accessToken()).json().path("name").asString()).isEqualTo("New Comer");
    }

    @Test
    @Order(3)
    void logsInFromTheTerminalWithTheDeviceFlowHelper() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", Platform.ROOT.resolve("bin/skyport-login").toString())
                .redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("SKYPORT_URL", platform.gateway().toString());
        Process login = builder.start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(login.getInputStream()));
        AtomicReference<String> stderr = new AtomicReference<>("");
        String code = null;
        String page = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(login.getErrorStream(), StandardCharsets.UTF_8))) {
            Pattern codeLine = Pattern.compile("enter the code (\\S+)");
            Pattern openLine = Pattern.compile("open +(\\S+?)\\)?$");
            String line;
            while ((line = lines.readLine()) != null && !line.contains("Waiting for you")) {
                stderr.accumulateAndGet(line + "\n", String::concat);
                Matcher m = codeLine.matcher(line);
                if (m.find()) {
                    code = m.group(1);
                }
                m = openLine.matcher(line);
                if (m.find()) {
                    page = m.group(1); // the complete URI (with the code) when given comes last
                }
            }
            assertThat(code).as("the helper shows a user code: %s", stderr).isNotNull();
            assertThat(page).as("the helper shows the verification page: %s", stderr).startsWith(platform.gateway().toString());

            Browser.Page approved = Login.approveDevice(api, URI.create(page), code, DEMO_EMAIL, DEMO_PASSWORD);
            assertThat(approved.status()).as("device approval ended on %s: %s", approved.uri(), approved.body()).isLessThan(400);

            CompletableFuture<String> rest = CompletableFuture.supplyAsync(
                    () -> lines.lines().collect(java.util.stream.Collectors.joining("\n")));
            assertThat(login.waitFor(2, TimeUnit.MINUTES)).as("the helper ends after the approval").isTrue();
            stderr.accumulateAndGet(rest.get(10, TimeUnit.SECONDS), String::concat);
        } finally {
            login.destroy();
        }
        assertThat(login.exitValue()).as(stderr.get()).isZero();
        String exports = stdout.get(10, TimeUnit.SECONDS);
        Matcher token = Pattern.compile("export SKYPORT_TOKEN=(\\S+)").matcher(exports);
        assertThat(token.find()).as(exports).isTrue();

        ApiClient.Response me = api.get("/api/users/me", token.group(1));
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("email").asString()).isEqualTo(DEMO_EMAIL);
        Matcher refresh = Pattern.compile("export SKYPORT_REFRESH_TOKEN=(\\S+)").matcher(exports);
        assertThat(refresh.find()).as("the helper exports the refresh token").isTrue();

        ProcessBuilder renew = new ProcessBuilder("bash", Platform.ROOT.resolve("bin/skyport-login").toString(), "--refresh");
        renew.environment().put("SKYPORT_URL", platform.gateway().toString());
        renew.environment().put("SKYPORT_REFRESH_TOKEN", refresh.group(1));
        Process renewal = renew.start();
        String renewed = read(renewal.getInputStream());
        assertThat(renewal.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(renewal.exitValue()).as(read(renewal.getErrorStream())).isZero();
        Matcher renewedToken = Pattern.compile("export SKYPORT_TOKEN=(\\S+)").matcher(renewed);
        assertThat(renewedToken.find()).as(renewed).isTrue();
        assertThat(api.get("/api/users/me", renewedToken.group(1)).status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void createsOneOrderForARepeatedIdempotencyKeyAndListsIt() {
        String key = "readme-" + UUID.randomUUID();
        JsonNode first = Walkthrough.createOrder(api, demoToken(), key);
        assertThat(first.path("status").asString()).isEqualTo("PENDING");
        assertThat(first.path("total").path("amount").asString()).isEqualTo("19.98");

        ApiClient.Response replay = api.postJson("/api/orders", demoToken(), Walkthrough.ORDER, Map.of("Idempotency-Key", key));

        assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().path("id").asString()).isEqualTo(first.path("id").asString());
        String otherBody = Walkthrough.ORDER.replace("\"quantity\": 2", "\"quantity\": 3");
        assertProblem(api.postJson("/api/orders", demoToken(), otherBody, Map.of("Idempotency-Key", key)), 422);
        assertProblem(api.postJson("/api/orders", demoToken(), Walkthrough.ORDER, Map.of()), 400);
        ApiClient.Response list = api.get("/api/orders", demoToken());
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().path("items").forEach(o -> ids.add(o.path("id").asString()));
        assertThat(ids).containsOnlyOnce(first.path("id").asString());
        ApiClient.Response one = api.get("/api/orders/" + first.path("id").asString(), demoToken());
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void pushesOrderEventsToASocketOpenedWithATicket() {
        ApiClient.Response ticket = api.postJson("/ws/tickets", demoToken(), "{}", Map.of());
        assertThat(ticket.status()).as(ticket.toString()).isBetween(200, 201);
        String value = ticket.json().path("ticket").asString();

        try (EventSocketClient events = OrderEvents.awaitFlowing(
                OrderEvents.withTicket(api.http(), api.base(), value), api, demoToken())) {
            JsonNode order = Walkthrough.createOrder(api, demoToken(), "ws-ticket-" + UUID.randomUUID());

            JsonNode event = events.expect(e -> order.path("id").equals(e.path("order").path("id")), Duration.ofMinutes(1));
            assertThat(event.path("type").asString()).isEqualTo("order.created");
            assertThat(event.path("order").path("status").asString()).isEqualTo("PENDING");
        }
        int refused = EventSocketClient.handshakeStatus(api.http().newWebSocketBuilder(),
                OrderEvents.wsUri(api.base(), "/ws/orders?ticket=" + value));
        assertThat(refused).as("a ticket is single-use").isEqualTo(401);
    }

    @Test
    @Order(6)
    void pushesOrderUpdatesToASocketOpenedWithABearerToken() {
        JsonNode order = Walkthrough.createOrder(api, demoToken(), "ws-bearer-" + UUID.randomUUID());
        String id = order.path("id").asString();

        try (EventSocketClient events = OrderEvents.awaitFlowing(
                OrderEvents.withBearer(api.http(), api.base(), demoToken()), api, demoToken())) {
            ApiClient.Response cancelled = api.postJson("/api/orders/" + id + "/cancel", demoToken(), "", Map.of());
            assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);

            JsonNode event = events.expect(e -> id.equals(e.path("order").path("id").asString())
                    && "order.updated".equals(e.path("type").asString()), Duration.ofMinutes(1));
            assertThat(event.path("order").path("status").asString()).isEqualTo("CANCELLED");
            assertThat(event.path("change").path("newStatus").asString()).isEqualTo("CANCELLED");
        }
    }

    @Test
    @Order(7)
    void refusesRequestsWithoutAValidAccessToken() {
        ApiClient.Response anonymous = api.get("/api/orders", null);
        assertProblem(anonymous, 401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");

        assertProblem(api.get("/api/orders", "not-a-jwt"), 401);
        String tampered = demoToken().substring(0, demoToken().length() - 4) + "AAAA";
        assertProblem(api.get("/api/orders", tampered), 401);
        assertThat(demo.idToken()).as("openid gives an ID token").isNotBlank();
        assertProblem(api.get("/api/orders", demo.idToken()), 401);

        assertThat(EventSocketClient.handshakeStatus(api.http().newWebSocketBuilder(),
                OrderEvents.wsUri(api.base(), "/ws/orders"))).isEqualTo(401);
        assertProblem(api.postJson("/ws/tickets", null, "{}", Map.of()), 401);
    }

    @Test
    @Order(8)
    void refusesABodyOverTheTenMegabyteLimit() {
        String big = "{\"lines\":[{\"sku\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}]}";
        // Expect: 100-continue, as curl sends for big bodies: the edge refuses on the declared length alone.
        ApiClient.Response response = api.send(api.request("/api/orders", demoToken()).expectContinue(true)
                .header("Content-Type", "application/json").header("Idempotency-Key", "big-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(big)).build());

        assertProblem(response, 413);
    }

    @Test
    @Order(9)
    void servesTheApiReferenceAtDocs() {
        Browser.Page docs = new Browser(api.base()).open(api.uri("/docs"));

        assertThat(docs.status()).as("%s: %s", docs.uri(), docs.body()).isEqualTo(200);
    }

    /**
     * README step 6 in a real browser: /docs opens on the Skyport API with the public URL as server and the AsyncAPI
     * link; "Authorize" signs the demo user in on users-service's login page (authorization code + PKCE, in the
     * popup Swagger UI opens), and "Try it out" on GET /api/orders shows 200 with the order placed just before.
     */
    @Test
    @Order(9)
    void signsInThroughTheApiReferenceAndTriesListingOrdersInARealBrowser() {
        HeadlessChromium.assumeInstalledOrCi();
        String orderId = Walkthrough.createOrder(api, demoToken(), "docs-" + UUID.randomUUID()).path("id").asString();
        ApiReferencePage reference = ApiReferencePage.open(platform.gateway());
        try {
            assertThat(reference.definitions()).containsExactly("Skyport API", "Skyport gateway");
            assertThat(reference.selectedDefinition()).isEqualTo("Skyport API");
            assertThat(reference.title()).startsWith("Skyport API");
            assertThat(reference.servers()).containsExactly(platform.gateway().toString());
            assertThat(reference.links()).contains(platform.gateway() + "/docs/asyncapi.json");

            reference.authorize(DEMO_EMAIL, DEMO_PASSWORD);
            ApiReferencePage.Result result = reference.tryOut("get", "/api/orders");

            assertThat(result.requestUrl()).isEqualTo(platform.gateway() + "/api/orders");
            assertThat(result.status()).as(result.body()).isEqualTo("200");
            assertThat(result.body()).contains(orderId);
        } finally {
            reference.close();
        }
    }

    @Test
    @Order(10)
    void refusesToStartTheSamePlatformTwice() {
        Platform.Launch second = platform.launch("second-start", List.of());

        assertThat(second.awaitExit(Duration.ofMinutes(2))).isEqualTo(1);
        assertThat(second.output()).contains("Skyport is already running");
    }

    @Test
    @Order(11)
    void throttlesAClientThatGoesOverItsRateLimit() throws Exception {
        String token = Walkthrough.newUserTokens(api, "throttled").accessToken();
        AtomicReference<ApiClient.Response> throttled = new AtomicReference<>();
        // Requests in parallel until the bucket is empty; the bound only keeps a broken limiter from looping.
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 50 && throttled.get() == null; round++) {
                List<CompletableFuture<Void>> batch = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    batch.add(CompletableFuture.runAsync(() -> {
                        ApiClient.Response response = api.get("/api/orders?limit=1", token);
                        if (response.status() == 429) {
                            throttled.compareAndSet(null, response);
                        } else {
                            assertThat(response.status()).as(response.toString()).isEqualTo(200);
                        }
                    }, clients));
                }
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
            }
        }

        assertThat(throttled.get()).as("a 429 after at most 1600 requests").isNotNull();
        assertProblem(throttled.get(), 429);
        assertThat(throttled.get().header("Retry-After")).isNotNull();
        ApiClient.Response otherUser = api.get("/api/orders?limit=1", demoToken());
        assertThat(otherUser.status()).as("the limit is per user: %s", otherUser).isEqualTo(200);
    }

    @Test
    @Order(100)
    void stopsEveryProcessOnTerm() {
        assertThat(platform.processes()).as("the platform's processes").isNotEmpty();

        List<String> leftovers = platform.stop();

        assertThat(leftovers).as("processes still alive after run.sh exited").isEmpty();
        assertThat(platform.dir().resolve("platform.log")).content().contains("run.sh: stopped");
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
