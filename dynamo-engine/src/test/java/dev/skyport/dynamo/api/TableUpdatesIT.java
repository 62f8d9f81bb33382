package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.api.TableLifecycleIT.attr;
import static dev.skyport.dynamo.api.TableLifecycleIT.key;
import static dev.skyport.dynamo.api.TableLifecycleIT.messageOf;
import static dev.skyport.dynamo.api.TableLifecycleIT.projection;
import static dev.skyport.dynamo.api.TableLifecycleIT.put;
import static dev.skyport.dynamo.api.TableLifecycleIT.table;
import static dev.skyport.dynamo.api.TableLifecycleIT.throughput;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.junit.DynamoEngineExtension;
import dev.skyport.dynamo.model.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableClass;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/** UpdateTable through the real AWS SDK: throughput, billing mode, global indexes, streams, protection and class. */
@ExtendWith(DynamoEngineExtension.class)
class TableUpdatesIT {

    static DynamoEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start(DynamoEngine started, DynamoDbClient client) {
        engine = started;
        dynamo = client;
    }

    static TableDescription describe(String name) {
        return dynamo.describeTable(b -> b.tableName(name)).table();
    }

    static GlobalSecondaryIndexUpdate create(String name, ProvisionedThroughput throughput, String hash) {
        return GlobalSecondaryIndexUpdate.builder().create(CreateGlobalSecondaryIndexAction.builder().indexName(name)
                .keySchema(key(hash, KeyType.HASH)).projection(projection(ProjectionType.ALL))
                .provisionedThroughput(throughput).build()).build();
    }

    static GlobalSecondaryIndexUpdate delete(String name) {
        return GlobalSecondaryIndexUpdate.builder().delete(d -> d.indexName(name)).build();
    }

