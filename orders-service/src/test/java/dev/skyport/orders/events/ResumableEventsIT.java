package dev.skyport.orders.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.orders.OrdersApplication;
import dev.skyport.orders.order.OrderEventItem;
import dev.skyport.orders.order.OrderItem;
import dev.skyport.orders.order.OrderStatus;
import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.EventSocketClient;
import dev.skyport.orders.support.OrdersServiceTest;
import dev.skyport.orders.support.RawWebSocket;
import dev.skyport.starter.data.EntityTable;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code /ws/orders?after=<id>}: a client that reconnects gets every event of its subscription after that id,
 * in order, each once, whichever replica it lands on and across restarts of every replica. The test's context
 * is replica A; B is a second Spring application on the same engine, patient with clients that stop reading
 * (send time limit and idle timeout of minutes) so that a replay can be held mid-way.
 */
class ResumableEventsIT extends OrdersServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ConfigurableApplicationContext instanceB;

    @Autowired
    EntityTable<OrderEventItem> orderEvents;

    @Autowired
    MeterRegistry meters;

    @Autowired
    OrderEventsBroadcaster broadcaster;

    @Autowired
    EntityTable<OrderItem> ordersTable;

    private final String admin = tokens.admin("admin-" + newUserId());

    @BeforeAll
    static void startInstanceB() {
        instanceB = startInstance("skyport.orders.events.send-time-limit=2m", "skyport.orders.events.idle-timeout=5m",
                "skyport.orders.events.retention=3d");
    }

    @AfterAll
    static void stopInstanceB() {
        if (instanceB != null) {
            instanceB.close();
        }
    }

    @Test
    void replaysExactlyTheChangesMissedWhileDisconnectedIncludingThoseMadeOnTheOtherInstance() {
        String user = newUserId();
        String token = tokens.customer(user);
        ApiClient b = apiOf(instanceB);
        EventSocketClient watcher = EventSocketClient.connect(socketUri(null), token);
        EventSocketClient first = EventSocketClient.connect(socketUri(null), token);
        try {
            String id = placeOrder(token);
            String cursor = first.until(e -> id.equals(orderId(e)), WAIT).getLast().get("id").asString();
            first.close();

            // Six changes while disconnected, three through each instance.
            assertThat(move(admin, id, "PAID").status()).isEqualTo(200);
            String second = placeOrder(token);
            assertThat(b.post("/api/orders/" + second + "/cancel", token, null).status()).isEqualTo(200);
            String third = placeOn(b, token, 2);
            assertThat(b.post("/api/orders/" + third + "/status", admin, "{\"status\": \"PAID\"}").status()).isEqualTo(200);
            assertThat(move(admin, id, "SHIPPED").status()).isEqualTo(200);
            List<JsonNode> live = watcher.until(e -> isStatus(e, id, "SHIPPED"), WAIT);
            assertThat(live).hasSize(7);

            EventSocketClient resumed = EventSocketClient.connect(socketOf(instanceB, "after=" + cursor), token);
            try {
                List<JsonNode> replayed = resumed.until(e -> isStatus(e, id, "SHIPPED"), WAIT);

                // The same frames as the live ones, byte for byte in JSON terms: ids, orders, changes.
                assertThat(replayed).containsExactlyElementsOf(live.subList(1, 7));
                assertThat(replayed).extracting(ResumableEventsIT::number)
                        .containsExactlyElementsOf(following(Long.parseLong(cursor), 6));
                assertThat(replayed.getLast().get("order")).isEqualTo(api.get("/api/orders/" + id, token).json());

                // Then live, with no gap and no repeat.
                String fourth = placeOrder(token);
                JsonNode next = resumed.next(WAIT);
                assertThat(orderId(next)).isEqualTo(fourth);
                assertThat(number(next)).isEqualTo(Long.parseLong(cursor) + 7);
            } finally {
                resumed.close();
            }
        } finally {
            watcher.close();
        }
    }

    @Test
    void losesNothingWhenEveryInstanceRestartsBetweenDisconnectAndReconnect() {
        String user = newUserId();
        String token = tokens.customer(user);
        ConfigurableApplicationContext c = startInstance();
        ConfigurableApplicationContext d = startInstance();
        String cursor;
        String first;
        String second;
        try {
            ApiClient throughC = apiOf(c);
            EventSocketClient socket = EventSocketClient.connect(socketOf(c, null), token);
            first = throughC.post("/api/orders", token, orderBody(1), Map.of("Idempotency-Key", newKey()))
                    .json().get("id").asString();
            cursor = socket.until(e -> first.equals(orderId(e)), WAIT).getLast().get("id").asString();
            socket.close();
            assertThat(throughC.post("/api/orders/" + first + "/status", admin, "{\"status\": \"PAID\"}").status())
                    .isEqualTo(200);
            second = apiOf(d).post("/api/orders", token, orderBody(1), Map.of("Idempotency-Key", newKey()))
                    .json().get("id").asString();
        } finally {
            c.close();
            d.close();
        }
        // Both replicas of this test are gone; only the engine kept anything.
        ConfigurableApplicationContext c2 = startInstance();
        ConfigurableApplicationContext d2 = startInstance();
        try {
            assertThat(apiOf(c2).post("/api/orders/" + second + "/cancel", token, null).status()).isEqualTo(200);
            assertThat(apiOf(d2).post("/api/orders/" + first + "/status", admin, "{\"status\": \"SHIPPED\"}").status())
                    .isEqualTo(200);

            EventSocketClient resumed = EventSocketClient.connect(socketOf(d2, "after=" + cursor), token);
            try {
                List<JsonNode> replayed = resumed.until(e -> isStatus(e, first, "SHIPPED"), WAIT);
                assertThat(replayed).extracting(ResumableEventsIT::number)
                        .containsExactlyElementsOf(following(Long.parseLong(cursor), 4));
                assertThat(replayed).extracting(e -> orderId(e) + " " + e.get("type").asString() + " "
                                + e.get("change").get("newStatus").asString())
                        .containsExactly(first + " order.updated PAID", second + " order.created PENDING",
                                second + " order.updated CANCELLED", first + " order.updated SHIPPED");
            } finally {
                resumed.close();
            }
        } finally {
            c2.close();
            d2.close();
        }
    }

    @Test
    void neverSendsAnEventTwiceWhenChangesArriveWhileTheReplayRuns() throws Exception {
        String user = newUserId();
        String token = tokens.customer(user);
        ApiClient b = apiOf(instanceB);
        EventSocketClient watcher = EventSocketClient.connect(socketOf(instanceB, null), token);
        try {
            String firstId = placeOn(b, token, 1);
            long cursor = number(watcher.until(e -> firstId.equals(orderId(e)), WAIT).getLast());
            // 30 missed events of ~11 KB: more than one page of the log, and far more than the sockets buffer.
            List<String> big = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                big.add(placeOn(b, token, 100));
            }
            for (String id : big) {
                assertThat(b.post("/api/orders/" + id + "/status", admin, "{\"status\": \"PAID\"}").status()).isEqualTo(200);
            }

            // A client that reads one replayed frame, then stops: the replay blocks in its first page.
            try (RawWebSocket slow = new RawWebSocket(portOf(instanceB), "/ws/orders?after=" + cursor, token, 4096)) {
                assertThat(number(ApiClient.JSON.readTree(slow.readText()))).isEqualTo(cursor + 1);

                // Three changes while the replay is held: they reach the slow socket's queue (the watcher, fed by
                // the same broadcast, has them) and are committed before the replay reads its second page.
                for (String id : big.subList(0, 3)) {
                    assertThat(b.post("/api/orders/" + id + "/status", admin, "{\"status\": \"SHIPPED\"}").status())
                            .isEqualTo(200);
                }
                watcher.until(e -> isStatus(e, big.get(2), "SHIPPED"), WAIT);
                String after = placeOn(b, token, 1);

                List<Long> numbers = new ArrayList<>(List.of(cursor + 1));
                while (numbers.getLast() < cursor + 34) {
                    JsonNode frame = ApiClient.JSON.readTree(slow.readText());
                    numbers.add(number(frame));
                    if (numbers.getLast() == cursor + 34) {
                        assertThat(orderId(frame)).isEqualTo(after);
                    }
                }
                assertThat(numbers).containsExactlyElementsOf(following(cursor, 34));
            }
        } finally {
            watcher.close();
        }
    }

    @Test
    void fillsAHoleInTheLiveSequenceFromTheLogBeforeSendingWhatFollows() {
        String user = newUserId();
        String token = tokens.customer(user);
        EventSocketClient socket = EventSocketClient.connect(socketUri(null), token);
        try {
            String id = placeOrder(token);
            long k = number(socket.until(e -> id.equals(orderId(e)), WAIT).getLast());
            // Two changes in the log whose stream records never reach this replica (as when a message between
            // replicas is lost); then the second one's record arrives, through the broadcaster's entry point.
            OrderEventItem created = orderEvents.getConsistent(orderEvents.key(user, k)).orElseThrow();
            OrderEventItem paid = logged(created, k + 1, OrderStatus.PENDING, OrderStatus.PAID);
            OrderEventItem cancelled = logged(paid, k + 2, OrderStatus.PAID, OrderStatus.CANCELLED);
            orderEvents.put(paid);
            orderEvents.put(cancelled);
            broadcaster.publish(new OrderChanges(ordersTable.schema()).toEvent(cancelled));

            List<JsonNode> frames = socket.until(e -> number(e) == k + 2, WAIT);
            assertThat(frames).extracting(ResumableEventsIT::number).containsExactly(k + 1, k + 2);
            assertThat(frames).extracting(e -> e.get("change").get("newStatus").asString()).containsExactly("PAID", "CANCELLED");
        } finally {
            socket.close();
        }
    }

    /** The log item a move from {@code from} to {@code to} after {@code previous} would have written. */
    private OrderEventItem logged(OrderEventItem previous, long number, OrderStatus from, OrderStatus to) {
        var schema = ordersTable.schema();
        OrderItem order = schema.mapToItem(schema.itemToMap(previous.getOrder(), true));
        order.setStatus(to.name());
        order.setVersion(order.getVersion() + 1);
        order.setEventNumber(number);
        OrderEventItem event = new OrderEventItem();
        event.setCustomerId(previous.getCustomerId());
        event.setEventNumber(number);
        event.setType(OrderEventItem.UPDATED);
        event.setOrder(order);
        event.setOldStatus(from.name());
        event.setNewStatus(to.name());
        event.setCreatedAt(Instant.now());
        event.setExpiresAt(previous.getExpiresAt());
        return event;
    }

    @Test
    void sendsOneResyncFrameForACursorPastRetentionThenLiveEvents() {
        String user = newUserId();
        String token = tokens.customer(user);
        EventSocketClient watcher = EventSocketClient.connect(socketUri(null), token);
        try {
            List<String> ids = Stream.generate(() -> placeOrder(token)).limit(3).toList();
            List<JsonNode> seen = watcher.until(e -> ids.getLast().equals(orderId(e)), WAIT);
            long firstNumber = number(seen.getFirst());
            // Time passes: the first two events reach their expiry (TTL may or may not have removed them yet).
            for (long n = firstNumber; n < firstNumber + 2; n++) {
                OrderEventItem event = orderEvents.getConsistent(orderEvents.key(user, n)).orElseThrow();
                event.setExpiresAt(Instant.now().minusSeconds(60).getEpochSecond());
                orderEvents.put(event);
            }

            double expiredBefore = meters.counter("orders.websocket.resyncs", "reason", "cursor_expired").count();
            EventSocketClient resumed = EventSocketClient.connect(socketUri("after=" + firstNumber), token);
            try {
                String later = placeOrder(token);
                List<JsonNode> frames = resumed.until(e -> later.equals(orderId(e)), WAIT);

                assertThat(frames).hasSize(2);
                assertThat(frames.getFirst().get("type").asString()).isEqualTo("resync");
                assertThat(frames.getFirst().get("reason").asString()).isEqualTo("cursor_expired");
                assertThat(number(frames.getLast())).isEqualTo(firstNumber + 3);
                assertThat(meters.counter("orders.websocket.resyncs", "reason", "cursor_expired").count())
                        .isGreaterThan(expiredBefore);
            } finally {
                resumed.close();
            }
        } finally {
            watcher.close();
        }
    }

    @Test
    void sendsOneResyncFrameForAnUnknownCursorThenLiveEvents() {
        String user = newUserId();
        String token = tokens.customer(user);
        placeOrder(token);
        long head = orderEvents.getConsistent(orderEvents.key(user, OrderEventItem.HEAD)).orElseThrow()
                .getLastEventNumber();

        for (String cursor : List.of(Long.toString(head + 5), "abc", "01", "99999999999999999999", "-1", "1.5")) {
            EventSocketClient socket = EventSocketClient.connect(socketUri("after=" + cursor), token);
            try {
                JsonNode resync = socket.next(WAIT);
                assertThat(resync).as("after=%s", cursor).isNotNull();
                assertThat(resync.get("type").asString()).as("after=%s", cursor).isEqualTo("resync");
                assertThat(resync.get("reason").asString()).isEqualTo("cursor_unknown");
                // Live events follow the resync.
                String next = placeOrder(token);
                assertThat(socket.until(e -> next.equals(orderId(e)), WAIT))
                        .noneMatch(e -> "resync".equals(e.get("type").asString()));
            } finally {
                socket.close();
            }
        }
    }

    @Test
    void refusesAMalformedCursorAtTheHandshakeWithAProblem() {
        String token = tokens.customer(newUserId());
        for (String after : List.of("x".repeat(65), "a b", "é", "", "1;2", "../1")) {
            String query = "after=" + URLEncoder.encode(after, StandardCharsets.UTF_8);
            assertThat(EventSocketClient.refusedWith(socketUri(query), token)).as("after=%s", after).isEqualTo(400);
            ApiClient.Response answer = api.get("/ws/orders?" + query, token);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("type").asString()).endsWith("invalid-cursor");
        }
        // A broken escape is refused the same way, not a server error.
        assertThatThrownBy(() -> new RawWebSocket(port, "/ws/orders?after=%ZZ", token, 65536).close())
                .hasMessageContaining(" 400");
        // 64 characters of the alphabet are a cursor's shape: accepted (and unknown here).
        EventSocketClient longest = EventSocketClient.connect(socketUri("after=" + "a".repeat(64)), token);
        assertThat(longest.next(WAIT).get("reason").asString()).isEqualTo("cursor_unknown");
        longest.close();
    }

    @Test
    void letsAnAdminResumeOneCustomerButNotAllCustomers() {
        assertThat(EventSocketClient.refusedWith(socketUri("after=1"), admin)).isEqualTo(400);
        ApiClient.Response answer = api.get("/ws/orders?after=1", admin);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asString()).endsWith("cursor-needs-customer");

        String user = newUserId();
        String token = tokens.customer(user);
        String first = placeOrder(token);
        String second = placeOrder(token);
        EventSocketClient socket = EventSocketClient.connect(socketUri("customerId=" + user + "&after=1"), admin);
        try {
            JsonNode replayed = socket.next(WAIT);
            assertThat(orderId(replayed)).isEqualTo(second);
            assertThat(number(replayed)).isEqualTo(2);
            assertThat(first).isNotNull();
        } finally {
            socket.close();
        }
    }

    @Test
    void keepsEachEventForTheConfiguredRetention() {
        String user = newUserId();
        String token = tokens.customer(user);
        placeOrder(token); // through A: the default, 7 days
        placeOn(apiOf(instanceB), token, 1); // through B: 3 days

        OrderEventItem onA = orderEvents.getConsistent(orderEvents.key(user, 1L)).orElseThrow();
        OrderEventItem onB = orderEvents.getConsistent(orderEvents.key(user, 2L)).orElseThrow();
        assertThat(onA.getExpiresAt() - onA.getCreatedAt().getEpochSecond()).isBetween(
                Duration.ofDays(7).toSeconds() - 1, Duration.ofDays(7).toSeconds() + 1);
        assertThat(onB.getExpiresAt() - onB.getCreatedAt().getEpochSecond()).isBetween(
                Duration.ofDays(3).toSeconds() - 1, Duration.ofDays(3).toSeconds() + 1);
        OrderEventItem head = orderEvents.getConsistent(orderEvents.key(user, OrderEventItem.HEAD)).orElseThrow();
        assertThat(head.getLastEventNumber()).isEqualTo(2);
        assertThat(head.getExpiresAt()).isNull();
    }

    @Test
    void numbersConcurrentChangesOfOneCustomerWithoutHoleOrRepeat() throws Exception {
        String user = newUserId();
        String token = tokens.customer(user);
        List<Callable<ApiClient.Response>> placements = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ApiClient through = i % 2 == 0 ? api : apiOf(instanceB);
            placements.add(() -> through.post("/api/orders", token, orderBody(1), Map.of("Idempotency-Key", newKey())));
        }
        List<String> placed = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<ApiClient.Response> answer : pool.invokeAll(placements)) {
                ApiClient.Response response = answer.get();
                // Past its attempts a change is refused with 503 and Retry-After, never a 500.
                assertThat(response.status()).as(response.toString()).isIn(201, 503);
                if (response.status() == 201) {
                    placed.add(response.json().get("id").asString());
                } else {
                    assertThat(response.header("Retry-After")).isNotNull();
                    assertThat(response.contentType()).startsWith("application/problem+json");
                }
            }
        }
        List<OrderEventItem> log = orderEvents.queryAll(dev.skyport.starter.data.QuerySpec.partition(user)
                .sortGt(0L).limit(100).consistentRead(true).build());
        assertThat(log).extracting(OrderEventItem::getEventNumber).containsExactlyElementsOf(following(0, placed.size()));
        assertThat(log).extracting(e -> e.getOrder().getOrderId()).containsExactlyInAnyOrderElementsOf(placed);
    }

    private static ConfigurableApplicationContext startInstance(String... overrides) {
        // As command-line arguments: they outrank every default, like the test context's dynamic properties.
        Map<String, Object> properties = platform.properties();
        for (String override : overrides) {
            properties.put(override.substring(0, override.indexOf('=')), override.substring(override.indexOf('=') + 1));
        }
        String[] args = properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OrdersApplication.class).run(args);
        OrdersStreamReader reader = context.getBean(OrdersStreamReader.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!reader.following() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return context;
    }

    private static int portOf(ConfigurableApplicationContext instance) {
        return ((WebServerApplicationContext) instance).getWebServer().getPort();
    }

    private static ApiClient apiOf(ConfigurableApplicationContext instance) {
        return new ApiClient(URI.create("http://127.0.0.1:" + portOf(instance)));
    }

    private static URI socketOf(ConfigurableApplicationContext instance, String query) {
        return URI.create("ws://127.0.0.1:" + portOf(instance) + "/ws/orders" + (query == null ? "" : "?" + query));
    }

    private static String placeOn(ApiClient through, String token, int lines) {
        ApiClient.Response response = through.post("/api/orders", token, orderBody(lines), Map.of("Idempotency-Key", newKey()));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static List<Long> following(long cursor, int count) {
        return LongStream.rangeClosed(cursor + 1, cursor + count).boxed().toList();
    }

    private static long number(JsonNode frame) {
        return Long.parseLong(frame.get("id").asString());
    }

    private static String orderId(JsonNode frame) {
        return frame.path("order").path("id").asString(null);
    }

    private static boolean isStatus(JsonNode frame, String orderId, String status) {
        return orderId.equals(orderId(frame)) && status.equals(frame.get("order").get("status").asString());
    }
}
