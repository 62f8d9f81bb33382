package dev.skyport.gateway.websocket;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.gateway.GatewayProperties;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The client side of proxied WebSockets: frame limit (1009 past it), idle timeout (closed 1000 "idle timeout"),
 * maximum connection age (closed 1001 so the client reconnects, possibly to another replica), and closing
 * every open session with 1001 on shutdown.
 */
public class EdgeWebSocketService implements WebSocketService {

    private final WebSocketService handshake;
    private final long idleNanos;
    private final long maxAgeNanos;
    private final Duration checkEvery;
    private final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();

    public EdgeWebSocketService(GatewayProperties.WebSocket config) {
        this.handshake = new HandshakeWebSocketService(new EventLoopUpgradeStrategy(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(config.maxFrameSize()))));
        this.idleNanos = config.idleTimeout().toNanos();
        this.maxAgeNanos = config.maxConnectionAge().toNanos();
        long shortest = Math.min(idleNanos, maxAgeNanos);
        this.checkEvery = Duration.ofNanos(Math.clamp(shortest / 10, 50_000_000L, 30_000_000_000L));
    }

    @Override
    public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
        WebSocketCap.Slot slot = exchange.getAttribute(WebSocketCap.SLOT);
        return handshake.handleRequest(exchange, new WebSocketHandler() {
            @Override
            public java.util.List<String> getSubProtocols() {
                return handler.getSubProtocols();
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                if (slot == null) {
                    return supervise(session, handler);
                }
                // The user's place is held for as long as the session lives.
                slot.hold();
                return supervise(session, handler).doFinally(signal -> slot.release());
            }
        });
    }

    private Mono<Void> supervise(WebSocketSession session, WebSocketHandler handler) {
        long opened = System.nanoTime();
        long[] lastActivity = { opened };
        ActivityTrackingSession tracked = new ActivityTrackingSession(session, () -> lastActivity[0] = System.nanoTime());
        open.add(session);
        Disposable watchdog = Flux.interval(checkEvery).subscribe(tick -> {
            long now = System.nanoTime();
            if (now - lastActivity[0] > idleNanos) {
                session.close(new CloseStatus(1000, "idle timeout")).subscribe();
            }
            else if (now - opened > maxAgeNanos) {
                session.close(new CloseStatus(1001, "maximum connection age")).subscribe();
            }
        });
        return handler.handle(tracked).doFinally(signal -> {
            watchdog.dispose();
            open.remove(session);
        });
    }

    /** Closes every open session with 1001 (going away); called when the gateway shuts down. */
    public Mono<Void> closeAll() {
        return Flux.fromIterable(Set.copyOf(open))
                .flatMap(session -> session.close(new CloseStatus(1001, "gateway shutting down")).onErrorComplete())
                .then();
    }

    public int openSessions() {
        return open.size();
    }

    /** Notes every message in either direction, so idleness means silence both ways. */
    private static final class ActivityTrackingSession extends DelegatingWebSocketSession {

        private final Runnable touch;

        ActivityTrackingSession(WebSocketSession delegate, Runnable touch) {
            super(delegate);
            this.touch = touch;
        }

        @Override
        public Flux<WebSocketMessage> receive() {
            return super.receive().doOnNext(message -> touch.run());
        }

        @Override
        public Mono<Void> send(org.reactivestreams.Publisher<WebSocketMessage> messages) {
            return super.send(Flux.from(messages).doOnNext(message -> touch.run()));
        }
    }
}