    @Test
    void raisesAndLowersThroughputShowingTheOldValuesWhileUpdating() {
        dynamo.createTable(table("throughput", b -> { }));

        TableDescription raising = dynamo.updateTable(b -> b.tableName("throughput")
                .provisionedThroughput(throughput(10, 20))).tableDescription();
        assertThat(raising.tableStatus()).isEqualTo(TableStatus.UPDATING);
        assertThat(raising.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
        assertThat(raising.provisionedThroughput().lastIncreaseDateTime()).isNotNull();
        TableDescription raised = describe("throughput");
        assertThat(raised.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(raised.provisionedThroughput().readCapacityUnits()).isEqualTo(10);
        assertThat(raised.provisionedThroughput().writeCapacityUnits()).isEqualTo(20);

        TableDescription lowering = dynamo.updateTable(b -> b.tableName("throughput")
                .provisionedThroughput(throughput(1, 1))).tableDescription();
        assertThat(lowering.provisionedThroughput().lastDecreaseDateTime()).isNotNull();
        assertThat(lowering.provisionedThroughput().numberOfDecreasesToday()).isZero();
        TableDescription lowered = describe("throughput");
        assertThat(lowered.provisionedThroughput().numberOfDecreasesToday()).isEqualTo(1);
        assertThat(lowered.provisionedThroughput().lastIncreaseDateTime())
                .isEqualTo(raising.provisionedThroughput().lastIncreaseDateTime());
    }

    @Test
    void rejectsAThroughputThatWouldNotChange() {
        dynamo.createTable(table("unchanged", b -> { }));
        assertThat(messageOf(() -> dynamo.updateTable(b -> b.tableName("unchanged").provisionedThroughput(throughput(5, 5)))))
                .isEqualTo("The provisioned throughput for the table will not change. The requested value equals the "
                        + "current value. Current ReadCapacityUnits provisioned for the table: 5. Requested "
                        + "ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the table: 5. Requested "
                        + "WriteCapacityUnits: 5. Refer to the Amazon DynamoDB Developer Guide for current limits and "
                        + "how to request higher limits.");
    }

    @Test
    void rejectsAnUpdateThatChangesNothing() {
        assertThat(messageOf(() -> dynamo.updateTable(b -> b.tableName("anything"))))
                .isEqualTo("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                        + "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, "
                        + "ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, "
                        + "WarmThroughput or TableClass is required");
    }

    @Test
    void reportsAMissingTable() {
        assertThat(messageOf(ResourceNotFoundException.class, () -> dynamo.updateTable(b -> b.tableName("absent")
                .provisionedThroughput(throughput(2, 2)))))
                .isEqualTo("Requested resource not found: Table: absent not found");
    }

    @Test
    void switchesBetweenProvisionedAndOnDemand() {
        dynamo.createTable(table("switching", b -> { }));

        TableDescription switching = dynamo.updateTable(b -> b.tableName("switching")
                .billingMode(BillingMode.PAY_PER_REQUEST)).tableDescription();
        assertThat(switching.tableStatus()).isEqualTo(TableStatus.UPDATING);
        assertThat(switching.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        TableDescription onDemand = describe("switching");
        assertThat(onDemand.provisionedThroughput().readCapacityUnits()).isZero();
        assertThat(onDemand.billingModeSummary().lastUpdateToPayPerRequestDateTime()).isNotNull();
        assertThat(messageOf(() -> dynamo.updateTable(b -> b.tableName("switching").provisionedThroughput(throughput(3, 3)))))
                .isEqualTo("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits "
                        + "can be specified when BillingMode is PAY_PER_REQUEST");

        assertThat(messageOf(() -> dynamo.updateTable(b -> b.tableName("switching").billingMode(BillingMode.PROVISIONED))))
                .isEqualTo("One or more parameter values were invalid: ProvisionedThroughput must be specified when "
                        + "BillingMode is PROVISIONED");
        dynamo.updateTable(b -> b.tableName("switching").billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(throughput(3, 4)));
        TableDescription provisioned = describe("switching");
        assertThat(provisioned.provisionedThroughput().readCapacityUnits()).isEqualTo(3);
        assertThat(provisioned.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
        assertThat(provisioned.billingModeSummary().lastUpdateToPayPerRequestDateTime())
                .isEqualTo(onDemand.billingModeSummary().lastUpdateToPayPerRequestDateTime());
    }

    @Test
    void addsAGlobalIndexToATableWithItemsAndBackfillsIt() {
        dynamo.createTable(table("backfilled", b -> b.billingMode(BillingMode.PAY_PER_REQUEST)
                .provisionedThroughput((ProvisionedThroughput) null)));
        for (int i = 0; i < 10; i++) {
            put(engine, "backfilled", Map.of("id", AttributeValue.s("item" + i),
                    "colour", AttributeValue.s(i % 2 == 0 ? "red" : "blue")));
        }
        put(engine, "backfilled", Map.of("id", AttributeValue.s("no-colour")));

        TableDescription answer = dynamo.updateTable(b -> b.tableName("backfilled")
                .attributeDefinitions(attr("colour", ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(create("by-colour", null, "colour"))).tableDescription();
        assertThat(answer.tableStatus()).isEqualTo(TableStatus.UPDATING);
        GlobalSecondaryIndexDescription creating = answer.globalSecondaryIndexes().getFirst();
        assertThat(creating.indexStatus()).isEqualTo(IndexStatus.CREATING);
        assertThat(creating.backfilling()).isTrue();
        assertThat(creating.itemCount()).isZero();
        assertThat(answer.attributeDefinitions()).extracting(AttributeDefinition::attributeName)
                .containsExactly("id", "colour");

        GlobalSecondaryIndexDescription active = describe("backfilled").globalSecondaryIndexes().getFirst();
        assertThat(active.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
        assertThat(active.backfilling()).isNull();
        assertThat(active.itemCount()).isEqualTo(10);
        assertThat(engine.database().table("backfilled").index("by-colour")
                .partition(AttributeValue.s("red"))).hasSize(5);
    }

    @Test
    void addsAGlobalIndexToAnEmptyTableWithoutBackfilling() {
        dynamo.createTable(table("empty-gsi", b -> { }));
        TableDescription answer = dynamo.updateTable(b -> b.tableName("empty-gsi")
                .attributeDefinitions(attr("g", ScalarAttributeType.N))
                .globalSecondaryIndexUpdates(create("by-g", throughput(2, 3), "g"))).tableDescription();
        GlobalSecondaryIndexDescription creating = answer.globalSecondaryIndexes().getFirst();
        assertThat(creating.backfilling()).isFalse();
        assertThat(creating.provisionedThroughput().readCapacityUnits()).isEqualTo(2);
        assertThat(creating.provisionedThroughput().writeCapacityUnits()).isEqualTo(3);
    }

    @Test
    void deletesAGlobalIndexAndTheDefinitionsOnlyItUsed() {
        dynamo.createTable(table("dropping", b -> b
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(TableLifecycleIT.gsi("by-g", throughput(1, 1), key("g", KeyType.HASH)))));

        TableDescription answer = dynamo.updateTable(b -> b.tableName("dropping")
                .globalSecondaryIndexUpdates(delete("by-g"))).tableDescription();
        assertThat(answer.globalSecondaryIndexes()).singleElement()
                .satisfies(i -> assertThat(i.indexStatus()).isEqualTo(IndexStatus.DELETING));

        TableDescription after = describe("dropping");
        assertThat(after.hasGlobalSecondaryIndexes()).isFalse();
        assertThat(after.attributeDefinitions()).containsExactly(attr("id", ScalarAttributeType.S));
        assertThat(engine.database().table("dropping").index("by-g")).isNull();
    }

    @Test
    void rejectsIndexUpdatesTheServiceRejects() {
        dynamo.createTable(table("index-errors", b -> b
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(TableLifecycleIT.gsi("by-g", throughput(1, 1), key("g", KeyType.HASH)))));
        UpdateTableRequest.Builder base = UpdateTableRequest.builder().tableName("index-errors")
                .attributeDefinitions(attr("g", ScalarAttributeType.S), attr("h", ScalarAttributeType.S));

        assertThat(messageOf(() -> dynamo.updateTable(base.copy()
                .globalSecondaryIndexUpdates(create("by-g", throughput(1, 1), "g")).build())))
                .isEqualTo("Attempting to create an index which already exists");
        assertThat(messageOf(ResourceNotFoundException.class, () -> dynamo.updateTable(base.copy()
                .globalSecondaryIndexUpdates(delete("no-such")).build())))
                .isEqualTo("Requested resource not found: Index no-such for table index-errors");
        assertThat(messageOf(LimitExceededException.class, () -> dynamo.updateTable(base.copy()
                .globalSecondaryIndexUpdates(create("one", throughput(1, 1), "h"), create("two", throughput(1, 1), "h"))
                .build())))
                .isEqualTo("Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
        assertThat(messageOf(() -> dynamo.updateTable(b -> b.tableName("index-errors")
                .globalSecondaryIndexUpdates(create("new", throughput(1, 1), "h")))))
                .isEqualTo("One or more parameter values were invalid: AttributeDefinitions is not specified for index: new");
        assertThat(messageOf(() -> dynamo.updateTable(base.copy()
                .globalSecondaryIndexUpdates(create("new", null, "h")).build())))
                .isEqualTo("One or more parameter values were invalid: ProvisionedThroughput is not specified for index: new");
        assertThat(messageOf(() -> dynamo.updateTable(base.copy()
                .globalSecondaryIndexUpdates(delete("by-g"), delete("by-g")).build())))
                .isEqualTo("One or more parameter values were invalid: Only one global secondary index update per "
                        + "index is allowed simultaneously. Index: by-g");
        assertThat(messageOf(() -> dynamo.updateTable(b -> b.tableName("index-errors")
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().build()))))
                .isEqualTo("One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, "
                        + "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null");
    }

    @Test
    void changesAGlobalIndexThroughput() {
        dynamo.createTable(table("index-throughput", b -> b
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(TableLifecycleIT.gsi("by-g", throughput(1, 1), key("g", KeyType.HASH)))));
        TableDescription answer = dynamo.updateTable(b -> b.tableName("index-throughput")
                .globalSecondaryIndexUpdates(u -> u.update(a -> a.indexName("by-g")
                        .provisionedThroughput(throughput(7, 8))))).tableDescription();
        assertThat(answer.globalSecondaryIndexes().getFirst().indexStatus()).isEqualTo(IndexStatus.UPDATING);
        assertThat(answer.globalSecondaryIndexes().getFirst().provisionedThroughput().readCapacityUnits()).isEqualTo(1);
        GlobalSecondaryIndexDescription after = describe("index-throughput").globalSecondaryIndexes().getFirst();
        assertThat(after.provisionedThroughput().readCapacityUnits()).isEqualTo(7);
        assertThat(after.provisionedThroughput().writeCapacityUnits()).isEqualTo(8);
        assertThat(after.provisionedThroughput().lastIncreaseDateTime()).isNotNull();
    }

    @Test
    void enablesAndDisablesTheStreamKeepingTheLatestStreamArn() {
        dynamo.createTable(table("streamed", b -> { }));
        assertThat(messageOf(() -> dynamo.updateTable(b -> b.tableName("streamed")
                .streamSpecification(s -> s.streamEnabled(true)))))
                .isEqualTo("One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required");

        TableDescription enabled = dynamo.updateTable(b -> b.tableName("streamed")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)))
                .tableDescription();
        assertThat(enabled.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_IMAGE);
        assertThat(enabled.latestStreamArn()).isEqualTo(enabled.tableArn() + "/stream/" + enabled.latestStreamLabel());
        assertThat(messageOf(() -> dynamo.updateTable(b -> b.tableName("streamed")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)))))
                .isEqualTo("Table already has an enabled stream: TableName: streamed");

        assertThat(messageOf(() -> dynamo.updateTable(b -> b.tableName("streamed")
                .streamSpecification(s -> s.streamEnabled(false).streamViewType(StreamViewType.KEYS_ONLY)))))
                .isEqualTo("One or more parameter values were invalid: If stream is being disabled, then UpdateViewType "
                        + "must not be specified");
        dynamo.updateTable(b -> b.tableName("streamed").streamSpecification(s -> s.streamEnabled(false)));
        TableDescription disabled = describe("streamed");
        assertThat(disabled.streamSpecification()).isNull();
        assertThat(disabled.latestStreamArn()).isEqualTo(enabled.latestStreamArn());
        assertThat(messageOf(() -> dynamo.updateTable(b -> b.tableName("streamed")
                .streamSpecification(s -> s.streamEnabled(false)))))
                .isEqualTo("Table has no stream to disable: TableName: streamed");
    }

    @Test
    void changesTableClassAndDeletionProtectionOnlyAlone() {
        dynamo.createTable(table("classy", b -> { }));
        assertThat(messageOf(() -> dynamo.updateTable(b -> b.tableName("classy")
                .tableClass(TableClass.STANDARD_INFREQUENT_ACCESS).provisionedThroughput(throughput(6, 6)))))
                .isEqualTo("One or more parameter values were invalid: TableClass modification must be the only "
                        + "operation in the request");
        assertThat(messageOf(() -> dynamo.updateTable(b -> b.tableName("classy")
                .deletionProtectionEnabled(true).provisionedThroughput(throughput(6, 6)))))
                .isEqualTo("One or more parameter values were invalid: DeletionProtection modification must be the "
                        + "only operation in the request");

        dynamo.updateTable(b -> b.tableName("classy").tableClass(TableClass.STANDARD_INFREQUENT_ACCESS));
        dynamo.updateTable(b -> b.tableName("classy").deletionProtectionEnabled(true));
        TableDescription after = describe("classy");
        assertThat(after.tableClassSummary().tableClass()).isEqualTo(TableClass.STANDARD_INFREQUENT_ACCESS);
        assertThat(after.tableClassSummary().lastUpdateDateTime()).isNotNull();
        assertThat(after.deletionProtectionEnabled()).isTrue();
    }
}
