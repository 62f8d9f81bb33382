package dev.skyport.orders.events;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * {@code /ws/orders}: a push-only socket. What a client sends is not interpreted, it only counts as
 * activity against the idle timeout (a browser, which cannot send pings, may send any small text).
 */
final class OrderEventsSocketHandler extends AbstractWebSocketHandler {

    /** Tomcat's per-session bound on one blocking send, so a stuck client fails a write in bounded time. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final OrderEventsBroadcaster broadcaster;
    private final long sendTimeLimitMillis;

    OrderEventsSocketHandler(OrderEventsBroadcaster broadcaster, long sendTimeLimitMillis) {
        this.broadcaster = broadcaster;
        this.sendTimeLimitMillis = sendTimeLimitMillis;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        if (!(session.getAttributes().get(OrderEventsHandshake.SUBSCRIBER) instanceof EventSocket.Subscriber subscriber)) {
            session.close(CloseStatus.POLICY_VIOLATION.withReason("not authenticated"));
            return;
        }
        if (session instanceof NativeWebSocketSession nativeSession
                && nativeSession.getNativeSession(jakarta.websocket.Session.class) instanceof jakarta.websocket.Session ws) {
            ws.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, sendTimeLimitMillis);
        }
        broadcaster.register(session, subscriber, (String) session.getAttributes().get(OrderEventsHandshake.AFTER));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        broadcaster.touched(session.getId());
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        broadcaster.touched(session.getId());
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        broadcaster.touched(session.getId());
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
        if (session.isOpen()) {
            session.close(CloseStatus.SERVER_ERROR);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        broadcaster.unregister(session.getId());
    }
}
