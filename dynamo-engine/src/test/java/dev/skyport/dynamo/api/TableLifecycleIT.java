package dev.skyport.dynamo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.junit.DynamoEngineExtension;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.storage.TableData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableClass;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** CreateTable, DescribeTable and DeleteTable through the real AWS SDK, with the service's answers and errors. */
@ExtendWith(DynamoEngineExtension.class)
class TableLifecycleIT {

    static DynamoEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start(DynamoEngine started, DynamoDbClient client) {
        engine = started;
        dynamo = client;
    }

    static AttributeDefinition attr(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    static ProvisionedThroughput throughput(long read, long write) {
        return ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build();
    }

    static Projection projection(ProjectionType type, String... nonKey) {
        Projection.Builder p = Projection.builder().projectionType(type);
        return nonKey.length == 0 ? p.build() : p.nonKeyAttributes(nonKey).build();
    }

    /** The service's message, without the SDK's " (Service: ...)" suffix. */
    static String messageOf(Runnable call) {
        DynamoDbException e = catchThrowableOfType(DynamoDbException.class, call::run);
        assertThat(e).as("expected the call to fail").isNotNull();
        return e.awsErrorDetails().errorMessage();
    }

    static <T extends DynamoDbException> String messageOf(Class<T> type, Runnable call) {
        T e = catchThrowableOfType(type, call::run);
        assertThat(e).as("expected " + type.getSimpleName()).isNotNull();
        return e.awsErrorDetails().errorMessage();
    }

    /** A valid hash-key table request, changed by {@code change}. */
    static CreateTableRequest table(String name, Consumer<CreateTableRequest.Builder> change) {
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(name)
                .attributeDefinitions(attr("id", ScalarAttributeType.S))
                .keySchema(key("id", KeyType.HASH))
                .provisionedThroughput(throughput(5, 5));
        change.accept(b);
        return b.build();
    }

    @Test
    void answersCreatingAndThenDescribesTheTableActive() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TableDescription created = dynamo.createTable(table("basic", b -> { })).tableDescription();

        assertThat(created.tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThat(created.tableName()).isEqualTo("basic");
        assertThat(created.attributeDefinitions()).containsExactly(attr("id", ScalarAttributeType.S));
        assertThat(created.keySchema()).containsExactly(key("id", KeyType.HASH));
        assertThat(created.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
        assertThat(created.provisionedThroughput().writeCapacityUnits()).isEqualTo(5);
        assertThat(created.provisionedThroughput().numberOfDecreasesToday()).isZero();
        assertThat(created.itemCount()).isZero();
        assertThat(created.tableSizeBytes()).isZero();
        assertThat(created.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/basic");
        assertThat(created.tableId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(created.creationDateTime()).isBetween(before, Instant.now());
        assertThat(created.billingModeSummary()).isNull();
        assertThat(created.deletionProtectionEnabled()).isFalse();
        assertThat(created.tableClassSummary()).isNull();
        assertThat(created.streamSpecification()).isNull();

        TableDescription described = dynamo.describeTable(b -> b.tableName("basic")).table();
        assertThat(described.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(described.tableId()).isEqualTo(created.tableId());
        assertThat(described.creationDateTime()).isEqualTo(created.creationDateTime());
        assertThat(described.warmThroughput().readUnitsPerSecond()).isEqualTo(5);
        assertThat(described.warmThroughput().writeUnitsPerSecond()).isEqualTo(5);
    }

    @Test
    void describesAnOnDemandTableWithZeroThroughputAndABillingSummary() {
        TableDescription created = dynamo.createTable(table("on-demand", b -> b
                .billingMode(BillingMode.PAY_PER_REQUEST).provisionedThroughput((ProvisionedThroughput) null)))
                .tableDescription();
        assertThat(created.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(created.billingModeSummary().lastUpdateToPayPerRequestDateTime()).isNull();

        TableDescription table = dynamo.describeTable(b -> b.tableName("on-demand")).table();
        assertThat(table.provisionedThroughput().readCapacityUnits()).isZero();
        assertThat(table.provisionedThroughput().writeCapacityUnits()).isZero();
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(table.billingModeSummary().lastUpdateToPayPerRequestDateTime()).isEqualTo(table.creationDateTime());
        assertThat(table.warmThroughput().readUnitsPerSecond()).isEqualTo(12000);
        assertThat(table.warmThroughput().writeUnitsPerSecond()).isEqualTo(4000);
    }

    @Test
    void describesIndexesStreamsClassProtectionAndTags() {
        TableDescription created = dynamo.createTable(CreateTableRequest.builder().tableName("indexed")
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N),
                        attr("gsiKey", ScalarAttributeType.B), attr("lsiKey", ScalarAttributeType.S))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-gsi")
                        .keySchema(key("gsiKey", KeyType.HASH), key("sk", KeyType.RANGE))
                        .projection(projection(ProjectionType.INCLUDE, "extra")).build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-lsi")
                        .keySchema(key("pk", KeyType.HASH), key("lsiKey", KeyType.RANGE))
                        .projection(projection(ProjectionType.KEYS_ONLY)).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .tableClass(TableClass.STANDARD_INFREQUENT_ACCESS)
                .deletionProtectionEnabled(true)
                .tags(Tag.builder().key("team").value("orders").build())
                .build()).tableDescription();

        assertThat(created.attributeDefinitions()).extracting(AttributeDefinition::attributeName)
                .containsExactly("pk", "sk", "gsiKey", "lsiKey");
        assertThat(created.globalSecondaryIndexes()).singleElement().satisfies(gsi -> {
            assertThat(gsi.indexStatus()).isEqualTo(IndexStatus.CREATING);
            assertThat(gsi.backfilling()).isNull();
            assertThat(gsi.projection().nonKeyAttributes()).containsExactly("extra");
            assertThat(gsi.indexArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/indexed/index/by-gsi");
            assertThat(gsi.provisionedThroughput().readCapacityUnits()).isZero();
        });
        assertThat(created.localSecondaryIndexes()).singleElement().satisfies(lsi -> {
            assertThat(lsi.indexName()).isEqualTo("by-lsi");
            assertThat(lsi.keySchema()).containsExactly(key("pk", KeyType.HASH), key("lsiKey", KeyType.RANGE));
            assertThat(lsi.itemCount()).isZero();
            assertThat(lsi.indexArn()).endsWith(":table/indexed/index/by-lsi");
        });
        assertThat(created.streamSpecification().streamEnabled()).isTrue();
        assertThat(created.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(created.latestStreamLabel()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(created.latestStreamArn()).isEqualTo(created.tableArn() + "/stream/" + created.latestStreamLabel());
        assertThat(created.tableClassSummary().tableClass()).isEqualTo(TableClass.STANDARD_INFREQUENT_ACCESS);
        assertThat(created.deletionProtectionEnabled()).isTrue();

        put(engine, "indexed", java.util.Map.of("pk", AttributeValue.s("a"), "sk", AttributeValue.n("1"),
                "lsiKey", AttributeValue.s("x")));
        TableDescription described = dynamo.describeTable(b -> b.tableName("indexed")).table();
        assertThat(described.globalSecondaryIndexes().getFirst().indexStatus()).isEqualTo(IndexStatus.ACTIVE);
        assertThat(described.itemCount()).isEqualTo(1);
        assertThat(described.tableSizeBytes()).isPositive();
        assertThat(described.localSecondaryIndexes().getFirst().itemCount()).isEqualTo(1);
        assertThat(described.globalSecondaryIndexes().getFirst().itemCount()).isZero();
        assertThat(dynamo.listTagsOfResource(b -> b.resourceArn(described.tableArn())).tags())
                .containsExactly(Tag.builder().key("team").value("orders").build());
    }

    @Test
    void describesEncryptionAndOnDemandCeilings() {
        TableDescription created = dynamo.createTable(table("encrypted", b -> b
                .billingMode(BillingMode.PAY_PER_REQUEST).provisionedThroughput((ProvisionedThroughput) null)
                .sseSpecification(s -> s.enabled(true))
                .onDemandThroughput(o -> o.maxReadRequestUnits(100L).maxWriteRequestUnits(50L)))).tableDescription();
        assertThat(created.sseDescription().statusAsString()).isEqualTo("ENABLED");
        assertThat(created.sseDescription().sseTypeAsString()).isEqualTo("KMS");
        assertThat(created.sseDescription().kmsMasterKeyArn()).startsWith("arn:aws:kms:us-east-1:000000000000:key/");
        assertThat(created.onDemandThroughput().maxReadRequestUnits()).isEqualTo(100);
        assertThat(created.onDemandThroughput().maxWriteRequestUnits()).isEqualTo(50);

        assertThat(messageOf(() -> dynamo.createTable(table("ceiling", b -> b
                .onDemandThroughput(o -> o.maxReadRequestUnits(100L))))))
                .isEqualTo("One or more parameter values were invalid: MaxReadRequestUnits for OnDemandThroughput "
                        + "cannot be specified when table BillingMode is PROVISIONED.");
    }

    @Test
    void acceptsTheTableArnAsTableName() {
        dynamo.createTable(table("by-arn", b -> { }));
        TableDescription table = dynamo.describeTable(b -> b.tableName(
                "arn:aws:dynamodb:us-east-1:000000000000:table/by-arn")).table();
        assertThat(table.tableName()).isEqualTo("by-arn");
    }

    @Test
    void rejectsASecondTableWithTheSameName() {
        dynamo.createTable(table("twice", b -> { }));
        assertThat(messageOf(ResourceInUseException.class, () -> dynamo.createTable(table("twice", b -> { }))))
                .isEqualTo("Table already exists: twice");
    }

    @Test
    void rejectsThroughputThatDoesNotFitTheBillingMode() {
        assertThat(messageOf(() -> dynamo.createTable(table("bad-mode", b -> b.billingMode(BillingMode.PAY_PER_REQUEST)))))
                .isEqualTo("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits "
                        + "can be specified when BillingMode is PAY_PER_REQUEST");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-mode", b -> b
                .provisionedThroughput((ProvisionedThroughput) null)))))
                .isEqualTo("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must "
                        + "both be specified when BillingMode is PROVISIONED");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-mode", b -> b
                .provisionedThroughput(throughput(1_000_000_000_001L, 1))))))
                .isEqualTo("Given value 1000000000001 for ReadCapacityUnits is out of bounds");
    }

    @Test
    void echoesAKeySchemaOfThreeElementsAsTheServicesJavaObjects() {
        assertThat(messageOf(() -> dynamo.createTable(table("three-keys", b -> b
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.S),
                        attr("extra", ScalarAttributeType.S))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE), key("extra", KeyType.RANGE))))))
                .isEqualTo("1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), "
                        + "KeySchemaElement(attributeName=sk, keyType=RANGE), KeySchemaElement(attributeName=extra, "
                        + "keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 2");
    }

    @Test
    void rejectsKeySchemasTheServiceRejects() {
        assertThat(messageOf(() -> dynamo.createTable(table("bad-key", b -> b
                .keySchema(key("id", KeyType.HASH), key("other", KeyType.RANGE))))))
                .isEqualTo("Invalid KeySchema: Some index key attribute have no definition");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-key", b -> b
                .attributeDefinitions(attr("a", ScalarAttributeType.S), attr("b", ScalarAttributeType.S))
                .keySchema(key("x", KeyType.HASH))))))
                .isEqualTo("One or more parameter values were invalid: Some index key attributes are not defined in "
                        + "AttributeDefinitions. Keys: [x], AttributeDefinitions: [a, b]");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-key", b -> b
                .attributeDefinitions(attr("a", ScalarAttributeType.S), attr("b", ScalarAttributeType.S))
                .keySchema(key("a", KeyType.HASH), key("a", KeyType.RANGE))))))
                .isEqualTo("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-key", b -> b.keySchema(key("id", KeyType.RANGE))))))
                .isEqualTo("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-key", b -> b
                .attributeDefinitions(attr("a", ScalarAttributeType.S), attr("b", ScalarAttributeType.S))
                .keySchema(key("a", KeyType.HASH), key("b", KeyType.HASH))))))
                .isEqualTo("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-key", b -> b
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("unused", ScalarAttributeType.S))))))
                .isEqualTo("One or more parameter values were invalid: Number of attributes in KeySchema does not "
                        + "exactly match number of attributes defined in AttributeDefinitions");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-key", b -> b
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("id", ScalarAttributeType.N))))))
                .isEqualTo("Attribute Name is duplicated: id");
    }

    @Test
    void rejectsLocalIndexesTheServiceRejects() {
        Consumer<CreateTableRequest.Builder> rangeTable = b -> b
                .attributeDefinitions(attr("a", ScalarAttributeType.S), attr("b", ScalarAttributeType.S),
                        attr("c", ScalarAttributeType.S))
                .keySchema(key("a", KeyType.HASH), key("b", KeyType.RANGE));
        assertThat(messageOf(() -> dynamo.createTable(table("bad-lsi", rangeTable.andThen(b -> b
                .localSecondaryIndexes(lsi("idx", key("c", KeyType.HASH), key("b", KeyType.RANGE))))))))
                .isEqualTo("One or more parameter values were invalid: Index KeySchema does not have the same leading "
                        + "hash key as table KeySchema for index: idx. index hash key: c, table hash key: a");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-lsi", rangeTable.andThen(b -> b
                .localSecondaryIndexes(lsi("idx", key("a", KeyType.HASH))))))))
                .isEqualTo("One or more parameter values were invalid: Index KeySchema does not have a range key for index: idx");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-lsi", b -> b
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("c", ScalarAttributeType.S))
                .localSecondaryIndexes(lsi("idx", key("id", KeyType.HASH), key("c", KeyType.RANGE)))))))
                .isEqualTo("One or more parameter values were invalid: Table KeySchema does not have a range key, "
                        + "which is required when specifying a LocalSecondaryIndex");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-lsi", rangeTable.andThen(b -> b
                .localSecondaryIndexes(lsi("one", key("a", KeyType.HASH), key("c", KeyType.RANGE)),
                        lsi("one", key("a", KeyType.HASH), key("c", KeyType.RANGE))))))))
                .isEqualTo("One or more parameter values were invalid: Duplicate index name: one");
        LocalSecondaryIndex[] six = new LocalSecondaryIndex[6];
        for (int i = 0; i < six.length; i++) {
            six[i] = lsi("idx" + i, key("a", KeyType.HASH), key("c", KeyType.RANGE));
        }
        assertThat(messageOf(() -> dynamo.createTable(table("bad-lsi", rangeTable.andThen(b -> b
                .localSecondaryIndexes(six))))))
                .isEqualTo("One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds "
                        + "per-table limit of 5");
    }

    @Test
    void rejectsGlobalIndexesTheServiceRejects() {
        Consumer<CreateTableRequest.Builder> twoAttributes = b -> b
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("g", ScalarAttributeType.S));
        assertThat(messageOf(() -> dynamo.createTable(table("bad-gsi", twoAttributes.andThen(b -> b
                .billingMode(BillingMode.PAY_PER_REQUEST).provisionedThroughput((ProvisionedThroughput) null)
                .globalSecondaryIndexes(gsi("idx", throughput(1, 1), key("g", KeyType.HASH))))))))
                .isEqualTo("One or more parameter values were invalid: ProvisionedThroughput should not be specified "
                        + "for index: idx when BillingMode is PAY_PER_REQUEST");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-gsi", twoAttributes.andThen(b -> b
                .globalSecondaryIndexes(gsi("idx", throughput(1, 1), key("missing", KeyType.HASH))))))))
                .isEqualTo("One or more parameter values were invalid: Some index key attributes are not defined in "
                        + "AttributeDefinitions. Keys: [missing], AttributeDefinitions: [id, g]");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-gsi", twoAttributes.andThen(b -> b
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("idx")
                        .keySchema(key("g", KeyType.HASH)).provisionedThroughput(throughput(1, 1))
                        .projection(projection(ProjectionType.ALL, "x")).build()))))))
                .isEqualTo("One or more parameter values were invalid: ProjectionType is ALL, but NonKeyAttributes is specified");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-gsi", twoAttributes.andThen(b -> b
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("idx")
                        .keySchema(key("g", KeyType.HASH)).provisionedThroughput(throughput(1, 1))
                        .projection(Projection.builder().build()).build()))))))
                .isEqualTo("One or more parameter values were invalid: Unknown ProjectionType: null");
        GlobalSecondaryIndex[] many = new GlobalSecondaryIndex[21];
        for (int i = 0; i < many.length; i++) {
            many[i] = gsi("idx" + i, throughput(1, 1), key("g", KeyType.HASH));
        }
        assertThat(messageOf(() -> dynamo.createTable(table("bad-gsi", twoAttributes.andThen(b -> b
                .globalSecondaryIndexes(many))))))
                .isEqualTo("One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the "
                        + "per-table limit of 20");
        assertThat(messageOf(() -> dynamo.createTable(table("bad-gsi", b -> b
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("g", ScalarAttributeType.S),
                        attr("unused", ScalarAttributeType.S))
                .globalSecondaryIndexes(gsi("idx", throughput(1, 1), key("g", KeyType.HASH)))))))
                .isEqualTo("One or more parameter values were invalid: Some AttributeDefinitions are not used. "
                        + "AttributeDefinitions: [id, g, unused], keys used: [id, g]");
    }

    @Test
    void deletesATableAnsweringDeleting() {
        TableDescription created = dynamo.createTable(table("doomed", b -> { })).tableDescription();
        TableDescription deleted = dynamo.deleteTable(b -> b.tableName("doomed")).tableDescription();

        assertThat(deleted.tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(deleted.tableName()).isEqualTo("doomed");
        assertThat(deleted.tableArn()).isEqualTo(created.tableArn());
        assertThat(deleted.tableId()).isEqualTo(created.tableId());
        assertThat(deleted.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
        assertThat(deleted.keySchema()).isEmpty();
        assertThat(messageOf(ResourceNotFoundException.class, () -> dynamo.describeTable(b -> b.tableName("doomed"))))
                .isEqualTo("Requested resource not found: Table: doomed not found");
        assertThat(dynamo.listTables().tableNames()).doesNotContain("doomed");
    }

    @Test
    void refusesToDeleteAProtectedTable() {
        dynamo.createTable(table("protected", b -> b.deletionProtectionEnabled(true)));
        assertThat(messageOf(() -> dynamo.deleteTable(b -> b.tableName("protected"))))
                .isEqualTo("Resource cannot be deleted as it is currently protected against deletion. "
                        + "Disable deletion protection first.");

        dynamo.updateTable(b -> b.tableName("protected").deletionProtectionEnabled(false));
        dynamo.deleteTable(b -> b.tableName("protected"));
    }

    @Test
    void reportsMissingTablesByName() {
        assertThat(messageOf(ResourceNotFoundException.class, () -> dynamo.describeTable(b -> b.tableName("nowhere"))))
                .isEqualTo("Requested resource not found: Table: nowhere not found");
        assertThat(messageOf(ResourceNotFoundException.class, () -> dynamo.deleteTable(b -> b.tableName("nowhere"))))
                .isEqualTo("Requested resource not found: Table: nowhere not found");
    }

    @Test
    void letsTheSdkWaitersSeeTablesAppearAndDisappear() {
        dynamo.createTable(table("waited", b -> { }));
        try (var waiter = dynamo.waiter()) {
            var exists = waiter.waitUntilTableExists(b -> b.tableName("waited"));
            assertThat(exists.matched().response()).hasValueSatisfying(
                    r -> assertThat(r.table().tableStatus()).isEqualTo(TableStatus.ACTIVE));
            assertThat(exists.attemptsExecuted()).isEqualTo(1);

            dynamo.deleteTable(b -> b.tableName("waited"));
            var gone = waiter.waitUntilTableNotExists(b -> b.tableName("waited"));
            assertThat(gone.matched().exception()).hasValueSatisfying(
                    e -> assertThat(e).isInstanceOf(ResourceNotFoundException.class));
        }
    }

    static LocalSecondaryIndex lsi(String name, KeySchemaElement... keys) {
        return LocalSecondaryIndex.builder().indexName(name).keySchema(keys)
                .projection(projection(ProjectionType.ALL)).build();
    }

    static GlobalSecondaryIndex gsi(String name, ProvisionedThroughput throughput, KeySchemaElement... keys) {
        return GlobalSecondaryIndex.builder().indexName(name).keySchema(keys).provisionedThroughput(throughput)
                .projection(projection(ProjectionType.ALL)).build();
    }

    /** Stores an item straight into the engine, so these tests do not depend on the item operations. */
    static void put(DynamoEngine engine, String tableName, java.util.Map<String, AttributeValue> item) {
        TableData table = engine.database().table(tableName);
        engine.database().write(table, table.keyOf(item), old -> item);
    }
}
