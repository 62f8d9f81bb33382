package dev.skyport.users.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.Browser;
import dev.skyport.testsupport.Pkce;
import tools.jackson.databind.JsonNode;

/**
 * The OAuth2 flows as a client performs them, over real HTTP: the browser's side with {@link Browser} (one hop at a
 * time, so a test sees every redirect), the client's side as form posts and bearer GETs that ask for JSON.
 */
public final class Flows {

    static final String CLI = "skyport-cli";
    static final String SERVICE = "skyport-service";
    public static final String SERVICE_SECRET = "it-service-secret-0123456789abcdef";
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private Flows() {
    }

    public record Tokens(String accessToken, String refreshToken, String idToken, JsonNode body) {
        public static Tokens of(HttpResponse<String> response) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = json(response);
            return new Tokens(text(body, "access_token"), text(body, "refresh_token"), text(body, "id_token"), body);
        }

        private static String text(JsonNode body, String field) {
            return body.hasNonNull(field) ? body.get(field).asString() : null;
        }
    }

    static String authorizeUrl(String baseUrl, String redirectUri, String scope, String state, Pkce pkce) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", CLI);
        query.put("redirect_uri", redirectUri);
        query.put("scope", scope);
        query.put("state", state);
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        return baseUrl + "/oauth2/authorize?" + ApiClient.form(query);
    }

    /**
     * The whole authorization-code + PKCE flow with a fresh browser: authorize → login page → credentials →
     * back to authorize → code at the loopback listener → token exchange with the code verifier.
     */
    public static Tokens authorizationCode(String baseUrl, String email, String password, String scope) {
        return authorizationCode(new Browser(URI.create(baseUrl)), baseUrl, baseUrl, email, password, scope);
    }

    /** The same flow where the login happens on one replica and the rest on another. */
    static Tokens authorizationCode(Browser browser, String loginBaseUrl, String continueBaseUrl, String email,
            String password, String scope) {
        Pkce pkce = Pkce.create();
        String state = "st-" + RANDOM.nextInt(1_000_000);
        try (Loopback loopback = Loopback.start()) {
            HttpResponse<String> authorize = browser.get(
                    URI.create(authorizeUrl(loginBaseUrl, loopback.redirectUri(), scope, state, pkce)));
            assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
            assertThat(Browser.location(authorize)).endsWith("/login");

            HttpResponse<String> login = signIn(browser, loginBaseUrl, email, password);
            assertThat(login.statusCode()).isEqualTo(302);
            String continuation = Browser.location(login);
            assertThat(continuation).contains("/oauth2/authorize");

            String resumed = continueBaseUrl + continuation.substring(continuation.indexOf("/oauth2/authorize"));
            HttpResponse<String> code = browser.get(URI.create(resumed));
            assertThat(code.statusCode()).as(code.body()).isEqualTo(302);
            assertThat(Browser.location(code)).startsWith(loopback.redirectUri());

            HttpResponse<String> callback = browser.get(URI.create(Browser.location(code)));
            assertThat(callback.statusCode()).isEqualTo(200);
            assertThat(loopback.received()).containsEntry("state", state).containsKey("code");

            return Tokens.of(exchangeCode(continueBaseUrl, loopback.received().get("code"), loopback.redirectUri(),
                    pkce.verifier()));
        }
    }

    static HttpResponse<String> exchangeCode(String baseUrl, String code, String redirectUri, String verifier) {
        return postForm(baseUrl + "/oauth2/token", Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", redirectUri,
                "client_id", CLI,
                "code_verifier", verifier));
    }

    static HttpResponse<String> refresh(String baseUrl, String refreshToken) {
        return postForm(baseUrl + "/oauth2/token", Map.of(
                "grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", CLI));
    }

    public static HttpResponse<String> clientCredentials(String baseUrl, String scope) {
        return postForm(baseUrl + "/oauth2/token",
                Map.of("grant_type", "client_credentials", "scope", scope), SERVICE, SERVICE_SECRET);
    }

    static JsonNode introspect(String baseUrl, String token) {
        HttpResponse<String> response = postForm(baseUrl + "/oauth2/introspect",
                Map.of("token", token), SERVICE, SERVICE_SECRET);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    /** Opens the login page, then posts the credentials with the page's CSRF token. Returns the post's answer. */
    public static HttpResponse<String> signIn(Browser browser, String baseUrl, String email, String password) {
        HttpResponse<String> page = browser.get(URI.create(baseUrl + "/login"));
        if (page.statusCode() != 200) {
            throw new AssertionError("login page answered " + page.statusCode());
        }
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new AssertionError("login page has no CSRF token: " + page.body());
        }
        return browser.post(URI.create(baseUrl + "/login"),
                ApiClient.form(Map.of("username", email, "password", password, "_csrf", csrf.group(1))));
    }

    /** A form post as an API client makes it (a fresh client, JSON asked for). */
    static HttpResponse<String> postForm(String url, Map<String, String> form) {
        return postForm(url, form, null);
    }

    static HttpResponse<String> postForm(String url, Map<String, String> form, String basicUser, String basicPassword) {
        String credentials = Base64.getEncoder().encodeToString(
                (basicUser + ":" + basicPassword).getBytes(StandardCharsets.UTF_8));
        return postForm(url, form, "Basic " + credentials);
    }

    private static HttpResponse<String> postForm(String url, Map<String, String> form, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.form(form)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return new Browser(URI.create(url)).send(request);
    }

    static HttpResponse<String> getWithBearer(String url, String token) {
        return new Browser(URI.create(url)).send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET());
    }

    static JsonNode json(HttpResponse<String> response) {
        return ApiClient.JSON.readTree(response.body());
    }
}
