package dev.skyport.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;

import dev.skyport.e2e.platform.Login;
import dev.skyport.e2e.platform.Platform;
import dev.skyport.e2e.platform.Walkthrough;
import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.Browser;

/**
 * Device-flow account takeover by one link (contract C1): the attacker starts a device authorization and sends the
 * victim the {@code verification_uri_complete}; opening it, signed in or not, must never approve. Only an explicit,
 * CSRF-protected POST from a page naming the client and the scopes does.
 */
@ExtendWith(SharedPlatform.class)
@Order(4)
class DeviceFlowAttackIT {

    private static final String SCOPES = "profile orders:read orders:write";
    private static final Pattern APPROVE = Pattern.compile("(?i)approve|allow");
    private static final Pattern DENY = Pattern.compile("(?i)deny|cancel");

    private static ApiClient attacker;
    private static ApiClient victimClient;
    private static String victimEmail;
    private static String victimPassword;

    @BeforeAll
    static void victimSignsUp() {
        attacker = SharedPlatform.client();
        victimClient = SharedPlatform.client();
        victimEmail = Walkthrough.newEmail("victim");
        victimPassword = "Victim-password-" + System.nanoTime();
        assertThat(Walkthrough.signUp(victimClient, victimEmail, victimPassword, "Victim").status()).isEqualTo(202);
    }

