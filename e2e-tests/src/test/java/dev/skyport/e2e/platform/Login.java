package dev.skyport.e2e.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.Browser;
import dev.skyport.testsupport.Pkce;
import org.jsoup.nodes.Element;

import tools.jackson.databind.JsonNode;

/** Logging in through the gateway the way the CLI client {@code skyport-cli} does, over real HTTP. */
public final class Login {

    public static final String CLIENT_ID = "skyport-cli";
    public static final String REDIRECT_URI = "http://127.0.0.1:8765/callback";
    public static final String SCOPES = "openid profile orders:read orders:write offline_access";

    /** What the token endpoint answered. */
    public record Tokens(String accessToken, String refreshToken, String idToken, JsonNode raw) {

        public static Tokens of(ApiClient.Response response) {
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode json = response.json();
            return new Tokens(json.path("access_token").asString(), json.path("refresh_token").asString(null),
                    json.path("id_token").asString(null), json);
        }
    }

    private Login() {
    }

    /** Authorization code with PKCE: the authorize request, the login form, the code at the loopback redirect. */
    public static Tokens authorizationCode(ApiClient api, String email, String password) {
        Pkce pkce = Pkce.create();
        String state = Pkce.randomToken();
        URI authorize = api.uri("/oauth2/authorize?" + ApiClient.form(ApiClient.fields("response_type", "code", "client_id",
                CLIENT_ID, "redirect_uri", REDIRECT_URI, "scope", SCOPES, "state", state, "code_challenge",
                pkce.challenge(), "code_challenge_method", "S256")));
        Browser browser = new Browser(api.base(), api.from());
        Browser.Page page = browser.open(authorize);
        page = signIn(browser, page, email, password);
        assertThat(page.leftTo()).as("after signing in, the authorization server sends the browser to the CLI's"
                + " loopback redirect; last page %s (%s): %s", page.uri(), page.status(), page.body()).isNotNull();
        assertThat(page.leftTo().toString()).startsWith(REDIRECT_URI);
        Map<String, String> query = query(page.leftTo());
        assertThat(query).containsEntry("state", state).containsKey("code");
        return Tokens.of(api.postForm("/oauth2/token", ApiClient.fields("grant_type", "authorization_code", "code",
                query.get("code"), "redirect_uri", REDIRECT_URI, "client_id", CLIENT_ID,
                "code_verifier", pkce.verifier())));
    }

    /**
     * The user's side of the device flow: opens the verification page (with the code in it, as a phone scanning
     * the QR code would), signs in, and confirms the code where the page asks for it.
     */
    public static Browser.Page approveDevice(ApiClient api, URI verificationUri, String userCode, String email, String password) {
        Browser browser = new Browser(api.base(), api.from());
        Browser.Page page = browser.open(verificationUri);
        // Sign in, enter the code and consent, in whichever order the pages ask.
        for (int step = 0; step < 6 && page.leftTo() == null; step++) {
            if (page.hasFormWith("password")) {
                page = signIn(browser, page, email, password);
            } else if (page.hasFormWith("scope")) {
                page = browser.submit(page, page.formWith("scope"), Map.of());
            } else if (page.hasFormWith("user_code") && page.document().selectFirst("[name=user_code][type=hidden]") == null) {
                page = browser.submit(page, page.formWith("user_code"), Map.of("user_code", userCode));
            } else {
                break;
            }
        }
        return page;
    }

    /** Fills in the login form when the page is one (it has a password field); otherwise returns the page. */
    public static Browser.Page signIn(Browser browser, Browser.Page page, String email, String password) {
        if (page.leftTo() != null || !page.hasFormWith("password")) {
            return page;
        }
        assertThat(page.status()).as("login page %s", page.uri()).isEqualTo(200);
        Element form = page.formWith("password");
        Element user = form.selectFirst("input[name=username], input[type=email], input[name=email]");
        assertThat(user).as("a user name field in the login form on %s", page.uri()).isNotNull();
        return browser.submit(page, form, Map.of(user.attr("name"), email, "password", password));
    }

    public static Map<String, String> query(URI uri) {
        if (uri.getRawQuery() == null) {
            return Map.of();
        }
        return Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "", (a, b) -> a));
    }
}
