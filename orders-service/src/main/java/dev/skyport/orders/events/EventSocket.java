package dev.skyport.orders.events;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * One open {@code /ws/orders} socket: who it belongs to, which orders it may see, and its bounded send
 * path. Events wait in a per-socket queue drained by the socket's own virtual thread, so a slow client
 * blocks nobody but itself; once more than {@code sendBufferSize} bytes wait, or one send has blocked for
 * longer than the send time limit, the socket is closed with 1013 and its backlog dropped. Every send
 * (events, pings) goes through a {@link ConcurrentWebSocketSessionDecorator}, which makes sends from the
 * writer and the keepalive thread safe together and catches a send stuck past the time limit.
 */
final class EventSocket {

    private static final Logger log = LoggerFactory.getLogger(EventSocket.class);

    /** 4401: the access token the socket was opened with has expired (see CONTRACTS.md). */
    static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4401, "token expired");
    static final CloseStatus SLOW_CONSUMER = CloseStatus.SERVICE_OVERLOAD.withReason("slow consumer");
    static final CloseStatus IDLE = CloseStatus.NORMAL.withReason("idle timeout");
    static final CloseStatus SHUTDOWN = CloseStatus.GOING_AWAY.withReason("server shutting down");

    private static final TextMessage STOP = new TextMessage("");

    private final WebSocketSession session;
    private final ConcurrentWebSocketSessionDecorator out;
    private final Subscriber subscriber;
    private final long sendBufferSize;
    private final LinkedBlockingQueue<TextMessage> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Listener listener;
    private final Thread writer;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile CloseStatus closeStatus;

    /** What the socket's owner may see: own orders, or as ADMIN all (or one customer's). */
    record Subscriber(String userId, boolean admin, String customerFilter, Instant tokenExpiresAt) {

        boolean sees(String customerId) {
            if (admin) {
                return customerFilter == null || customerFilter.equals(customerId);
            }
            return userId.equals(customerId);
        }
    }

    /** Told what happened to each event and why a socket was closed (metrics). */
    interface Listener {
        void sent();

        void dropped(int events, String reason);
    }

    EventSocket(WebSocketSession session, Subscriber subscriber, int sendBufferSize, int sendTimeLimitMillis,
                Listener listener) {
        this.session = session;
        this.subscriber = subscriber;
        this.sendBufferSize = sendBufferSize;
        this.listener = listener;
        // The decorator's own buffer only ever holds pings queued behind an event being written.
        this.out = new ConcurrentWebSocketSessionDecorator(session, sendTimeLimitMillis, sendBufferSize,
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
        this.writer = Thread.ofVirtual().name("ws-orders-" + session.getId()).start(this::drain);
    }

    String id() {
        return session.getId();
    }

    Subscriber subscriber() {
        return subscriber;
    }

    boolean open() {
        return !closing.get() && session.isOpen();
    }

    /** Queues an event for the client; never blocks. */
    void offer(TextMessage message) {
        if (!open()) {
            listener.dropped(1, "closed");
            return;
        }
        long bytes = queuedBytes.addAndGet(message.getPayloadLength());
        if (bytes > sendBufferSize) {
            queuedBytes.addAndGet(-message.getPayloadLength());
            listener.dropped(1, "slow_consumer");
            log.info("ws-orders: closing slow consumer session={} user={} queuedBytes={}", id(),
                    subscriber.userId(), bytes - message.getPayloadLength());
            close(SLOW_CONSUMER);
            return;
        }
        queue.add(message);
    }

    /** A frame came from the client, or an event went to it. */
    void touched() {
        lastActivityNanos = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - lastActivityNanos;
    }

    /** Sends a keepalive ping on a thread of its own (a stuck socket must not hold the keepalive thread). */
    void ping() {
        if (!open()) {
            return;
        }
        Thread.ofVirtual().start(() -> {
            try {
                out.sendMessage(new PingMessage());
            } catch (SessionLimitExceededException e) {
                close(SLOW_CONSUMER);
            } catch (IOException | RuntimeException e) {
                close(CloseStatus.SERVER_ERROR);
            }
        });
    }

    /**
     * Closes the socket with {@code status} once (later calls do nothing). The socket's own writer sends the
     * close frame after the event it may be writing: a close frame must not cut into a frame being written,
     * and a write stuck on a client that stopped reading fails after the send time limit at the latest.
     */
    void close(CloseStatus status) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closeStatus = status;
        int backlog = clearBacklog();
        queuedBytes.set(0);
        if (backlog > 0) {
            listener.dropped(backlog, status.getCode() == SLOW_CONSUMER.getCode() ? "slow_consumer" : "closed");
        }
        queue.add(STOP);
    }

    /** Called once the socket is closed, whoever closed it. */
    void closed() {
        closing.set(true);
        int backlog = clearBacklog();
        queue.add(STOP);
        if (backlog > 0) {
            listener.dropped(backlog, "closed");
        }
    }

    /**
     * The raw session is closed, not the decorator, which would replace the code by its own (4500) when a
     * send ran over the time limit.
     */
    private void sendClose() {
        CloseStatus status = closeStatus;
        if (status == null || !session.isOpen()) {
            return;
        }
        try {
            session.close(status);
        } catch (IOException | RuntimeException e) {
            log.debug("ws-orders: close of session={} failed: {}", id(), e.toString());
        }
    }

    private int clearBacklog() {
        int events = 0;
        for (TextMessage message; (message = queue.poll()) != null; ) {
            if (message != STOP) {
                events++;
            }
        }
        return events;
    }

    private void drain() {
        try {
            while (true) {
                TextMessage message = queue.take();
                if (message == STOP || closing.get()) {
                    sendClose();
                    return;
                }
                try {
                    out.sendMessage(message);
                    queuedBytes.addAndGet(-message.getPayloadLength());
                    touched();
                    listener.sent();
                } catch (SessionLimitExceededException e) {
                    listener.dropped(1, "slow_consumer");
                    close(SLOW_CONSUMER);
                } catch (IOException | RuntimeException e) {
                    listener.dropped(1, "closed");
                    log.debug("ws-orders: send to session={} failed: {}", id(), e.toString());
                    close(CloseStatus.SERVER_ERROR);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