    /** The attacker's terminal: a device authorization as the public CLI client. */
    private static JsonNode startDeviceAuthorization() {
        ApiClient.Response answer = attacker.postForm("/oauth2/device_authorization",
                ApiClient.fields("client_id", Login.CLIENT_ID, "scope", SCOPES));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("verification_uri_complete").asString()).contains("user_code=");
        return answer.json();
    }

    private static ApiClient.Response poll(JsonNode device) {
        // The device's polling interval, as RFC 8628 asks of a client (polling faster may get slow_down).
        Platform.sleep(Duration.ofSeconds(device.path("interval").asLong(5)));
        return attacker.postForm("/oauth2/token", ApiClient.fields("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "device_code", device.path("device_code").asString(), "client_id", Login.CLIENT_ID));
    }

    private static void assertPollAnswers(JsonNode device, String error) {
        ApiClient.Response answer = poll(device);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().path("error").asString()).as(answer.toString()).isEqualTo(error);
    }

    /** The victim's browser: opens the link, signs in on the real login page when asked, ends on the page shown. */
    private static Browser.Page victimOpens(Browser browser, URI link) {
        Browser.Page page = Login.signIn(browser, browser.open(link), victimEmail, victimPassword);
        assertThat(page.leftTo()).as("the browser stays on the platform: %s", page.uri()).isNull();
        return page;
    }

    /**
     * From the page behind the link to the approval page, with GETs only, as a victim clicking through would: a page
     * that asks for the code (already filled in) is submitted by its GET form. Every step is a GET, so none may
     * approve.
     */
    private static Browser.Page throughCodeForm(Browser browser, Browser.Page page) {
        for (int step = 0; step < 3 && !hasButton(page, APPROVE); step++) {
            Element codeForm = page.document().selectFirst("form:has(input[name=user_code]:not([type=hidden]))");
            if (codeForm == null || !codeForm.attr("method").equalsIgnoreCase("get")) {
                break;
            }
            page = browser.submit(page, codeForm, Map.of());
        }
        return page;
    }

    private static boolean hasButton(Browser.Page page, Pattern label) {
        return page.document().select("form button, form input[type=submit]").stream()
                .anyMatch(b -> label.matcher(b.text() + " " + b.val()).find());
    }

    /** The form whose submit button (or the form itself) reads like the pattern, and the button's name/value. */
    private static Choice choice(Browser.Page page, Pattern label) {
        for (Element button : page.document().select("form button, form input[type=submit]")) {
            String text = button.tagName().equals("button") ? button.text() + " " + button.val() : button.val();
            if (label.matcher(text).find()) {
                Element form = button.closest("form");
                Map<String, String> values = new LinkedHashMap<>();
                if (button.hasAttr("name")) {
                    values.put(button.attr("name"), button.val());
                }
                return new Choice(form, values);
            }
        }
        throw new AssertionError("no button matching " + label + " on " + page.uri() + " (" + page.status() + "):\n" + page.body());
    }

    record Choice(Element form, Map<String, String> button) {
    }

    @Test
    void openingTheVerificationLinkNeverApprovesTheAttackersDevice() {
        // Attack: one link. Before the fix the page behind the link approved with a GET (no confirmation, no client or
        // scopes shown), so a signed-in victim who clicked handed the attacker's terminal tokens for their account.
        JsonNode device = startDeviceAuthorization();
        URI link = URI.create(device.path("verification_uri_complete").asString());
        String userCode = device.path("user_code").asString();
        Browser victim = new Browser(victimClient.base(), victimClient.from());

        victimOpens(victim, link);                               // not signed in yet (a login on the way if asked)
        Login.signIn(victim, victim.open(victimClient.uri("/login")), victimEmail, victimPassword);
        victim.open(victimClient.uri("/oauth2/device_verification?user_code=" + userCode)); // the endpoint itself, by GET
        Browser.Page page = throughCodeForm(victim, victim.open(link)); // and the link again, surely signed in

        assertPollAnswers(device, "authorization_pending");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.document().text()).contains(Login.CLIENT_ID).contains("orders:read").contains("orders:write")
                .contains("profile");
        Choice approve = choice(page, APPROVE);
        Choice deny = choice(page, DENY);
        for (Choice each : new Choice[] {approve, deny}) {
            assertThat(each.form().attr("method")).as("an explicit POST").isEqualToIgnoringCase("post");
            assertThat(each.form().select("input[type=hidden][name=_csrf]")).as("a CSRF token").hasSize(1);
        }

        // Attack: the approve form posted cross-site, without the token.
        Map<String, String> forged = new LinkedHashMap<>(approve.button());
        approve.form().select("input[name]").stream().filter(i -> !i.attr("name").equals("_csrf")
                && !i.attr("type").equals("submit")).forEach(i -> forged.put(i.attr("name"), i.val()));
        URI action = page.uri().resolve(approve.form().attr("action").isBlank() ? page.uri().getPath() : approve.form().attr("action"));
        HttpResponse<String> withoutCsrf = victim.post(action, ApiClient.form(forged));
        assertThat(withoutCsrf.statusCode()).as(withoutCsrf.body()).isEqualTo(403);
        assertPollAnswers(device, "authorization_pending");

        Browser.Page denied = victim.submit(page, deny.form(), deny.button());
        assertThat(denied.status()).as(denied.body()).isLessThan(500);
        assertPollAnswers(device, "access_denied");
    }

    @Test
    void approvesTheDeviceOnlyOnTheExplicitPost() {
        // The legitimate flow still works: the user confirms on the page and the device gets its tokens.
        JsonNode device = startDeviceAuthorization();
        Browser victim = new Browser(victimClient.base(), victimClient.from());
        Login.signIn(victim, victim.open(victimClient.uri("/login")), victimEmail, victimPassword);
        Browser.Page page = throughCodeForm(victim, victimOpens(victim,
                URI.create(device.path("verification_uri_complete").asString())));
        assertPollAnswers(device, "authorization_pending");

        Choice approve = choice(page, APPROVE);
        Browser.Page approved = victim.submit(page, approve.form(), approve.button());

        assertThat(approved.status()).as(approved.body()).isLessThan(400);
        ApiClient.Response tokens = poll(device);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        String accessToken = tokens.json().path("access_token").asString();
        ApiClient.Response me = victimClient.get("/api/users/me", accessToken);
        assertThat(me.json().path("email").asString()).as(me.toString()).isEqualTo(victimEmail);
    }
}
