package dev.skyport.gateway.websocket;

import java.util.Map;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A WebSocketSession that forwards everything; subclasses override what they watch. */
class DelegatingWebSocketSession implements WebSocketSession {

    private final WebSocketSession delegate;

    DelegatingWebSocketSession(WebSocketSession delegate) {
        this.delegate = delegate;
    }

    @Override
    public String getId() {
        return delegate.getId();
    }

    @Override
    public HandshakeInfo getHandshakeInfo() {
        return delegate.getHandshakeInfo();
    }

    @Override
    public DataBufferFactory bufferFactory() {
        return delegate.bufferFactory();
    }

    @Override
    public Map<String, Object> getAttributes() {
        return delegate.getAttributes();
    }

    @Override
    public Flux<WebSocketMessage> receive() {
        return delegate.receive();
    }

    @Override
    public Mono<Void> send(Publisher<WebSocketMessage> messages) {
        return delegate.send(messages);
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public Mono<Void> close(CloseStatus status) {
        return delegate.close(status);
    }

    @Override
    public Mono<CloseStatus> closeStatus() {
        return delegate.closeStatus();
    }

    @Override
    public WebSocketMessage textMessage(String payload) {
        return delegate.textMessage(payload);
    }

    @Override
    public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
        return delegate.binaryMessage(payloadFactory);
    }

    @Override
    public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
        return delegate.pingMessage(payloadFactory);
    }

    @Override
    public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
        return delegate.pongMessage(payloadFactory);
    }
}
