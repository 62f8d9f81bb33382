package dev.skyport.users.user;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens from the service's own authorization server, over real HTTP: the authorization-code + PKCE flow
 * of the {@code skyport-cli} client through the login form for users, client credentials of
 * {@code skyport-service} for service calls. The code is read from the redirect's Location; nothing listens on
 * the loopback redirect URI.
 */
final class RealTokens {

    private static final String CLI = "skyport-cli";
    private static final String REDIRECT_URI = "http://127.0.0.1:8765/callback";
    private static final String SERVICE = "skyport-service";
    static final String SERVICE_SECRET = "it-service-secret-0123456789abcdef";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String baseUrl;

    RealTokens(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Signs in as this user and returns an access token with these scopes (space separated). */
    String user(String email, String password, String scope) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String state = "state-" + RANDOM.nextInt(1_000_000);
        String authorize = baseUrl + "/oauth2/authorize?" + form(Map.of("response_type", "code", "client_id", CLI,
                "redirect_uri", REDIRECT_URI, "scope", scope, "state", state,
                "code_challenge", challenge(verifier), "code_challenge_method", "S256"));

        HttpResponse<String> toLogin = send(browser, HttpRequest.newBuilder(URI.create(authorize)).header("Accept", "text/html").GET());
        expect(toLogin, 302);
        HttpResponse<String> page = send(browser, HttpRequest.newBuilder(URI.create(baseUrl + "/login")).header("Accept", "text/html").GET());
        expect(page, 200);
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new AssertionError("the login page has no CSRF token");
        }
        HttpResponse<String> signedIn = send(browser, HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", email, "password", password,
                        "_csrf", csrf.group(1))))));
        expect(signedIn, 302);
        String continuation = location(signedIn);
        if (!continuation.contains("/oauth2/authorize")) {
            throw new AssertionError("sign-in did not continue to the authorization endpoint: " + continuation);
        }
        HttpResponse<String> redirect = send(browser, HttpRequest.newBuilder(URI.create(
                baseUrl + continuation.substring(continuation.indexOf("/oauth2/authorize")))).header("Accept", "text/html").GET());
        expect(redirect, 302);
        String callback = location(redirect);
        if (!callback.startsWith(REDIRECT_URI)) {
            throw new AssertionError("no code: " + callback);
        }
        Map<String, String> query = query(URI.create(callback).getRawQuery());
        if (!state.equals(query.get("state")) || query.get("code") == null) {
            throw new AssertionError("bad callback: " + callback);
        }
        return token(Map.of("grant_type", "authorization_code", "code", query.get("code"),
                "redirect_uri", REDIRECT_URI, "client_id", CLI, "code_verifier", verifier), null);
    }

    /** Whether the login form accepts these credentials (it continues to the authorization endpoint). */
    boolean canSignIn(String email, String password) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> page = send(browser, HttpRequest.newBuilder(URI.create(baseUrl + "/login")).header("Accept", "text/html").GET());
        expect(page, 200);
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new AssertionError("the login page has no CSRF token");
        }
        HttpResponse<String> signedIn = send(browser, HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", email, "password", password,
                        "_csrf", csrf.group(1))))));
        expect(signedIn, 302);
        return !location(signedIn).contains("error");
    }

    /** A client-credentials token of the service client. */
    String service(String scope) {
        String basic = Base64.getEncoder().encodeToString((SERVICE + ":" + SERVICE_SECRET).getBytes(StandardCharsets.UTF_8));
        return token(Map.of("grant_type", "client_credentials", "scope", scope), "Basic " + basic);
    }

    private String token(Map<String, String> parameters, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = send(HttpClient.newHttpClient(), request);
        expect(response, 200);
        return JsonMapper.shared().readTree(response.body()).get("access_token").asString();
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().uri().getPath() + " answered " + response.statusCode()
                    + " instead of " + status + ": " + response.body());
        }
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
