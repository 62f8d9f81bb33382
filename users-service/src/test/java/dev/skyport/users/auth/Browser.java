package dev.skyport.users.auth;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client that behaves like a browser where the flows need one (a cookie jar, text/html) but follows
 * no redirect by itself, so a test sees every hop.
 */
final class Browser {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http;

    Browser() {
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET());
    }

    HttpResponse<String> getWithBearer(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").GET());
    }

    /** A form post as an API client makes it (expects JSON). */
    HttpResponse<String> postForm(String url, Map<String, String> form) {
        return postFormAs(url, form, null, "application/json");
    }

    HttpResponse<String> postForm(String url, Map<String, String> form, String basicUser, String basicPassword) {
        String credentials = Base64.getEncoder().encodeToString(
                (basicUser + ":" + basicPassword).getBytes(StandardCharsets.UTF_8));
        return postFormAs(url, form, "Basic " + credentials, "application/json");
    }

    private HttpResponse<String> postFormAs(String url, Map<String, String> form, String authorization, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** Opens the login page, then posts the credentials with the page's CSRF token. Returns the post's answer. */
    HttpResponse<String> signIn(String baseUrl, String email, String password) {
        HttpResponse<String> page = get(baseUrl + "/login");
        if (page.statusCode() != 200) {
            throw new AssertionError("login page answered " + page.statusCode());
        }
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new AssertionError("login page has no CSRF token: " + page.body());
        }
        return postFormAs(baseUrl + "/login", Map.of("username", email, "password", password, "_csrf", csrf.group(1)),
                null, "text/html");
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location in a " + response.statusCode() + " answer"));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
