package dev.skyport.e2e.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/** A client of the gateway's {@code /ws/orders}: the JDK's WebSocket, frames collected in a queue. */
public final class OrderEvents implements AutoCloseable {

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> events;
    private final CompletableFuture<Integer> closed;

    private OrderEvents(WebSocket socket, BlockingQueue<JsonNode> events, CompletableFuture<Integer> closed) {
        this.socket = socket;
        this.events = events;
        this.closed = closed;
    }

    /** Connects with a single-use ticket in the query string. */
    public static OrderEvents withTicket(HttpClient http, URI gateway, String ticket) {
        return connect(http.newWebSocketBuilder(), wsUri(gateway, "/ws/orders?ticket=" + ticket));
    }

    /** Connects with a single-use ticket, resuming after the event with this {@code id}. */
    public static OrderEvents withTicketAfter(HttpClient http, URI gateway, String ticket, String after) {
        return connect(http.newWebSocketBuilder(), wsUri(gateway, "/ws/orders?ticket=" + ticket + "&after=" + after));
    }

    /** Connects with the access token on the upgrade request. */
    public static OrderEvents withBearer(HttpClient http, URI gateway, String token) {
        return connect(http.newWebSocketBuilder().header("Authorization", "Bearer " + token),
                wsUri(gateway, "/ws/orders"));
    }

    /** The HTTP status with which the upgrade was refused, or fails if it was accepted. */
    public static int refusedUpgradeStatus(HttpClient http, WebSocket.Builder builder, URI uri) {
        try {
            WebSocket socket = builder.connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, new WebSocket.Listener() {
            }).join();
            socket.abort();
            throw new AssertionError("the upgrade to " + uri + " was accepted");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }

    public static URI wsUri(URI gateway, String pathAndQuery) {
        return URI.create(gateway.toString().replaceFirst("^http", "ws") + pathAndQuery);
    }

    private static OrderEvents connect(WebSocket.Builder builder, URI uri) {
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket = builder.connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    events.add(Api.JSON.readTree(text.toString()));
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        }).join();
        return new OrderEvents(socket, events, closed);
    }

    /**
     * Returns once events flow: the edge may finish the client's upgrade before its own socket to orders-service is
     * open, so an order placed at once can go unseen. Places probe orders until one's event arrives.
     */
    public OrderEvents awaitFlowing(Api api, String token) {
        for (int attempt = 0; attempt < 12; attempt++) {
            JsonNode probe = Walkthrough.createOrder(api, token, "probe-" + java.util.UUID.randomUUID());
            try {
                next(e -> probe.path("id").equals(e.path("order").path("id")), Duration.ofSeconds(5));
                return this;
            } catch (AssertionError notYet) {
                // the upstream socket may not be open yet: another probe
            }
        }
        throw new AssertionError("no order event arrived on the socket for a minute of probe orders");
    }

    /** The next frame, whatever it is, or fails after the limit. */
    public JsonNode next(Duration limit) {
        return next(e -> true, limit);
    }

    /** The next event matching the predicate (others are skipped), or fails after the limit. */
    public JsonNode next(Predicate<JsonNode> wanted, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (true) {
                JsonNode event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw new AssertionError("no matching order event within " + limit
                            + (closed.isDone() ? " (socket closed: " + closed.handle((c, t) -> c != null ? c : t).join() + ")" : ""));
                }
                if (wanted.test(event)) {
                    return event;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        socket.abort();
    }
}
