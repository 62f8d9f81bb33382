package dev.skyport.orders.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skyport.testsupport.EventSocketClient;
import dev.skyport.orders.support.OrdersServiceTest;
import dev.skyport.orders.support.RawWebSocket;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.net.http.WebSocket;
import java.nio.CharBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class OrderEventsIT extends OrdersServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    MeterRegistry meters;

    @Autowired
    OrderEventsBroadcaster broadcaster;

    private final String admin = tokens.admin("admin-" + newUserId());

    @Test
    void refusesTheHandshakeWithoutAValidToken() {
        assertThat(EventSocketClient.refusedWith(socketUri(null), null)).isEqualTo(401);
        assertThat(EventSocketClient.refusedWith(socketUri(null), "not-a-jwt")).isEqualTo(401);
        String expired = tokens.accessTokenUntil(newUserId(), List.of("orders:read"), List.of("USER"),
                Instant.now().minusSeconds(300));
        assertThat(EventSocketClient.refusedWith(socketUri(null), expired)).isEqualTo(401);
        String noScope = tokens.accessToken(newUserId(), List.of("profile"), List.of("USER"), Duration.ofMinutes(5));
        assertThat(EventSocketClient.refusedWith(socketUri(null), noScope)).isEqualTo(403);
        // Only an admin may watch another customer's orders.
        assertThat(EventSocketClient.refusedWith(socketUri("customerId=someone-else"), tokens.customer(newUserId())))
                .isEqualTo(403);
    }

    @Test
    void pushesTheCustomersOwnOrderEventsInOrder() {
        String user = newUserId();
        String owner = tokens.customer(user);
        EventSocketClient socket = EventSocketClient.connect(socketUri(null), owner);
        try {
            String other = placeOrder(tokens.customer(newUserId()));
            String id = placeOrder(owner);
            move(admin, id, "PAID");
            move(admin, other, "PAID");
            move(admin, id, "SHIPPED");

            List<JsonNode> events = socket.until(e -> e.get("order").get("status").asString().equals("SHIPPED"), WAIT);

            assertThat(events).allSatisfy(e -> assertThat(e.get("order").get("customerId").asString()).isEqualTo(user));
            assertThat(events).extracting(e -> e.get("type").asString())
                    .containsExactly("order.created", "order.updated", "order.updated");
            assertThat(events).extracting(e -> e.get("change").get("newStatus").asString())
                    .containsExactly("PENDING", "PAID", "SHIPPED");
            assertThat(events.get(1).get("change").get("oldStatus").asString()).isEqualTo("PENDING");
            assertThat(events.get(0).get("order").get("total").get("amount").asString()).isEqualTo("9.99");
            List<BigInteger> sequences = events.stream().map(e -> new BigInteger(e.get("sequence").asString())).toList();
            assertThat(sequences).isSorted().doesNotHaveDuplicates();
            // The event's order is the same JSON as GET /api/orders/{id}.
            assertThat(events.getLast().get("order")).isEqualTo(api.get("/api/orders/" + id, owner).json());
        } finally {
            socket.close();
        }
    }

    @Test
    void pushesEveryOrderToAdminsOrOneCustomersWhenFiltered() {
        String user = newUserId();
        EventSocketClient all = EventSocketClient.connect(socketUri(null), admin);
        EventSocketClient filtered = EventSocketClient.connect(socketUri("customerId=" + user), admin);
        try {
            String someoneElses = placeOrder(tokens.customer(newUserId()));
            String mine = placeOrder(tokens.customer(user));

            List<JsonNode> toAll = all.until(e -> e.get("order").get("id").asString().equals(mine), WAIT);
            assertThat(toAll).extracting(e -> e.get("order").get("id").asString()).contains(someoneElses, mine);
            List<JsonNode> toFiltered = filtered.until(e -> e.get("order").get("id").asString().equals(mine), WAIT);
            assertThat(toFiltered).extracting(e -> e.get("order").get("customerId").asString()).containsOnly(user);
        } finally {
            all.close();
            filtered.close();
        }
    }

    @Test
    void closesTheSocketWith4401WhenTheTokenExpires() {
        String user = newUserId();
        Instant expiry = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        String shortLived = tokens.accessTokenUntil(user, List.of("orders:read"), List.of("USER"), expiry);
        EventSocketClient socket = EventSocketClient.connect(socketUri(null), shortLived);

        int code = socket.closeCode(WAIT);

        assertThat(code).isEqualTo(4401);
        assertThat(socket.closeReason()).isEqualTo("token expired");
        assertThat(socket.closedAt()).isAfterOrEqualTo(expiry);
    }

    @Test
    void disconnectsASlowConsumerWithoutHoldingUpOthers() throws Exception {
        String user = newUserId();
        String owner = tokens.customer(user);
        double slowDrops = dropped("slow_consumer");
        EventSocketClient healthy = EventSocketClient.connect(socketUri(null), owner);
        // A client that stops reading, with a small receive buffer.
        try (RawWebSocket slow = new RawWebSocket(port, "/ws/orders", owner, 4096)) {
            List<String> placed = new ArrayList<>();
            for (int i = 0; i < 60 && dropped("slow_consumer") == slowDrops; i++) {
                placed.add(place(owner, orderBody(100)).json().get("id").asString());
                Thread.sleep(20);
            }
            assertThat(dropped("slow_consumer")).isGreaterThan(slowDrops);

            // The healthy socket got every event, in order.
            List<JsonNode> events = healthy.until(e -> e.get("order").get("id").asString().equals(placed.getLast()), WAIT);
            assertThat(events).extracting(e -> e.get("order").get("id").asString()).containsExactlyElementsOf(placed);
            assertThat(healthy.isClosed()).isFalse();

            // The slow one, once it reads again, finds its socket closed with 1013.
            assertThat(slow.readUntilClose().closeCode()).isEqualTo(1013);
        } finally {
            healthy.close();
        }
    }

    @Test
    void closesASocketOnAFrameOverTheLimitWith1009() {
        EventSocketClient socket = EventSocketClient.connect(socketUri(null), tokens.customer(newUserId()));
        socket.socket().sendText(CharBuffer.wrap("x".repeat(128 * 1024 + 1)), true);
        assertThat(socket.closeCode(WAIT)).isEqualTo(1009);
    }

    @Test
    void keepsAPingedSocketOpenAndClosesAnIdleOneWith1000() throws Exception {
        String token = tokens.customer(newUserId());
        EventSocketClient answering = EventSocketClient.connect(socketUri(null), token);
        // The raw client never answers the server's pings: after the idle timeout (4 s here) it is closed.
        try (RawWebSocket silent = new RawWebSocket(port, "/ws/orders", token, 65536)) {
            RawWebSocket.Frame close = silent.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(close.text()).contains("idle timeout");
        }
        // The JDK client answered every ping with a pong, so it is still open.
        assertThat(answering.pings()).isGreaterThanOrEqualTo(2);
        assertThat(answering.isClosed()).isFalse();
        answering.close();
    }

    @Test
    void countsSessionsAndEvents() {
        String owner = tokens.customer(newUserId());
        double sent = meters.counter("orders.websocket.events.sent").count();
        EventSocketClient socket = EventSocketClient.connect(socketUri(null), owner);
        try {
            // The client is open once the 101 arrives; the server registers the session just after that.
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(meters.get("orders.websocket.sessions").gauge().value()).isGreaterThanOrEqualTo(1));
            String id = placeOrder(owner);
            socket.until(e -> e.get("order").get("id").asString().equals(id), WAIT);
            // Counted once the writer's send returns, which may be just after the client has the frame.
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(meters.counter("orders.websocket.events.sent").count()).isGreaterThan(sent));
            assertThat(broadcaster.sessions()).isGreaterThanOrEqualTo(1);
        } finally {
            socket.close();
        }
    }

    private double dropped(String reason) {
        return meters.counter("orders.websocket.events.dropped", "reason", reason).count();
    }
}
