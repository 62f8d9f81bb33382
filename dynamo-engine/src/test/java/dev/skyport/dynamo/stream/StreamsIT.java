package dev.skyport.dynamo.stream;

import static dev.skyport.dynamo.SdkValues.n;
import static dev.skyport.dynamo.SdkValues.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.EngineClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/** DynamoDB Streams through the real SDK's DynamoDbStreamsClient. */
class StreamsIT {

    DynamoEngine engine;
    DynamoDbClient dynamo;
    DynamoDbStreamsClient streams;
    String streamArn;

    @BeforeEach
    void start() {
        engine = DynamoEngine.builder().shardRollover(5, Duration.ofHours(4)).start();
        dynamo = EngineClients.dynamo(engine.endpoint());
        streams = EngineClients.streams(engine.endpoint());
        streamArn = dynamo.createTable(b -> b.tableName("events").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription().latestStreamArn();
    }

    @AfterEach
    void stop() {
        streams.close();
        dynamo.close();
        engine.close();
    }

    @Test
    void recordsInsertModifyAndRemoveWithImagesInCommitOrder() {
        put("a", "1");
        put("a", "2");
        dynamo.deleteItem(b -> b.tableName("events").key(Map.of("id", s("a"))));

        List<Record> records = readAll();

        assertThat(records).extracting(Record::eventName)
                .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
        assertThat(records.get(1).dynamodb().oldImage()).containsEntry("v", s("1"));
        assertThat(records.get(1).dynamodb().newImage()).containsEntry("v", s("2"));
        assertThat(records.get(2).dynamodb().keys()).isEqualTo(Map.of("id", s("a")));
        assertThat(records).extracting(r -> new java.math.BigInteger(r.dynamodb().sequenceNumber())).isSorted();
        assertThat(records.getFirst().eventSource()).isEqualTo("aws:dynamodb");
        assertThat(records.getFirst().dynamodb().sizeBytes()).isPositive();
    }

    @Test
    void aWriteThatChangesNothingMakesNoRecord() {
        put("same", "1");
        put("same", "1");
        assertThat(readAll()).hasSize(1);
    }

    @Test
    void everyItemOfATransactionAppears() {
        dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("events").item(Map.of("id", s("t1")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName("events").item(Map.of("id", s("t2")))).build()));
        assertThat(readAll()).extracting(r -> r.dynamodb().keys().get("id").s()).containsExactly("t1", "t2");
    }

    @Test
    void fullShardsCloseAndChildShardsNameTheirParent() {
        for (int i = 0; i < 12; i++) {
            put("k" + i, "v");
        }
        List<Shard> shards = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
        assertThat(shards).hasSize(3);
        assertThat(shards.get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
        assertThat(shards.get(1).parentShardId()).isEqualTo(shards.get(0).shardId());
        assertThat(shards.get(2).sequenceNumberRange().endingSequenceNumber()).isNull();
        assertThat(readAll()).hasSize(12);
    }

    @Test
    void latestIteratorSeesOnlyLaterWritesAndAfterSequenceNumberResumes() {
        put("before", "1");
        Shard shard = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().getFirst();
        String latest = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        put("after", "1");
        put("after2", "1");
        List<Record> fromLatest = streams.getRecords(b -> b.shardIterator(latest)).records();
        assertThat(fromLatest).extracting(r -> r.dynamodb().keys().get("id").s()).containsExactly("after", "after2");

        String resume = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                .sequenceNumber(fromLatest.getFirst().dynamodb().sequenceNumber())).shardIterator();
        assertThat(streams.getRecords(b -> b.shardIterator(resume)).records())
                .extracting(r -> r.dynamodb().keys().get("id").s()).containsExactly("after2");
    }

    @Test
    void concurrentWritersKeepPerItemOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int w = 0; w < 8; w++) {
            String id = "item" + w;
            pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    put(id, Integer.toString(i));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        Map<String, List<Integer>> perItem = new java.util.HashMap<>();
        for (Record r : readAll()) {
            Map<String, AttributeValue> image = r.dynamodb().newImage();
            perItem.computeIfAbsent(image.get("id").s(), k -> new ArrayList<>()).add(Integer.parseInt(image.get("v").s()));
        }
        assertThat(perItem).hasSize(8);
        perItem.values().forEach(values -> assertThat(values).hasSize(25).isSorted());
    }

    @Test
    void ttlDeletionsAppearAsRemovesByTheService() {
        dynamo.updateTimeToLive(b -> b.tableName("events")
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        dynamo.putItem(b -> b.tableName("events").item(Map.of("id", s("old"), "expiresAt", n("1700000000"))));
        dynamo.putItem(b -> b.tableName("events").item(Map.of("id", s("fresh"),
                "expiresAt", n(Long.toString(System.currentTimeMillis() / 1000 + 3600)))));
        dynamo.putItem(b -> b.tableName("events").item(Map.of("id", s("text"), "expiresAt", s("1700000000"))));

        assertThat(engine.sweepExpiredItems()).isEqualTo(1);

        Record removal = readAll().getLast();
        assertThat(removal.eventName()).isEqualTo(OperationType.REMOVE);
        assertThat(removal.dynamodb().keys()).isEqualTo(Map.of("id", s("old")));
        assertThat(removal.userIdentity().type()).isEqualTo("Service");
        assertThat(removal.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(dynamo.getItem(b -> b.tableName("events").key(Map.of("id", s("fresh")))).hasItem()).isTrue();
        assertThat(dynamo.getItem(b -> b.tableName("events").key(Map.of("id", s("text")))).hasItem()).isTrue();
    }

    @Test
    void disablingAndReenablingMakesANewStream() {
        dynamo.updateTable(b -> b.tableName("events").streamSpecification(s -> s.streamEnabled(false)));
        assertThat(streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().streamStatusAsString())
                .isEqualTo("DISABLED");
        String second = dynamo.updateTable(b -> b.tableName("events")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)))
                .tableDescription().latestStreamArn();
        assertThat(second).isNotEqualTo(streamArn);
        assertThat(streams.listStreams(b -> b.tableName("events")).streams()).hasSize(2);
    }

    @Test
    void unknownStreamMalformedAndExpiredIteratorsAreRejected() {
        assertThatThrownBy(() -> streams.describeStream(b -> b.streamArn(streamArn + "x")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> streams.getRecords(b -> b.shardIterator("not-an-iterator")))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        put("x", "1");
        Shard shard = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().getFirst();
        String expired = ShardIterators.encode(streamArn, shard.shardId(), shard.sequenceNumberRange()
                .startingSequenceNumber().isEmpty() ? java.math.BigInteger.ONE
                : new java.math.BigInteger(shard.sequenceNumberRange().startingSequenceNumber()),
                System.currentTimeMillis() - ShardIterators.VALIDITY_MILLIS - 1000);
        assertThatThrownBy(() -> streams.getRecords(b -> b.shardIterator(expired)))
                .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException.class);
    }

    private void put(String id, String v) {
        dynamo.putItem(b -> b.tableName("events").item(Map.of("id", s(id), "v", s(v))));
    }

    /** Reads every shard from TRIM_HORIZON to its end (or to the present for the open shard). */
    private List<Record> readAll() {
        List<Record> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String it = iterator;
                var page = streams.getRecords(b -> b.shardIterator(it).limit(3));
                records.addAll(page.records());
                if (page.records().isEmpty()) {
                    break;
                }
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }
}
