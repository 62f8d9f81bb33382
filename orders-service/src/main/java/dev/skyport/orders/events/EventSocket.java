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
 *
 * <p>A socket that follows one customer (a customer's own, or an admin's {@code ?customerId=}) sends that
 * customer's events in event-number order, each once: the writer remembers the last number it sent, drops
 * what it has sent already, and fills a hole from the customer's log before sending what follows it. A
 * socket opened with {@code ?after=} first replays the log after that cursor, while live events wait in its
 * queue. An admin's socket for all customers passes events on as they come.
 */
final class EventSocket {

    private static final Logger log = LoggerFactory.getLogger(EventSocket.class);

    /** 4401: the access token the socket was opened with has expired (docs/architecture.md, "Events"). */
    static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4401, "token expired");
    static final CloseStatus SLOW_CONSUMER = CloseStatus.SERVICE_OVERLOAD.withReason("slow consumer");
    static final CloseStatus IDLE = CloseStatus.NORMAL.withReason("idle timeout");
    static final CloseStatus SHUTDOWN = CloseStatus.GOING_AWAY.withReason("server shutting down");

    private static final Outgoing STOP = new Outgoing(null, new TextMessage(""));

    private final WebSocketSession session;
    private final ConcurrentWebSocketSessionDecorator out;
    private final Subscriber subscriber;
    private final String resumeAfter;
    private final OrderEventReplay replay;
    private final long sendBufferSize;
    private final LinkedBlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Listener listener;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile CloseStatus closeStatus;
    /** The number of the last event of {@link Subscriber#customerId()} the client has; -1 before the first. */
    private long lastSent = -1; // the writer's own

    /** One live event for the socket: the frame, and its number in the customer's log (null: none). */
    record Outgoing(Long eventNumber, TextMessage message) {
    }

    /** What the socket's owner may see: own orders, or as ADMIN all (or one customer's). */
    record Subscriber(String userId, boolean admin, String customerFilter, Instant tokenExpiresAt) {

        boolean sees(String customerId) {
            if (admin) {
                return customerFilter == null || customerFilter.equals(customerId);
            }
            return userId.equals(customerId);
        }

        /** The one customer whose events the socket follows, in their order; null for an admin's all. */
        String customerId() {
            return admin ? customerFilter : userId;
        }
    }

    /** Told what happened to each event and why a socket was closed (metrics). */
    interface Listener {
        void sent();

        void dropped(int events, String reason);
    }

    /**
     * @param resumeAfter the client's {@code after} cursor (checked for shape at the handshake), or null
     */
    EventSocket(WebSocketSession session, Subscriber subscriber, String resumeAfter, OrderEventReplay replay,
                int sendBufferSize, int sendTimeLimitMillis, Listener listener) {
        this.session = session;
        this.subscriber = subscriber;
        this.resumeAfter = resumeAfter;
        this.replay = replay;
        this.sendBufferSize = sendBufferSize;
        this.listener = listener;
        // The decorator's own buffer only ever holds pings queued behind an event being written.
        this.out = new ConcurrentWebSocketSessionDecorator(session, sendTimeLimitMillis, sendBufferSize,
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
    }

    /** Starts the writer; called once the socket receives live events, so the replay misses none. */
    void start() {
        Thread.ofVirtual().name("ws-orders-" + session.getId()).start(this::drain);
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
    void offer(Outgoing event) {
        if (!open()) {
            listener.dropped(1, "closed");
            return;
        }
        TextMessage message = event.message();
        long bytes = queuedBytes.addAndGet(message.getPayloadLength());
        if (bytes > sendBufferSize) {
            queuedBytes.addAndGet(-message.getPayloadLength());
            listener.dropped(1, "slow_consumer");
            log.info("ws-orders: closing slow consumer session={} user={} queuedBytes={}", id(),
                    subscriber.userId(), bytes - message.getPayloadLength());
            close(SLOW_CONSUMER);
            return;
        }
        queue.add(event);
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
        for (Outgoing event; (event = queue.poll()) != null; ) {
            if (event != STOP) {
                events++;
            }
        }
        return events;
    }

    private void drain() {
        try {
            String customerId = subscriber.customerId();
            if (customerId != null && resumeAfter != null) {
                lastSent = replay.resume(customerId, resumeAfter, this::send);
            }
            while (true) {
                Outgoing event = queue.take();
                if (event == STOP || closing.get()) {
                    sendClose();
                    return;
                }
                try {
                    if (customerId == null || event.eventNumber() == null) {
                        send(event.message());
                    } else {
                        sendInOrder(customerId, event);
                    }
                } finally {
                    queuedBytes.addAndGet(-event.message().getPayloadLength());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The log could not be read (DynamoDB unavailable): without it the order cannot be kept. The client
            // reconnects with its last id and misses nothing.
            log.warn("ws-orders: closing session={}: the order-events log failed: {}", id(), e.toString());
            close(CloseStatus.SERVER_ERROR);
            sendClose();
        }
    }

    private void sendInOrder(String customerId, Outgoing event) {
        long number = event.eventNumber();
        if (lastSent >= 0 && number <= lastSent) {
            return; // sent already: from the replay, a hole's fill, or a record handed twice
        }
        if (lastSent >= 0 && number > lastSent + 1) {
            lastSent = replay.fill(customerId, lastSent, number - 1, this::send);
        }
        if (send(event.message())) {
            lastSent = number;
        }
    }

    /** Sends one frame now (blocking at most the send time limit); false if the socket is or gets closed. */
    private boolean send(TextMessage message) {
        if (closing.get()) {
            return false;
        }
        try {
            out.sendMessage(message);
            touched();
            listener.sent();
            return true;
        } catch (SessionLimitExceededException e) {
            listener.dropped(1, "slow_consumer");
            close(SLOW_CONSUMER);
        } catch (IOException | RuntimeException e) {
            listener.dropped(1, "closed");
            log.debug("ws-orders: send to session={} failed: {}", id(), e.toString());
            close(CloseStatus.SERVER_ERROR);
        }
        return false;
    }
}
