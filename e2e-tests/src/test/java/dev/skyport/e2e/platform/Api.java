package dev.skyport.e2e.platform;

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
import java.util.Optional;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain API client of the gateway: JSON in and out, a bearer token when given, no redirects followed. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final InetAddress from;
    private final HttpClient http;

    public Api(URI base) {
        this(base, null);
    }

    /** A client whose sockets are bound to this local address (127.0.0.2, ...): the edge sees another client. */
    public Api(URI base, InetAddress from) {
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
        return send(request(path, token).GET().build());
    }

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

    /** One answer; {@link #json()} parses the body. */
    public record Response(int status, HttpResponse<String> raw, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return raw.request().method() + " " + raw.request().uri().getPath() + " -> " + status + " "
                    + contentType() + " " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }
}
