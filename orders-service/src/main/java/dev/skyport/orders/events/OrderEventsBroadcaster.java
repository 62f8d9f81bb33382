package dev.skyport.orders.events;

import dev.skyport.orders.order.OrderEventLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import software.amazon.awssdk.services.dynamodb.model.Record;
import tools.jackson.databind.ObjectMapper;

/**
 * Pushes order events to the {@code /ws/orders} sockets this replica holds: a customer's sockets get
 * their own orders, an admin's all (or one customer's). Also keeps each socket's clock: pings, the idle
 * timeout, and the close with 4401 at the instant its access token expires.
 */
public final class OrderEventsBroadcaster implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderEventsBroadcaster.class);

    private final ObjectMapper json;
    private final OrderChanges changes;
    private final OrderEventReplay replay;
    private final OrderEventsProperties properties;
    private final Map<String, EventSocket> sockets = new ConcurrentHashMap<>();
    private final Map<String, Set<EventSocket>> byCustomer = new ConcurrentHashMap<>();
    private final Set<EventSocket> admins = ConcurrentHashMap.newKeySet();
    private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();
    private final Map<String, Long> lastPing = new ConcurrentHashMap<>();
    private final ScheduledExecutorService clock;
    private final Counter sent;
    private final MeterRegistry meters;
    private volatile boolean running;

    public OrderEventsBroadcaster(ObjectMapper json, OrderChanges changes, OrderEventLog eventLog,
                                  OrderEventsProperties properties, MeterRegistry meters) {
        this.json = json;
        this.changes = changes;
        this.replay = new OrderEventReplay(eventLog, changes, json,
                reason -> meters.counter("orders.websocket.resyncs", "reason", reason).increment());
        this.properties = properties;
        this.meters = meters;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("ws-orders-clock").daemon(true).factory());
        executor.setRemoveOnCancelPolicy(true);
        this.clock = executor;
        this.sent = Counter.builder("orders.websocket.events.sent")
                .description("Order events written to WebSocket clients").register(meters);
        meters.gauge("orders.websocket.sessions", sockets, Map::size);
    }

    /** Takes one record of the {@code orders} stream (the reader's only consumer). */
    public void accept(Record record) {
        changes.toEvent(record).ifPresent(this::publish);
    }

    public void publish(OrderEvent event) {
        String customerId = event.order().customerId();
        Set<EventSocket> owners = byCustomer.get(customerId);
        if ((owners == null || owners.isEmpty()) && admins.isEmpty()) {
            return;
        }
        // Serialised once per event, whatever the number of sockets.
        EventSocket.Outgoing outgoing = new EventSocket.Outgoing(event.eventNumber(),
                new TextMessage(json.writeValueAsString(event.frame())));
        if (owners != null) {
            owners.forEach(socket -> socket.offer(outgoing));
        }
        for (EventSocket admin : admins) {
            if (admin.subscriber().sees(customerId)) {
                admin.offer(outgoing);
            }
        }
    }

    /**
     * Starts pushing to a socket whose handshake was authenticated; with {@code after}, from the events after
     * that cursor. The socket takes live events before its writer starts, so that a replay misses none.
     */
    void register(WebSocketSession session, EventSocket.Subscriber subscriber, String after) {
        EventSocket socket = new EventSocket(session, subscriber, after, replay, properties.sendBufferSize(),
                Math.toIntExact(properties.sendTimeLimit().toMillis()), new EventSocket.Listener() {
                    @Override
                    public void sent() {
                        sent.increment();
                    }

                    @Override
                    public void dropped(int events, String reason) {
                        meters.counter("orders.websocket.events.dropped", "reason", reason).increment(events);
                    }
                });
        sockets.put(socket.id(), socket);
        lastPing.put(socket.id(), System.nanoTime());
        if (subscriber.admin()) {
            admins.add(socket);
        } else {
            byCustomer.computeIfAbsent(subscriber.userId(), id -> ConcurrentHashMap.newKeySet()).add(socket);
        }
        long untilExpiry = Duration.between(Instant.now(), subscriber.tokenExpiresAt()).toMillis();
        if (untilExpiry <= 0) {
            socket.close(EventSocket.TOKEN_EXPIRED);
        } else {
            expiries.put(socket.id(), clock.schedule(() -> socket.close(EventSocket.TOKEN_EXPIRED),
                    untilExpiry, TimeUnit.MILLISECONDS));
        }
        socket.start();
        log.info("ws-orders: opened session={} user={} admin={} after={}", socket.id(), subscriber.userId(),
                subscriber.admin(), after);
    }

    /** A frame came from the client (text, binary or pong): the socket is not idle. */
    void touched(String sessionId) {
        EventSocket socket = sockets.get(sessionId);
        if (socket != null) {
            socket.touched();
        }
    }

    void unregister(String sessionId) {
        EventSocket socket = sockets.remove(sessionId);
        if (socket == null) {
            return;
        }
        lastPing.remove(sessionId);
        ScheduledFuture<?> expiry = expiries.remove(sessionId);
        if (expiry != null) {
            expiry.cancel(false);
        }
        admins.remove(socket);
        byCustomer.computeIfPresent(socket.subscriber().userId(), (id, set) -> {
            set.remove(socket);
            return set.isEmpty() ? null : set;
        });
        socket.closed();
    }

    /** Sockets open on this replica. */
    public int sessions() {
        return sockets.size();
    }

    private void tick() {
        long now = System.nanoTime();
        long idleTimeout = properties.idleTimeout().toNanos();
        long pingInterval = properties.pingInterval().toNanos();
        for (EventSocket socket : sockets.values()) {
            try {
                if (socket.idleNanos() >= idleTimeout) {
                    socket.close(EventSocket.IDLE);
                } else if (now - lastPing.getOrDefault(socket.id(), now) >= pingInterval) {
                    lastPing.put(socket.id(), now);
                    socket.ping();
                }
            } catch (RuntimeException e) {
                log.warn("ws-orders: keepalive of session={} failed: {}", socket.id(), e.toString());
            }
        }
    }

    @Override
    public void start() {
        long period = Math.max(50, Math.min(1000, Math.min(properties.pingInterval().toMillis(),
                properties.idleTimeout().toMillis()) / 4));
        clock.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        running = true;
    }

    /** On shutdown every socket is told 1001 (going away), so clients reconnect to another replica. */
    @Override
    public void stop() {
        running = false;
        sockets.values().forEach(socket -> socket.close(EventSocket.SHUTDOWN));
        clock.shutdownNow();
        // Give the close frames a moment to leave before the web server goes.
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!sockets.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stopped before the web server, so the close frames still go out.
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
