package dev.skyport.users.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.Browser;
import dev.skyport.testsupport.JwtParts;
import dev.skyport.users.user.SignUpRequest;
import dev.skyport.users.user.UserAccount;
import dev.skyport.users.user.UserDirectory;
import dev.skyport.users.user.UserRegistration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import tools.jackson.databind.JsonNode;

/**
 * The identity provider's attacks played from outside against the real server, from several client addresses (the
 * loopback range): the device-flow takeover by one link, lock-outs as a denial of service, a forged client address
 * and the session cookie over HTTPS. The trusted proxy (the gateway) is the peer 127.0.0.1; other peers bind their
 * sockets to 127.0.0.x. Login settings are the shipped ones except shorter account delays.
 */
class IdentityAttacksIT {

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
        TestTables.createAll(dynamo, "atk-");
        server = AuthServerInstance.start(engine.endpoint(), "atk-", Map.of(
                "skyport.auth.login.max-failures-per-account-and-address", "5",
                "skyport.auth.login.max-failures-per-address", "30",
                "skyport.auth.login.account-delay-after", "3",
                "skyport.auth.login.first-account-delay", "20ms",
                "skyport.auth.login.max-account-delay", "100ms"));
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
        String email = "victim-" + UUID.randomUUID() + "@example.com";
        server.bean(UserRegistration.class).signUp(new SignUpRequest(email, PASSWORD, "Victim"));
        return server.bean(UserDirectory.class).findByEmail(email).orElseThrow();
    }

    /** The attacker's side of the device flow: the codes, and the poll. */
    record Device(String deviceCode, String userCode, String link) {

        static Device start(String scope) {
            HttpResponse<String> response = Flows.postForm(server.url("/oauth2/device_authorization"),
                    Map.of("client_id", Flows.CLI, "scope", scope));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = Flows.json(response);
            // The genuine link, as sent to the victim (under the test server instead of the public issuer).
            String link = body.get("verification_uri_complete").asString().replace(AuthServerInstance.ISSUER, server.baseUrl);
            return new Device(body.get("device_code").asString(), body.get("user_code").asString(), link);
        }

        HttpResponse<String> poll() {
            return Flows.postForm(server.url("/oauth2/token"),
                    Map.of("grant_type", Flows.DEVICE_GRANT, "device_code", deviceCode, "client_id", Flows.CLI));
        }

        void assertPending() {
            HttpResponse<String> poll = poll();
            assertThat(poll.statusCode()).as(poll.body()).isEqualTo(400);
            assertThat(Flows.json(poll).get("error").asString()).isEqualTo("authorization_pending");
        }
    }

    /** What a victim's browser shows after following the link. */
    static Browser.Page followLink(Browser victim, Device device) {
        return victim.open(URI.create(device.link()));
    }

    static void assertApprovalPage(Browser.Page page, String... scopes) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains(Flows.CLI).contains(scopes);
        HtmlForm approve = HtmlForm.withButton(page.body(), "Approve");
        HtmlForm deny = HtmlForm.withButton(page.body(), "Deny");
        assertThat(approve.method()).isEqualTo("POST");
        assertThat(deny.method()).isEqualTo("POST");
        assertThat(approve.values("_csrf")).hasSize(1);
        assertThat(deny.values("_csrf")).hasSize(1);
        assertThat(approve.values("scope")).containsExactlyInAnyOrder(scopes);
    }

    @Test
    void aSignedInVictimOpeningTheLinkApprovesNothing() {
        UserAccount victim = newUser();
        Browser browser = server.browser();
        Flows.signIn(browser, server.baseUrl, victim.email(), PASSWORD);
        Device device = Device.start("orders:read orders:write offline_access");

        assertApprovalPage(followLink(browser, device), "orders:read", "orders:write", "offline_access");
        device.assertPending();
        // Opening it again changes nothing either.
        assertApprovalPage(browser.open(server.uri("/oauth2/device_verification?user_code=" + device.userCode())),
                "orders:read", "orders:write", "offline_access");
        device.assertPending();
    }

    @Test
    void aVictimWhoSignsInOnTheRealPageApprovesNothingUntilTheyPressApprove() {
        UserAccount victim = newUser();
        Device device = Device.start("orders:read offline_access");
        Browser browser = server.browser();
        Browser.Page loginPage = followLink(browser, device);
        assertThat(loginPage.uri().getPath()).isEqualTo("/login");
        assertThat(HtmlForm.all(loginPage.body()).get(0).button()).isEqualTo("Sign in");
        device.assertPending();

        HttpResponse<String> login = Flows.signIn(browser, server.baseUrl, victim.email(), PASSWORD);
        Browser.Page page = browser.open(URI.create(Browser.location(login)));
        assertApprovalPage(page, "orders:read", "offline_access");
        device.assertPending();

        HtmlForm approve = HtmlForm.withButton(page.body(), "Approve");
        HttpResponse<String> approved = browser.post(server.uri(approve.action()), approve.body());
        assertThat(approved.statusCode()).isEqualTo(302);
        assertThat(Browser.location(approved)).endsWith("/activated");
        Flows.Tokens tokens = Flows.Tokens.of(device.poll());
        assertThat(JwtParts.claims(tokens.accessToken()).get("sub").asString()).isEqualTo(victim.id());
        assertThat(JwtParts.claims(tokens.accessToken()).get("scope").toString()).contains("orders:read", "offline_access");
    }

    @Test
    void denyingTheDeviceGivesItsPollAccessDenied() {
        UserAccount victim = newUser();
        Browser browser = server.browser();
        Flows.signIn(browser, server.baseUrl, victim.email(), PASSWORD);
        Device device = Device.start("orders:read");
        Browser.Page page = followLink(browser, device);
        assertApprovalPage(page, "orders:read");

        HtmlForm deny = HtmlForm.withButton(page.body(), "Deny");
        HttpResponse<String> denied = browser.post(server.uri(deny.action()), deny.body());
        assertThat(denied.statusCode()).isEqualTo(302);
        assertThat(browser.open(URI.create(server.baseUrl + "/").resolve(Browser.location(denied))).body())
                .contains("You denied the request");

        HttpResponse<String> poll = device.poll();
        assertThat(poll.statusCode()).isEqualTo(400);
        assertThat(Flows.json(poll).get("error").asString()).isEqualTo("access_denied");
    }

    @Test
    void anApprovalPostWithoutTheSessionsCsrfTokenIsForbiddenAndApprovesNothing() {
        UserAccount victim = newUser();
        Browser browser = server.browser();
        Flows.signIn(browser, server.baseUrl, victim.email(), PASSWORD);
        Device device = Device.start("orders:write");
        Browser.Page page = followLink(browser, device);
        assertApprovalPage(page, "orders:write");
        HtmlForm approve = HtmlForm.withButton(page.body(), "Approve");

        HttpResponse<String> without = browser.post(server.uri(approve.action()), approve.body("_csrf"));
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        HttpResponse<String> forged = browser.post(server.uri(approve.action()),
                approve.body("_csrf") + "&_csrf=" + UUID.randomUUID());
        assertThat(forged.statusCode()).isEqualTo(403);
        device.assertPending();
    }

    @Test
    void anEarlierApprovalDoesNotApproveTheNextLink() {
        UserAccount victim = newUser();
        Browser browser = server.browser();
        Flows.signIn(browser, server.baseUrl, victim.email(), PASSWORD);
        Device own = Device.start("orders:read");
        HtmlForm approve = HtmlForm.withButton(followLink(browser, own).body(), "Approve");
        assertThat(Browser.location(browser.post(server.uri(approve.action()), approve.body()))).endsWith("/activated");
        Flows.Tokens.of(own.poll());

        Device attackers = Device.start("orders:read");
        Browser.Page page = followLink(browser, attackers);
        assertApprovalPage(page, "orders:read");
        attackers.assertPending();
        // And denying it is still possible, whatever was consented before.
        HtmlForm deny = HtmlForm.withButton(page.body(), "Deny");
        browser.post(server.uri(deny.action()), deny.body());
        assertThat(Flows.json(attackers.poll()).get("error").asString()).isEqualTo("access_denied");
    }

    @Test
    void aCraftedVerificationLinkWithAStateApprovesNothingAndIsNoServerError() {
        UserAccount victim = newUser();
        Browser browser = server.browser();
        Flows.signIn(browser, server.baseUrl, victim.email(), PASSWORD);
        Device device = Device.start("orders:read");
        String crafted = server.url("/oauth2/device_verification?" + ApiClient.form(Map.of("user_code", device.userCode(),
                "state", "guessed-state", "client_id", Flows.CLI, "scope", "orders:read")));
        HttpResponse<String> answer = browser.get(URI.create(crafted));
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(Browser.location(answer)).endsWith("/activate?error");
        // Nor does an approval page for another code under a real state show anything but the error.
        Browser.Page page = followLink(browser, device);
        HtmlForm approve = HtmlForm.withButton(page.body(), "Approve");
        HttpResponse<String> swapped = browser.get(server.uri("/activate?" + ApiClient.form(Map.of(
                "user_code", "WXYZ-WXYZ", "state", approve.values("state").get(0)))));
        assertThat(swapped.body()).contains("That code is invalid or has expired").doesNotContain("Approve");
        device.assertPending();
    }

    /** A client at {@code clientAddress} behind the gateway: the trusted peer 127.0.0.1 forwarding its address. */
    static Browser behindGateway(String clientAddress) {
        return sending(Map.of("X-Forwarded-For", clientAddress));
    }

    /** A browser on 127.0.0.1 (where the gateway is) whose every request carries these headers. */
    static Browser sending(Map<String, String> headers) {
        return new Browser(server.uri(""), null, headers);
    }

    /** A client whose socket is bound to {@code address}, sending {@code headers} of its own choosing. */
    static Browser at(String address, Map<String, String> headers) {
        try {
            return new Browser(server.uri(""), InetAddress.getByName(address), headers);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    static boolean signsIn(Browser browser, String email, String password) {
        HttpResponse<String> login = Flows.signIn(browser, server.baseUrl, email, password);
        assertThat(login.statusCode()).isEqualTo(302);
        return !Browser.location(login).endsWith("/login?error");
    }

    @Test
    void failedLoginsFromOneAddressDoNotLockTheAccountForAnother() {
        UserAccount victim = newUser();
        for (int i = 0; i < 5; i++) {
            assertThat(signsIn(behindGateway("127.0.0.2"), victim.email(), "Wrong-password-" + i)).isFalse();
        }
        // Five failures lock that account from that address, right password or not...
        assertThat(signsIn(behindGateway("127.0.0.2"), victim.email(), PASSWORD)).isFalse();
        // ...and nowhere else.
        assertThat(signsIn(behindGateway("127.0.0.3"), victim.email(), PASSWORD)).isTrue();
    }

    @Test
    void anAccountAttackedFromManyAddressesStillLetsItsOwnerInFromAFreshOne() {
        UserAccount victim = newUser();
        for (String address : List.of("127.0.1.10", "127.0.1.11", "127.0.1.12", "127.0.1.13")) {
            for (int i = 0; i < 5; i++) {
                signsIn(behindGateway(address), victim.email(), "Wrong-password-" + i);
            }
            assertThat(signsIn(behindGateway(address), victim.email(), PASSWORD)).as(address).isFalse();
        }
        assertThat(signsIn(behindGateway("127.0.1.14"), victim.email(), PASSWORD)).isTrue();
    }

    @Test
    void sprayingRandomAccountsFromManyAddressesLocksNobodyElse() {
        UserAccount user = newUser();
        for (int i = 0; i < 35; i++) {
            signsIn(behindGateway("127.0.2." + (10 + i)), "nobody-" + UUID.randomUUID() + "@example.com", PASSWORD);
        }
        assertThat(signsIn(behindGateway("127.0.2.100"), user.email(), PASSWORD)).isTrue();
    }

    @Test
    void aPeerThatIsNotTheGatewayCannotChooseItsAddress() {
        UserAccount victim = newUser();
        // A client on 127.0.0.5 pretends to be 127.0.0.6 by sending the gateway's header itself.
        Browser spoofer = at("127.0.0.5", Map.of("X-Forwarded-For", "127.0.0.6"));
        for (int i = 0; i < 5; i++) {
            assertThat(signsIn(spoofer, victim.email(), "Wrong-password-" + i)).isFalse();
        }
        // The failures were counted against 127.0.0.5, its real address: 127.0.0.6 (through the gateway) is untouched.
        assertThat(signsIn(behindGateway("127.0.0.6"), victim.email(), PASSWORD)).isTrue();
        assertThat(signsIn(at("127.0.0.5", Map.of()), victim.email(), PASSWORD)).isFalse();
    }

    @Test
    void overHttpsTheSessionCookieIsSecureAndTheLoginRedirectsStayOnHttps() {
        Map<String, String> https = Map.of("X-Forwarded-For", "127.0.0.7", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "skyport.example");
        HttpResponse<String> page = sending(https).get(server.uri("/login"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(sessionCookie(page)).contains("Secure").contains("HttpOnly").contains("SameSite=Lax");
        HttpResponse<String> toLogin = sending(https).get(server.uri("/oauth2/device_verification?user_code=ABCD-EFGH"));
        assertThat(Browser.location(toLogin)).startsWith("https://skyport.example/");

        // After the login, the saved request's redirect is https too.
        UserAccount user = newUser();
        HttpResponse<String> saved = sending(https).get(server.uri("/oauth2/device_verification?user_code=ABCD-EFGH"));
        String cookie = sessionCookie(saved).split(";")[0];
        Browser withSession = sending(Map.of("X-Forwarded-For", "127.0.0.7", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "skyport.example", "Cookie", cookie));
        HttpResponse<String> login = withSession.get(server.uri("/login"));
        HtmlForm form = HtmlForm.all(login.body()).get(0);
        HttpResponse<String> signedIn = withSession.post(server.uri("/login"), form.body() + "&"
                + ApiClient.form(Map.of("username", user.email(), "password", PASSWORD)));
        assertThat(Browser.location(signedIn)).startsWith("https://skyport.example/oauth2/device_verification");
        assertThat(sessionCookie(signedIn)).contains("Secure");

        // The same headers from a peer that is not the gateway change nothing: plain http, no Secure.
        HttpResponse<String> spoofed = at("127.0.0.5", https).get(server.uri("/login"));
        assertThat(sessionCookie(spoofed)).doesNotContain("Secure").contains("SameSite=Lax");
        HttpResponse<String> spoofedRedirect = at("127.0.0.5", https)
                .get(server.uri("/oauth2/device_verification?user_code=ABCD-EFGH"));
        assertThat(URI.create(Browser.location(spoofedRedirect)).getScheme()).isEqualTo("http");
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith("SESSION="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
    }
}
