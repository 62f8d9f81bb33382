package dev.skyport.orders.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The stream reader alone against an engine whose shards roll over every 5 records. */
class OrdersStreamReaderIT {

    private static DynamoEngine engine;
    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void startEngine() {
        engine = DynamoEngine.builder().host("127.0.0.1").port(0).shardRollover(5, Duration.ofHours(1)).start();
        URI endpoint = engine.endpoint();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
        dynamo = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
    }

    @AfterAll
    static void stopEngine() {
        dynamo.close();
        streams.close();
        engine.close();
    }

    private static void createTable(String name) {
        dynamo.createTable(r -> r.tableName(name)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .billingMode("PAY_PER_REQUEST")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    }

    private static void put(String table, String pk, int n) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk),
                "n", AttributeValue.fromN(Integer.toString(n)))));
    }

    @Test
    void followsChildShardsInOrderFromLatestAtStartUp() throws InterruptedException {
        createTable("reader-a");
        put("reader-a", "before", 0); // written before the reader started: not delivered
        List<Record> seen = new CopyOnWriteArrayList<>();
        OrdersStreamReader reader = new OrdersStreamReader(dynamo, streams, "reader-a", seen::add,
                Duration.ofMillis(10), Duration.ofMillis(200));
        reader.start();
        try {
            while (!reader.following()) {
                Thread.sleep(10);
            }
            for (int i = 1; i <= 23; i++) {
                put("reader-a", "order-1", i); // 23 records over five shards
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (seen.size() < 23 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(seen).extracting(r -> Integer.parseInt(r.dynamodb().newImage().get("n").n()))
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 23).boxed().toList());
            assertThat(seen).extracting(r -> new java.math.BigInteger(r.dynamodb().sequenceNumber())).isSorted();
            assertThat(streams.describeStream(r -> r.streamArn(dynamo.describeTable(t -> t.tableName("reader-a"))
                    .table().latestStreamArn())).streamDescription().shards().size()).isGreaterThanOrEqualTo(5);
        } finally {
            reader.stop();
        }
    }

    @Test
    void waitsForATableThatDoesNotExistYet() throws InterruptedException {
        List<Record> seen = new CopyOnWriteArrayList<>();
        OrdersStreamReader reader = new OrdersStreamReader(dynamo, streams, "reader-b", seen::add,
                Duration.ofMillis(10), Duration.ofMillis(200));
        reader.start();
        try {
            Thread.sleep(300);
            assertThat(reader.following()).isFalse();
            createTable("reader-b");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!reader.following() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(reader.following()).isTrue();
            put("reader-b", "order-2", 1);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(seen).hasSize(1);
        } finally {
            reader.stop();
        }
    }
}
