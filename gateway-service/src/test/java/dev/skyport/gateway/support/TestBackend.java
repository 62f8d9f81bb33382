package dev.skyport.gateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP + WebSocket server standing in for a Skyport service: echoes what it received (method, path,
 * headers, body size) as JSON, can answer slowly or with a chosen status, counts hits per path, and can be
 * stopped and restarted on the same port to play a dead backend.
 */
public final class TestBackend implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final boolean keepAlive;
    private volatile DisposableServer server;
    private int port;

    private TestBackend(boolean keepAlive) {
        this.keepAlive = keepAlive;
    }

    public static TestBackend start() {
        return start(true);
    }

    /** keepAlive=false closes every connection after its answer, so a stopped backend is dead at once. */
    public static TestBackend start(boolean keepAlive) {
        TestBackend backend = new TestBackend(keepAlive);
        backend.bind(0);
        return backend;
    }

    private void bind(int wanted) {
        server = HttpServer.create().host("127.0.0.1").port(wanted)
                .route(routes -> routes
                        // ?handshakeDelayMs=N answers the upgrade N ms late: a slow service (or a slow connect)
                        // leaves the gateway's client-facing socket open while its upstream socket is not.
                        .route(request -> request.method().name().equals("GET")
                                && "/ws/orders".equals(request.fullPath()), (request, response) -> {
                            long delayMs = queryLong(request.uri(), "handshakeDelayMs");
                            return Mono.delay(Duration.ofMillis(delayMs))
                                    .then(response.sendWebsocket(TestBackend::ordersSocket));
                        })
                        .route(request -> true, this::handle))
                .bindNow(Duration.ofSeconds(10));
        port = server.port();
    }

    /** Greets with the Authorization header it received, then echoes every text frame as "echo:<text>". */
    private static org.reactivestreams.Publisher<Void> ordersSocket(reactor.netty.http.websocket.WebsocketInbound in,
            reactor.netty.http.websocket.WebsocketOutbound out) {
        String auth = in.headers().get("Authorization");
        String hello = "{\"authorization\":\"" + (auth == null ? "" : auth) + "\"}";
        reactor.core.publisher.Flux<String> echoes = in.receive().asString().map(s -> "echo:" + s);
        return out.sendString(Mono.just(hello)).then(out.sendString(echoes).then());
    }

    private static long queryLong(String uri, String name) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return 0;
        }
        for (String pair : uri.substring(q + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return Long.parseLong(pair.substring(name.length() + 1));
            }
        }
        return 0;
    }

    private org.reactivestreams.Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        String path = request.fullPath();
        hits.computeIfAbsent(request.method().name() + " " + path, k -> new AtomicInteger()).incrementAndGet();
        hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
            Mono<Void> delay = Mono.empty();
            int marker = path.indexOf("/delay/");
            if (marker >= 0) {
                long ms = Long.parseLong(path.substring(marker + 7).split("/")[0]);
                delay = Mono.delay(Duration.ofMillis(ms)).then();
            }
            int statusAt = path.indexOf("/status/");
            int status = statusAt >= 0 ? Integer.parseInt(path.substring(statusAt + 8).split("/")[0]) : 200;
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("method", request.method().name());
            echo.put("uri", request.uri());
            echo.put("path", path);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            request.requestHeaders().forEach(e -> headers.merge(e.getKey(), e.getValue(), (a, b) -> a + "," + b));
            echo.put("headers", headers);
            echo.put("bodyBytes", body.length);
            byte[] out = JSON.writeValueAsString(echo).getBytes(StandardCharsets.UTF_8);
            return delay.then(response.status(HttpResponseStatus.valueOf(status))
                    .header("Content-Type", "application/json")
                    .header("Connection", keepAlive ? "keep-alive" : "close")
                    .header("Keep-Alive", keepAlive ? "timeout=5" : "timeout=0")
                    .header("X-Backend", "test")
                    .sendByteArray(Mono.just(out)).then());
        });
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int hits(String methodAndPath) {
        AtomicInteger count = hits.get(methodAndPath);
        return count == null ? 0 : count.get();
    }

    /** Stops listening: connections are refused, as with a crashed service. */
    public void stop() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    /** Listens again on the same port. */
    public void restart() {
        bind(port);
    }

    @Override
    public void close() {
        if (server != null && !server.isDisposed()) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }
}
