package dev.skyport.starter.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A loopback HTTP proxy in front of the engine: forwards every request unchanged and records what came in. */
final class RecordingProxy implements AutoCloseable {

    /** One request as the SDK sent it. */
    record Call(String target, String authorization, String securityToken, String body) {
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final URI target;

    RecordingProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    void clear() {
        calls.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        calls.add(new Call(exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"),
                new String(body, StandardCharsets.UTF_8)));
        HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(20))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> forward.header(name, value));
            }
        });
        try {
            HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            respond(exchange, answer.statusCode(), answer.body());
        } catch (IOException e) {
            // The engine is gone: answer as an unreachable upstream would.
            respond(exchange, 502, new byte[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 502, new byte[0]);
        }
    }

    static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (InputStream ignored = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                out.write(body);
            }
        }
    }
}
