package dev.skyport.dynamo.stream;

import static dev.skyport.dynamo.SdkValues.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.EngineClients;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Streams with a data directory, through the real SDK: after a restart (and after compactions) every
 * stream, shard and record is as it was, and a consumer resumes after its last sequence number with
 * nothing lost and nothing twice. (A kill -9 is in CrashRecoveryIT.)
 */
class StreamsDurabilityIT {

    private static final String TABLE = "events";

    @TempDir
    Path dir;

    DynamoEngine engine;
    DynamoDbClient dynamo;
    DynamoDbStreamsClient streams;

    void start() {
        engine = DynamoEngine.builder().dataDirectory(dir).shardRollover(5, Duration.ofHours(4))
                .ttlSweepInterval(Duration.ofHours(1)).start();
        dynamo = EngineClients.dynamo(engine.endpoint());
        streams = EngineClients.streams(engine.endpoint());
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            streams.close();
            dynamo.close();
            engine.close();
            engine = null;
        }
    }

    void restart() {
        stop();
        start();
    }

    String createTable(StreamViewType viewType) {
        return dynamo.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(viewType)))
                .tableDescription().latestStreamArn();
    }

    void put(String id, String v) {
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("id", s(id), "v", s(v))));
    }

    void transaction(String a, String b) {
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(Map.of("id", s(a), "v", s("tx")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(Map.of("id", s(b), "v", s("tx")))).build()));
    }

    StreamDescription describe(String arn) {
        return streams.describeStream(b -> b.streamArn(arn)).streamDescription();
    }

    /** Every record of every shard, oldest shard first. */
    List<Record> readAll(String arn) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : describe(arn).shards()) {
            records.addAll(read(arn, shard.shardId(), ShardIteratorType.TRIM_HORIZON, null));
        }
        return records;
    }

    /** From an iterator of one shard to its end (or to the present for the open shard), in small pages. */
    List<Record> read(String arn, String shardId, ShardIteratorType type, String sequenceNumber) {
        String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shardId).shardIteratorType(type)
                .sequenceNumber(sequenceNumber)).shardIterator();
        List<Record> records = new ArrayList<>();
        while (iterator != null) {
            String it = iterator;
            var page = streams.getRecords(b -> b.shardIterator(it).limit(2));
            records.addAll(page.records());
            if (page.records().isEmpty()) {
                break;
            }
            iterator = page.nextShardIterator();
        }
        return records;
    }

    /**
     * What a consumer that stored {@code sequenceNumber} reads next: the rest of the shard holding it
     * (AFTER_SEQUENCE_NUMBER), then the later shards from their start.
     */
    List<Record> resumeAfter(String arn, String sequenceNumber) {
        BigInteger seq = new BigInteger(sequenceNumber);
        List<Record> records = new ArrayList<>();
        boolean found = false;
        for (Shard shard : describe(arn).shards()) {
            if (found) {
                records.addAll(read(arn, shard.shardId(), ShardIteratorType.TRIM_HORIZON, null));
                continue;
            }
            String end = shard.sequenceNumberRange().endingSequenceNumber();
            if (new BigInteger(shard.sequenceNumberRange().startingSequenceNumber()).compareTo(seq) <= 0
                    && (end == null || new BigInteger(end).compareTo(seq) >= 0)) {
                records.addAll(read(arn, shard.shardId(), ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequenceNumber));
                found = true;
            }
        }
        assertThat(found).as("a shard holds %s", sequenceNumber).isTrue();
        return records;
    }

    static String id(Record r) {
        return r.dynamodb().keys().get("id").s();
    }

    static void assertWellFormed(List<Record> records) {
        assertThat(records).extracting(r -> new BigInteger(r.dynamodb().sequenceNumber())).isSorted()
                .doesNotHaveDuplicates();
        assertThat(records).extracting(Record::eventID).doesNotHaveDuplicates();
    }

    @Test
    void aConsumerResumesAfterARestartWithNothingLostAndNothingTwice() {
        start();
        String arn = createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        dynamo.updateTimeToLive(b -> b.tableName(TABLE)
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        for (int i = 0; i < 7; i++) {
            put("a" + i, "1");
        }
        List<Record> consumed = readAll(arn);
        assertThat(consumed).hasSize(7);
        String checkpoint = consumed.getLast().dynamodb().sequenceNumber();

        put("a1", "2");
        dynamo.deleteItem(b -> b.tableName(TABLE).key(Map.of("id", s("a2"))));
        transaction("t1", "t2");
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("id", s("old"),
                "expiresAt", AttributeValue.fromN("1700000000"))));
        assertThat(engine.sweepExpiredItems()).isEqualTo(1);
        List<Record> all = readAll(arn);
        List<Shard> shards = describe(arn).shards();
        assertThat(all).hasSize(13);
        assertThat(shards).hasSizeGreaterThan(2);

        restart();

        assertThat(describe(arn).shards()).isEqualTo(shards);
        assertThat(describe(arn).streamStatus()).isEqualTo(StreamStatus.ENABLED);
        assertThat(readAll(arn)).isEqualTo(all);
        List<Record> resumed = resumeAfter(arn, checkpoint);
        assertThat(resumed).isEqualTo(all.subList(7, all.size()));
        assertThat(resumed).extracting(StreamsDurabilityIT::id)
                .containsExactly("a1", "a2", "t1", "t2", "old", "old");
        assertThat(resumed.get(0).dynamodb().oldImage()).containsEntry("v", s("1"));
        assertThat(resumed.get(0).dynamodb().newImage()).containsEntry("v", s("2"));
        assertThat(resumed.get(1).eventName()).isEqualTo(OperationType.REMOVE);
        Record ttl = resumed.getLast();
        assertThat(ttl.eventName()).isEqualTo(OperationType.REMOVE);
        assertThat(ttl.userIdentity().type()).isEqualTo("Service");
        assertThat(ttl.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(resumed.get(4).userIdentity()).isNull();

        // New records continue the numbering: after everything before the restart.
        put("later", "1");
        List<Record> now = readAll(arn);
        assertThat(now.subList(0, all.size())).isEqualTo(all);
        assertThat(now).hasSize(all.size() + 1);
        assertWellFormed(now);
        assertThat(resumeAfter(arn, all.getLast().dynamodb().sequenceNumber())).extracting(StreamsDurabilityIT::id)
                .containsExactly("later");
    }

    @Test
    void compactionsKeepTheStreamsExactly() {
        start();
        String arn = createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        for (int i = 0; i < 8; i++) {
            put("k" + i, "1");
        }
        String checkpoint = readAll(arn).getLast().dynamodb().sequenceNumber();
        engine.compactJournal().join();
        put("k0", "2");
        transaction("t1", "t2");
        List<Record> all = readAll(arn);
        List<Shard> shards = describe(arn).shards();

        restart();
        assertThat(describe(arn).shards()).isEqualTo(shards);
        assertThat(readAll(arn)).isEqualTo(all);

        // Again with only a snapshot to start from.
        engine.compactJournal().join();
        restart();
        assertThat(describe(arn).shards()).isEqualTo(shards);
        assertThat(readAll(arn)).isEqualTo(all);
        assertThat(resumeAfter(arn, checkpoint)).isEqualTo(all.subList(8, all.size()))
                .extracting(StreamsDurabilityIT::id).containsExactly("k0", "t1", "t2");

        for (int i = 0; i < 6; i++) {
            put("m" + i, "1");
        }
        engine.compactJournal().join();
        List<Record> more = readAll(arn);
        restart();
        assertThat(readAll(arn)).isEqualTo(more).startsWith(all.toArray(Record[]::new));
        assertWellFormed(more);
        assertThat(describe(arn).shards()).startsWith(shards.subList(0, shards.size() - 1).toArray(Shard[]::new));
    }

    @Test
    void disabledStreamsStayDisabledWithTheirRecords() {
        start();
        String first = createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        put("a", "1");
        put("b", "1");
        dynamo.updateTable(b -> b.tableName(TABLE).streamSpecification(s -> s.streamEnabled(false)));
        StreamDescription disabled = describe(first);
        assertThat(disabled.streamStatus()).isEqualTo(StreamStatus.DISABLED);
        List<Record> firstRecords = readAll(first);
        String second = dynamo.updateTable(b -> b.tableName(TABLE)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)))
                .tableDescription().latestStreamArn();
        put("c", "1");
        List<Record> secondRecords = readAll(second);
        StreamDescription enabled = describe(second);

        restart();
        assertThat(describe(first)).isEqualTo(disabled);
        assertThat(readAll(first)).isEqualTo(firstRecords).hasSize(2);
        assertThat(describe(second)).isEqualTo(enabled);
        assertThat(readAll(second)).isEqualTo(secondRecords).extracting(StreamsDurabilityIT::id).containsExactly("c");
        assertThat(streams.listStreams(b -> b.tableName(TABLE)).streams()).hasSize(2);

        dynamo.deleteTable(b -> b.tableName(TABLE));
        engine.compactJournal().join();
        restart();
        assertThat(describe(first)).isEqualTo(disabled);
        assertThat(describe(second).streamStatus()).isEqualTo(StreamStatus.DISABLED);
        assertThat(describe(second).shards()).allSatisfy(
                shard -> assertThat(shard.sequenceNumberRange().endingSequenceNumber()).isNotNull());
        assertThat(readAll(second)).isEqualTo(secondRecords);
    }

    @Test
    void aStreamWithoutRecordsKeepsItsShardAcrossRestarts() {
        start();
        String arn = createTable(StreamViewType.NEW_IMAGE);
        StreamDescription before = describe(arn);
        assertThat(before.shards()).hasSize(1);
        restart();
        assertThat(describe(arn)).isEqualTo(before);
        put("x", "1");
        assertThat(readAll(arn)).extracting(StreamsDurabilityIT::id).containsExactly("x");
        assertThat(describe(arn).shards()).isEqualTo(before.shards());
    }
}
