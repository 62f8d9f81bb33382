package dev.skyport.gateway.websocket;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;

import io.netty.channel.EventLoop;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Performs the WebSocket upgrade on the client connection's own event loop.
 *
 * <p>Why: Reactor Netty writes the 101 on the event loop and switches the connection from its HTTP operations to
 * its WebSocket operations in a listener on that write. When the upgrade is started from another thread (here it
 * usually is: the request arrives at the routing filter on a Lettuce thread after the Redis rate-limit call, or on
 * a timer thread), the write can complete before that listener is attached, and Netty then runs the listener as a
 * later event-loop task. A frame the client sends as soon as it has the 101 can be read in between: it goes to the
 * finished HTTP request's inbound, which drops it ({@code FluxReceive: [terminated=true] dropping frame}). Started
 * on the event loop, the write, the switch and the first read of a frame cannot interleave.
 */
final class EventLoopUpgradeStrategy implements RequestUpgradeStrategy {

    private final RequestUpgradeStrategy delegate;

    EventLoopUpgradeStrategy(RequestUpgradeStrategy delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, @Nullable String subProtocol,
            Supplier<HandshakeInfo> handshakeInfoFactory) {
        EventLoop loop = eventLoopOf(exchange);
        Mono<Void> upgrade = Mono.defer(() -> delegate.upgrade(exchange, handler, subProtocol, handshakeInfoFactory));
        if (loop == null) {
            return upgrade;
        }
        // Commit first (its actions may finish on any thread), then hand the handshake itself to the event loop;
        // the delegate's own setComplete() is then a no-op and the handshake runs in one event-loop task.
        return exchange.getResponse().setComplete()
                .then(Mono.defer(() -> loop.inEventLoop() ? upgrade : upgrade.subscribeOn(Schedulers.fromExecutor(loop))));
    }

    private static @Nullable EventLoop eventLoopOf(ServerWebExchange exchange) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        return nativeRequest instanceof Connection connection ? connection.channel().eventLoop() : null;
    }
}
