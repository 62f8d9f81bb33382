package dev.skyport.testsupport;

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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP proxy in front of a real server (the engine, usually): forwards every request unchanged and
 * records each exchange, so a test can see what its client really sent (signatures, targets) and what came back.
 * An observer, if given, sees each exchange before its answer goes back to the client.
 */
public final class RecordingProxy implements AutoCloseable {

    /** One request as the client sent it and the answer it got (502, empty, when the server was unreachable). */
    public record Exchange(String method, String path, Map<String, List<String>> requestHeaders, byte[] requestBody,
                           int status, byte[] responseBody) {

        /** The first value of a request header, by name in any case; null when absent. */
        public String header(String name) {
            List<String> values = requestHeaders.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        public String requestText() {
            return new String(requestBody, StandardCharsets.UTF_8);
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final URI target;
    private final Consumer<Exchange> observer;

    public RecordingProxy(URI target) throws IOException {
        this(target, exchange -> { });
    }

    public RecordingProxy(URI target, Consumer<Exchange> observer) throws IOException {
        this.target = target;
        this.observer = observer;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::forward);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    public void clear() {
        exchanges.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> forward.header(name, value));
            }
        });
        int status = 502;
        byte[] answer = new byte[0];
        try {
            HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            status = response.statusCode();
            answer = response.body();
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
        } catch (IOException e) {
            // The server is gone: answer as an unreachable upstream would.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Exchange recorded = new Exchange(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                java.util.Collections.unmodifiableMap(headers), body, status, answer);
        exchanges.add(recorded);
        observer.accept(recorded);
        respond(exchange, status, answer);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (InputStream ignored = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                out.write(body);
            }
        }
    }
}
