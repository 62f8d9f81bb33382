package dev.skyport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client of a Skyport JSON API, a service's or the gateway's (the JDK's HttpClient, HTTP/1.1): a bearer
 * token when given, JSON in and out, no redirect followed, so a test sees each answer as a client would.
 */
public final class ApiClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final InetAddress from;
    private final HttpClient http;

    public ApiClient(URI base) {
        this(base, null);
    }

    /** A client whose sockets are bound to this local address (127.0.0.2, ...): the server sees another client. */
    public ApiClient(URI base, InetAddress from) {
        this.base = base;
        this.from = from;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        if (from != null) {
            builder.localAddress(from);
        }
        this.http = builder.build();
    }

    /** The local address the client's sockets are bound to, or null for the system's choice. */
    public InetAddress from() {
        return from;
    }

    public URI base() {
        return base;
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    public HttpClient http() {
        return http;
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Response get(String path, String token, Map<String, String> headers) {
        return send("GET", path, token, null, headers);
    }

    public Response post(String path, String token, String json) {
        return send("POST", path, token, json, Map.of());
    }

    public Response post(String path, String token, String json, Map<String, String> headers) {
        return send("POST", path, token, json, headers);
    }

    /** A JSON POST asking for JSON or a problem back; the body is a JSON string or an object to write as JSON. */
    public Response postJson(String path, String token, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        return send(request.build());
    }

    public Response postForm(String path, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build());
    }

    /** Any method; a body is sent as JSON unless the headers name another Content-Type. */
    public Response send(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /** A request to build on: the bearer token when given, and JSON or a problem asked for. */
    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static Map<String, String> fields(String... keysAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }

    /** One answer; {@link #json()} parses the body (null when there is none). */
    public record Response(int status, HttpResponse<String> http, String body) {

        public JsonNode json() {
            return body == null || body.isEmpty() ? null : JSON.readTree(body);
        }

        /** The first value of a response header, or null. */
        public String header(String name) {
            return http.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return http.headers().firstValue("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return http.request().method() + " " + http.request().uri().getPath() + " -> " + status + " "
                    + contentType() + " " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }
}
