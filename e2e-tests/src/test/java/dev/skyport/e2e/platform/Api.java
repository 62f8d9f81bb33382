package dev.skyport.e2e.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
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
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient http;

    Api(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    URI base() {
        return base;
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    HttpClient http() {
        return http;
    }

    Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    Response postJson(String path, String token, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        return send(request.build());
    }

    Response postForm(String path, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build());
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    Response send(HttpRequest request) {
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

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> fields(String... keysAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }

    /** One answer; {@link #json()} parses the body. */
    record Response(int status, HttpResponse<String> raw, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return raw.request().method() + " " + raw.request().uri().getPath() + " -> " + status + " "
                    + contentType() + " " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }
}
