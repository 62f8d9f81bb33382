package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.api.TableLifecycleIT.attr;
import static dev.skyport.dynamo.api.TableLifecycleIT.gsi;
import static dev.skyport.dynamo.api.TableLifecycleIT.key;
import static dev.skyport.dynamo.api.TableLifecycleIT.throughput;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.EngineClients;
import dev.skyport.testsupport.MovableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableClass;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/**
 * What DescribeTable reports about a table's past (throughput change times and decrease counts, when it
 * went on demand, the table class change, on-demand ceilings, warm throughput, encryption, attribute
 * order) survives a restart on the same data directory, from the log and from a compacted snapshot.
 */
class TableHistoryDurabilityIT {

    private static final String TABLE = "history";
    private static final long CREATED = 1_750_000_000_000L;

    @TempDir
    Path dir;

    /** The engine's time, set before each call so the times DescribeTable reports are known exactly. */
    final MovableClock clock = new MovableClock(Instant.ofEpochMilli(CREATED));
    DynamoEngine engine;
    DynamoDbClient dynamo;

    void start() {
        engine = DynamoEngine.builder().dataDirectory(dir).clock(clock).start();
        dynamo = EngineClients.dynamo(engine.endpoint());
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            dynamo.close();
            engine.close();
            engine = null;
        }
    }

    void restart() {
        stop();
        start();
    }

    TableDescription describe() {
        return dynamo.describeTable(b -> b.tableName(TABLE)).table();
    }

    /** UpdateTable at {@code millis} on the engine's clock. */
    void updateAt(long millis, Consumer<UpdateTableRequest.Builder> change) {
        clock.set(Instant.ofEpochMilli(millis));
        dynamo.updateTable(b -> change.accept(b.tableName(TABLE)));
    }

    static GlobalSecondaryIndexUpdate indexThroughput(String index, long read, long write) {
        return GlobalSecondaryIndexUpdate.builder()
                .update(u -> u.indexName(index).provisionedThroughput(throughput(read, write))).build();
    }

    static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    @Test
    void describeTableAnswersTheSameAfterARestart() {
        start();
        // The non-key attribute first: the client's order, which the description keeps.
        dynamo.createTable(b -> b.tableName(TABLE)
                .attributeDefinitions(attr("colour", ScalarAttributeType.S), attr("id", ScalarAttributeType.S))
                .keySchema(key("id", KeyType.HASH))
                .provisionedThroughput(throughput(5, 5))
                .globalSecondaryIndexes(gsi("by-colour", throughput(5, 5), key("colour", KeyType.HASH))));
        updateAt(CREATED + 1_000, b -> b.provisionedThroughput(throughput(10, 8)));
        updateAt(CREATED + 2_000, b -> b.provisionedThroughput(throughput(4, 8)));
        updateAt(CREATED + 3_000, b -> b.globalSecondaryIndexUpdates(indexThroughput("by-colour", 2, 2)));
        updateAt(CREATED + 4_000, b -> b.billingMode(BillingMode.PAY_PER_REQUEST)
                .onDemandThroughput(o -> o.maxReadRequestUnits(500L)));
        updateAt(CREATED + 5_000, b -> b.warmThroughput(w -> w.readUnitsPerSecond(20_000L)
                .writeUnitsPerSecond(6_000L)));
        updateAt(CREATED + 6_000, b -> b.tableClass(TableClass.STANDARD_INFREQUENT_ACCESS));
        updateAt(CREATED + 7_000, b -> b.sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS)
                .kmsMasterKeyId("alias/history-key")));
        clock.set(Instant.ofEpochMilli(CREATED + 60_000));

        TableDescription before = describe();

        ProvisionedThroughputDescription table = before.provisionedThroughput();
        assertThat(table.lastIncreaseDateTime()).isEqualTo(at(CREATED + 1_000));
        assertThat(table.lastDecreaseDateTime()).isEqualTo(at(CREATED + 2_000));
        assertThat(table.numberOfDecreasesToday()).isEqualTo(1);
        GlobalSecondaryIndexDescription index = before.globalSecondaryIndexes().getFirst();
        assertThat(index.provisionedThroughput().lastDecreaseDateTime()).isEqualTo(at(CREATED + 3_000));
        assertThat(index.provisionedThroughput().numberOfDecreasesToday()).isEqualTo(1);
        assertThat(before.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(before.billingModeSummary().lastUpdateToPayPerRequestDateTime()).isEqualTo(at(CREATED + 4_000));
        assertThat(before.onDemandThroughput().maxReadRequestUnits()).isEqualTo(500);
        assertThat(before.onDemandThroughput().maxWriteRequestUnits()).isEqualTo(-1);
        assertThat(before.warmThroughput().readUnitsPerSecond()).isEqualTo(20_000);
        assertThat(before.warmThroughput().writeUnitsPerSecond()).isEqualTo(6_000);
        assertThat(before.tableClassSummary().tableClass()).isEqualTo(TableClass.STANDARD_INFREQUENT_ACCESS);
        assertThat(before.tableClassSummary().lastUpdateDateTime()).isEqualTo(at(CREATED + 6_000));
        assertThat(before.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
        assertThat(before.sseDescription().sseType()).isEqualTo(SSEType.KMS);
        assertThat(before.sseDescription().kmsMasterKeyArn())
                .isEqualTo("arn:aws:kms:us-east-1:000000000000:alias/history-key");
        assertThat(before.attributeDefinitions()).containsExactly(attr("colour", ScalarAttributeType.S),
                attr("id", ScalarAttributeType.S));

        restart();
        TableDescription replayed = describe();

        assertThat(replayed.provisionedThroughput()).isEqualTo(before.provisionedThroughput());
        assertThat(replayed.globalSecondaryIndexes()).isEqualTo(before.globalSecondaryIndexes());
        assertThat(replayed.billingModeSummary()).isEqualTo(before.billingModeSummary());
        assertThat(replayed.tableClassSummary()).isEqualTo(before.tableClassSummary());
        assertThat(replayed.sseDescription()).isEqualTo(before.sseDescription());
        assertThat(replayed).isEqualTo(before);

        engine.compactJournal().join();
        restart();

        assertThat(describe()).as("from the snapshot").isEqualTo(before);
    }

    @Test
    void aTableRecreatedUnderTheSameNameStartsWithoutHistory() {
        start();
        dynamo.createTable(TableLifecycleIT.table(TABLE, b -> { }));
        updateAt(CREATED + 1_000, b -> b.provisionedThroughput(throughput(1, 1)));
        updateAt(CREATED + 2_000, b -> b.tableClass(TableClass.STANDARD_INFREQUENT_ACCESS));
        dynamo.deleteTable(b -> b.tableName(TABLE));
        dynamo.createTable(TableLifecycleIT.table(TABLE, b -> { }));

        restart();
        TableDescription fresh = describe();

        assertThat(fresh.provisionedThroughput().lastDecreaseDateTime()).isNull();
        assertThat(fresh.provisionedThroughput().numberOfDecreasesToday()).isZero();
        assertThat(fresh.tableClassSummary()).isNull();
        assertThat(fresh.billingModeSummary()).isNull();
    }
}
