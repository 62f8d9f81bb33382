package dev.skyport.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client (the JDK's) for an event socket such as {@code /ws/orders}, straight to a service or
 * through the gateway: collects the JSON frames in order, the pings and the close.
 */
public final class EventSocketClient implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private volatile Instant closedAt;
    private volatile String closeReason;
    private WebSocket socket;

    /** Connects with the access token on the upgrade request (none when null). */
    public static EventSocketClient connect(URI uri, String token) {
        return connect(withBearer(token), uri);
    }

    /** Connects with a builder the caller set up (its client, headers). */
    public static EventSocketClient connect(WebSocket.Builder builder, URI uri) {
        EventSocketClient client = new EventSocketClient();
        client.socket = builder.connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, client).join();
        return client;
    }

    /** The handshake's HTTP status when the server refuses the upgrade; 101 when it accepts it. */
    public static int refusedWith(URI uri, String token) {
        return handshakeStatus(withBearer(token), uri);
    }

    private static WebSocket.Builder withBearer(String token) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    /** The handshake's HTTP status: the refusal's, or 101 when the upgrade is accepted (the socket is then dropped). */
    public static int handshakeStatus(WebSocket.Builder builder, URI uri) {
        try {
            connect(builder, uri).socket().abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            events.add(JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        webSocket.request(1);
        return null; // the JDK answers with a pong
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedAt = Instant.now();
        closeReason = reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closedAt = Instant.now();
        closed.completeExceptionally(error);
    }

    public WebSocket socket() {
        return socket;
    }

    public int pings() {
        return pings.get();
    }

    /** The next frame, or null after {@code timeout}. */
    public JsonNode next(Duration timeout) {
        try {
            return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next frame, failing after {@code limit}. */
    public JsonNode expect(Duration limit) {
        return expect(event -> true, limit);
    }

    /** The next frame that matches (others are skipped), failing after {@code limit}. */
    public JsonNode expect(Predicate<JsonNode> wanted, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonNode event = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (event == null) {
                throw new AssertionError("no matching frame within " + limit
                        + (closed.isDone() ? " (socket closed: " + closed.handle((c, t) -> c != null ? c : t).join() + ")" : ""));
            }
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** Frames until one matches {@code last} (inclusive), failing after {@code timeout}. */
    public List<JsonNode> until(Predicate<JsonNode> last, Duration timeout) {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode event = next(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (event == null) {
                break;
            }
            seen.add(event);
            if (last.test(event)) {
                return seen;
            }
        }
        throw new AssertionError("no matching event within " + timeout + "; saw " + seen);
    }

    /** Frames received so far and not taken. */
    public List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }

    /** The close code, waiting up to {@code timeout}. */
    public int closeCode(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + timeout + ": " + e, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public Instant closedAt() {
        return closedAt;
    }

    public String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        if (!closed.isDone() && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        socket.abort();
    }
}
