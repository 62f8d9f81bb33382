package dev.skyport.users.auth;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
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
public final class Browser {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http;
    private final Map<String, String> headers;

    public Browser() {
        this(null, Map.of());
    }

    /**
     * A browser whose connections leave from {@code localAddress} (null: the default, 127.0.0.1 towards the server)
     * and whose every request carries {@code headers}.
     */
    Browser(InetAddress localAddress, Map<String, String> headers) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10));
        if (localAddress != null) {
            builder.localAddress(localAddress);
        }
        this.http = builder.build();
        this.headers = Map.copyOf(headers);
    }

    /** A client at {@code clientAddress} behind the gateway: the trusted peer 127.0.0.1 forwarding its address. */
    static Browser behindGateway(String clientAddress) {
        return new Browser(null, Map.of("X-Forwarded-For", clientAddress));
    }

    /** A client whose socket is bound to {@code address}, sending {@code headers} of its own choosing. */
    static Browser at(String address, Map<String, String> headers) {
        try {
            return new Browser(InetAddress.getByName(address), headers);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** Follows redirects from {@code url} (GETs, as a browser does) to the first answer that is not one. */
    HttpResponse<String> open(String url) {
        HttpResponse<String> response = get(url);
        for (int hops = 0; hops < 10 && response.statusCode() / 100 == 3; hops++) {
            response = get(URI.create(url).resolve(location(response)).toString());
            url = response.uri().toString();
        }
        return response;
    }

    /** Posts an URL-encoded form body as a browser submits it (expects HTML). */
    HttpResponse<String> submit(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
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
    public HttpResponse<String> signIn(String baseUrl, String email, String password) {
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

    public static String location(HttpResponse<?> response) {
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
        headers.forEach(request::header);
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
