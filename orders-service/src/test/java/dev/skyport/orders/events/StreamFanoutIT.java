package dev.skyport.orders.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import dev.skyport.orders.OrdersApplication;
import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.EventSocketClient;
import dev.skyport.orders.support.OrdersServiceTest;
import dev.skyport.orders.support.StreamReadersProxy;
import dev.skyport.orders.support.TestPlatform;
import dev.skyport.testsupport.TestIssuer;
import dev.skyport.testsupport.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Four orders-service replicas on one engine whose stream shards roll over every 10 records, with Redis, as
 * on Kubernetes. Measured from outside, by a proxy between the replicas and the engine that notes who reads
 * which shard (each replica signs with its own access key): one replica reads a shard at a time, and a socket
 * on every replica still gets every event, whichever replica made the change. Then the reading replica
 * stops: its shards go to the others and no event is lost for the sockets on the survivors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamFanoutIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final int REPLICAS = 4;
    private static final String CHANNEL = "skyport:fanout-orders:stream";
    private static final TestPlatform platform = TestPlatform.get();
    private static final TestIssuer tokens = platform.tokens;

    private static TestRedis redis;
    private static DynamoEngine engine;
    private static StreamReadersProxy proxy;
    private static final Map<String, ConfigurableApplicationContext> replicas = new LinkedHashMap<>();

    @BeforeAll
    static void startReplicas() throws Exception {
        redis = TestRedis.startOrSkip();
        engine = DynamoEngine.builder().host("127.0.0.1").port(0).shardRollover(10, Duration.ofHours(1)).start();
        proxy = new StreamReadersProxy(engine.endpoint());
        List<CompletableFuture<ConfigurableApplicationContext>> starting = new ArrayList<>();
        for (int i = 1; i <= REPLICAS; i++) {
            String accessKey = "replica-" + i;
            starting.add(CompletableFuture.supplyAsync(() -> startReplica(proxy.endpoint(), "fanout-", redis.url(),
                    Map.of("spring.cloud.aws.credentials.access-key", accessKey,
                            "spring.cloud.aws.credentials.secret-key", "not-checked-by-the-engine"))));
        }
        for (int i = 1; i <= REPLICAS; i++) {
            replicas.put("replica-" + i, starting.get(i - 1).get());
        }
    }

    /**
     * A replica with the platform's settings on {@code endpoint}, {@code prefix}'s tables and {@code redisUrl},
     * once it follows the stream.
     */
    private static ConfigurableApplicationContext startReplica(String endpoint, String prefix, String redisUrl,
                                                               Map<String, Object> more) {
        Map<String, Object> p = new LinkedHashMap<>(platform.properties());
        p.put("skyport.dynamodb.endpoint", endpoint);
        p.put("skyport.dynamodb.table-prefix", prefix);
        p.put("spring.data.redis.url", redisUrl);
        p.put("spring.data.redis.timeout", "5s");
        p.put("skyport.orders.stream.redis-url", redisUrl);
        p.putAll(more);
        ConfigurableApplicationContext replica = new SpringApplicationBuilder(OrdersApplication.class)
                .run(p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        OrdersStreamReader reader = replica.getBean(OrdersStreamReader.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!reader.following() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(reader.following()).as("replica following the stream").isTrue();
        return replica;
    }

    @AfterAll
    static void stopAll() {
        replicas.values().forEach(ConfigurableApplicationContext::close);
        if (proxy != null) {
            proxy.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void oneReplicaReadsEachShardAndASocketOnEveryReplicaGetsEveryEvent() {
        String token = tokens.customer("user-" + UUID.randomUUID());
        Map<String, EventSocketClient> sockets = connectEverywhere(token);
        try {
            List<String> expected = changeOrdersThroughEveryReplica(token, 12, List.copyOf(replicas.keySet()));

            sockets.forEach((replica, socket) -> assertThat(changesSeen(socket, expected.size()))
                    .as("events on the socket held by %s", replica).containsExactlyInAnyOrderElementsOf(expected));
            Map<String, java.util.Set<String>> readers = proxy.readersPerShard();
            assertThat(readers).as("the stream rolled over to new shards").hasSizeGreaterThanOrEqualTo(3);
            assertThat(readers).as("replicas that read each shard").allSatisfy(
                    (shard, readBy) -> assertThat(readBy).hasSize(1));
        } finally {
            sockets.values().forEach(EventSocketClient::close);
        }
    }

    @Test
    @Order(2)
    void stoppingTheReadingReplicaHandsItsShardsToTheOthersWithoutLosingAnEvent() throws InterruptedException {
        String token = tokens.customer("user-" + UUID.randomUUID());
        Map<String, EventSocketClient> sockets = connectEverywhere(token);
        try {
            List<String> before = changeOrdersThroughEveryReplica(token, 2, List.copyOf(replicas.keySet()));
            sockets.values().forEach(socket -> assertThat(changesSeen(socket, before.size()))
                    .containsExactlyInAnyOrderElementsOf(before));
            // All delivered, the stream is quiet: the replica polling the open shard (once a shard that ended has
            // handed over to its child) is the last reader.
            StreamReadersProxy.Read last = proxy.reads().getLast();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (proxy.readToTheEnd().contains(last.shardId()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                last = proxy.reads().getLast();
            }
            String owner = last.reader();
            List<String> survivors = replicas.keySet().stream().filter(r -> !r.equals(owner)).toList();

            // Changes just before the stop, the stop itself, and changes after it, with no pause for delivery.
            List<String> expected = new ArrayList<>(changeOrdersThroughEveryReplica(token, 2, survivors));
            // Those changes may have ended the shard the owner read (a child then goes to any replica): what it
            // still reads when it stops is what it must hand over.
            Map<String, List<String>> turnsAtStop = proxy.turnsPerShard();
            List<String> readingAtStop = turnsAtStop.keySet().stream()
                    .filter(shard -> turnsAtStop.get(shard).getLast().equals(owner) && !proxy.readToTheEnd().contains(shard))
                    .toList();
            replicas.remove(owner).close();
            assertThat(sockets.remove(owner).closeCode(WAIT)).isEqualTo(1001);
            expected.addAll(changeOrdersThroughEveryReplica(token, 8, survivors));

            sockets.forEach((replica, socket) -> assertThat(changesSeen(socket, expected.size()))
                    .as("events on the socket held by %s", replica).containsExactlyInAnyOrderElementsOf(expected));
            Map<String, List<String>> turns = proxy.turnsPerShard();
            List<String> abandoned = turns.keySet().stream()
                    .filter(shard -> turns.get(shard).getLast().equals(owner) && !proxy.readToTheEnd().contains(shard))
                    .toList();
            List<String> handedOver = turns.keySet().stream()
                    .filter(shard -> turns.get(shard).contains(owner) && !turns.get(shard).getLast().equals(owner))
                    .toList();
            assertThat(abandoned).as("shards %s read last and not to their end", owner).isEmpty();
            // (unless it read one to its end while stopping, which the "abandoned" check above covers)
            List<String> mustHaveMoved = readingAtStop.stream().filter(shard -> !turns.get(shard).equals(List.of(owner))).toList();
            assertThat(handedOver).as("shards %s handed over", owner).containsAll(mustHaveMoved)
                    .allSatisfy(shard -> assertThat(turns.get(shard)).hasSize(2).startsWith(owner));
            // Handovers only: no shard is read by one replica, then another, then the first again.
            assertThat(turns).allSatisfy((shard, readers) -> assertThat(readers).doesNotHaveDuplicates());
        } finally {
            sockets.values().forEach(EventSocketClient::close);
        }
    }

    @Test
    @Order(3)
    void whileRedisIsDownTheReadingReplicaStillDeliversToItsOwnSocketsAndEveryoneGetsEventsOnceItIsBack()
            throws InterruptedException {
        String token = tokens.customer("user-" + UUID.randomUUID());
        Map<String, EventSocketClient> sockets = connectEverywhere(token);
        try {
            List<String> before = changeOrdersThroughEveryReplica(token, 1, List.copyOf(replicas.keySet()));
            sockets.values().forEach(socket -> assertThat(changesSeen(socket, before.size()))
                    .containsExactlyInAnyOrderElementsOf(before));
            Map<String, Double> failuresBefore = new LinkedHashMap<>();
            replicas.keySet().forEach(replica -> failuresBefore.put(replica, publishFailures(replica)));

            redis.stop();
            List<String> duringOutage = changeOrdersThroughEveryReplica(token, 1, List.copyOf(replicas.keySet()));
            // Whoever read the records could not publish them: each goes to that replica's own socket only.
            Map<String, Integer> failed = new LinkedHashMap<>();
            long waitForFailures = System.nanoTime() + WAIT.toNanos();
            while (failed.values().stream().mapToInt(Integer::intValue).sum() < duringOutage.size()
                    && System.nanoTime() < waitForFailures) {
                replicas.keySet().forEach(replica -> failed.put(replica,
                        (int) (publishFailures(replica) - failuresBefore.get(replica))));
                Thread.sleep(50);
            }
            List<String> delivered = new ArrayList<>();
            failed.forEach((replica, count) -> delivered.addAll(changesSeen(sockets.get(replica), count)));
            assertThat(delivered).as("events delivered on the sockets of the replicas that read them (%s)", failed)
                    .containsExactlyInAnyOrderElementsOf(duringOutage);

            redis.start();
            // Lettuce reconnects on its own schedule: change orders until a change reaches another socket again.
            String owner = failed.entrySet().stream().filter(e -> e.getValue() > 0).findFirst().orElseThrow().getKey();
            String other = replicas.keySet().stream().filter(r -> !r.equals(owner)).findFirst().orElseThrow();
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<String> seenElsewhere = new ArrayList<>();
            List<String> after = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                after.addAll(changeOrdersThroughEveryReplica(token, 1, List.of(other)));
                JsonNode event = sockets.get(other).next(Duration.ofSeconds(1));
                if (event != null) {
                    seenElsewhere.add(event.get("order").get("id").asString() + " " + event.get("order").get("status").asString());
                    break;
                }
            }
            assertThat(seenElsewhere).as("a socket on another replica gets events again").isNotEmpty();
            // The first may be one it missed during the outage: the socket fills the hole in its numbers from the
            // customer's event log before the event that showed it.
            List<String> sent = new ArrayList<>(duringOutage);
            sent.addAll(after);
            assertThat(sent).containsAll(seenElsewhere);
        } finally {
            sockets.values().forEach(EventSocketClient::close);
        }
    }

    private static double publishFailures(String replica) {
        return replicas.get(replica).getBean(MeterRegistry.class)
                .counter("orders.stream.publish.failures").count();
    }

    @Test
    @Order(4)
    void whoeverReadsRedisLearnsNoOrderAndWhoeverWritesItCannotForgeAnEvent() throws Exception {
        String customer = "user-" + UUID.randomUUID();
        String token = tokens.customer(customer);
        Map<String, EventSocketClient> sockets = connectEverywhere(token);
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisPubSubConnection<String, String> listening = client.connectPubSub();
             StatefulRedisConnection<String, String> writing = client.connect()) {
            BlockingQueue<String> overheard = new LinkedBlockingQueue<>();
            listening.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    overheard.add(message);
                }
            });
            listening.sync().subscribe(CHANNEL);
            // A record of an order this customer never placed, as a replica would publish it unsealed.
            String forged = """
                    {"eventName": "INSERT", "dynamodb": {"SequenceNumber": "1", "Keys": {"customerId": {"S": "%s"},
                     "orderId": {"S": "01FORGED000000000000000000"}}, "NewImage": {"customerId": {"S": "%s"},
                     "orderId": {"S": "01FORGED000000000000000000"}, "status": {"S": "PAID"}, "currency": {"S": "EUR"},
                     "total": {"S": "0.01"}, "version": {"N": "1"}, "lines": {"L": []},
                     "createdAt": {"S": "2026-12-07T06:00:00.000Z"}, "updatedAt": {"S": "2026-12-07T06:00:00.000Z"}}}}
                    """.formatted(customer, customer);
            List<String> ours = List.of(forged, java.util.Base64.getEncoder().encodeToString(forged.getBytes()));
            ours.forEach(message -> writing.sync().publish(CHANNEL, message));

            List<String> real = changeOrdersThroughEveryReplica(token, 1, List.copyOf(replicas.keySet()));

            // The channel's order is kept: had a forged message been taken, it would come first.
            sockets.forEach((replica, socket) -> assertThat(changesSeen(socket, real.size()))
                    .as("events on the socket held by %s", replica).containsExactlyElementsOf(real));
            String orderId = real.getFirst().split(" ")[0];
            List<String> messages = new ArrayList<>();
            overheard.drainTo(messages);
            messages.removeAll(ours);
            assertThat(messages).as("the replicas' messages").hasSizeGreaterThanOrEqualTo(real.size())
                    .noneSatisfy(message -> assertThat(message).containsAnyOf(customer, orderId, "Lovelace", "9.99"));
            replicas.values().forEach(replica -> assertThat(replica.getBean(MeterRegistry.class)
                    .counter("orders.stream.records.rejected", "reason", "malformed").count()).isGreaterThanOrEqualTo(2));
        } finally {
            client.shutdown();
            sockets.values().forEach(EventSocketClient::close);
        }
    }

    @Test
    @Order(5)
    void aReplicaStartsWithoutRedisDeliversToItsOwnSocketsAndFansOutOnceRedisAnswers() throws Exception {
        TestRedis late = TestRedis.notStartedYet();
        try (late; ConfigurableApplicationContext alone = startReplica(engine.endpoint().toString(), "fanout-alone-",
                late.url(), Map.of("spring.data.redis.timeout", "500ms"))) {
            MeterRegistry meters = alone.getBean(MeterRegistry.class);
            String token = tokens.customer("user-" + UUID.randomUUID());
            ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port(alone)));
            EventSocketClient socket = EventSocketClient.connect(
                    URI.create("ws://127.0.0.1:" + port(alone) + "/ws/orders"), token);
            try {
                String id = place(api, token);
                assertThat(changesSeen(socket, 1)).containsExactly(id + " PENDING");
                assertThat(meters.counter("orders.stream.publish.failures").count()).isEqualTo(1);

                late.start();
                // It subscribes and publishes again on its own schedule: place orders until one comes back from Redis.
                long deadline = System.nanoTime() + WAIT.toNanos();
                // (Both counters: the subscriber may count a record before the publishing thread counts it.)
                while ((meters.counter("orders.stream.records.received").count() == 0
                        || meters.counter("orders.stream.records.published").count() == 0) && System.nanoTime() < deadline) {
                    String next = place(api, token);
                    assertThat(socket.next(WAIT).get("order").get("id").asString()).isEqualTo(next);
                }
                assertThat(meters.counter("orders.stream.records.received").count()).isPositive();
                assertThat(meters.counter("orders.stream.records.published").count()).isPositive();
            } finally {
                socket.close();
            }
        }
    }

    private static String place(ApiClient api, String token) {
        ApiClient.Response placed = api.post("/api/orders", token, OrdersServiceTest.orderBody(1),
                Map.of("Idempotency-Key", "key-" + UUID.randomUUID()));
        assertThat(placed.status()).isEqualTo(201);
        return placed.json().get("id").asString();
    }

    private static Map<String, EventSocketClient> connectEverywhere(String token) {
        Map<String, EventSocketClient> sockets = new LinkedHashMap<>();
        replicas.forEach((name, replica) -> sockets.put(name, EventSocketClient.connect(
                URI.create("ws://127.0.0.1:" + port(replica) + "/ws/orders"), token)));
        return sockets;
    }

    /**
     * Places {@code orders} orders and pays each, every call through the next replica in turn; the changes
     * as "orderId status" (one stream record each).
     */
    private static List<String> changeOrdersThroughEveryReplica(String token, int orders, List<String> through) {
        String admin = tokens.admin("admin-" + UUID.randomUUID());
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            ApiClient placing = api(through.get(i % through.size()));
            ApiClient.Response placed = placing.post("/api/orders", token, OrdersServiceTest.orderBody(1),
                    Map.of("Idempotency-Key", "key-" + UUID.randomUUID()));
            assertThat(placed.status()).isEqualTo(201);
            String id = placed.json().get("id").asString();
            ApiClient paying = api(through.get((i + 1) % through.size()));
            assertThat(paying.post("/api/orders/" + id + "/status", admin, "{\"status\": \"PAID\"}").status())
                    .isEqualTo(200);
            changes.add(id + " PENDING");
            changes.add(id + " PAID");
        }
        return changes;
    }

    /** The next {@code count} events of a socket as "orderId status", each order's in the order they came. */
    private static List<String> changesSeen(EventSocketClient socket, int count) {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (seen.size() < count && System.nanoTime() < deadline) {
            JsonNode event = socket.next(Duration.ofMillis(200));
            if (event != null) {
                seen.add(event.get("order").get("id").asString() + " " + event.get("order").get("status").asString());
            }
        }
        // Nothing more than the changes made: no event twice.
        JsonNode extra = socket.next(Duration.ofMillis(500));
        if (extra != null) {
            seen.add(extra.get("order").get("id").asString() + " " + extra.get("order").get("status").asString());
        }
        return seen;
    }

    private static ApiClient api(String replica) {
        return new ApiClient(URI.create("http://127.0.0.1:" + port(replicas.get(replica))));
    }

    private static int port(ConfigurableApplicationContext replica) {
        return ((WebServerApplicationContext) replica).getWebServer().getPort();
    }
}
