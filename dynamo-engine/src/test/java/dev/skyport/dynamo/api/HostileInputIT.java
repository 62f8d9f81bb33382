package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.SdkValues.attr;
import static dev.skyport.dynamo.SdkValues.key;
import static dev.skyport.dynamo.SdkValues.n;
import static dev.skyport.dynamo.SdkValues.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.EngineClients;
import dev.skyport.dynamo.server.RawHttp;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What a hostile or careless client sends through the real server, against a data directory: every
 * write path refuses what the service refuses before acknowledging anything, nothing acknowledged is
 * lost across restarts, and no request holds the engine.
 */
class HostileInputIT {

    static final String TOO_DEEP = "Nesting Levels have exceeded supported limits: "
            + "Attributes in the item have nested levels beyond supported limit";

    @TempDir
    Path data;

    private DynamoEngine start() {
        return DynamoEngine.builder().dataDirectory(data).start();
    }

    private static void createTable(DynamoDbClient dynamo) {
        dynamo.createTable(b -> b.tableName("things").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S))
                .keySchema(key("id", KeyType.HASH)));
    }

    /** {@code levels} maps around a leaf: as an attribute, its innermost map is at level {@code levels}. */
    static AttributeValue nested(int levels) {
        AttributeValue v = s("leaf");
        for (int i = 0; i < levels; i++) {
            v = i % 2 == 0 ? AttributeValue.fromM(Map.of("m", v)) : AttributeValue.fromL(List.of(v));
        }
        return v;
    }

    @Test
    void refusesAnItemNestedHundredsDeepAndLosesNoLaterWriteAcrossARestart() {
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            createTable(dynamo);
            assertValidation(() -> dynamo.putItem(b -> b.tableName("things").item(Map.of("id", s("deep"), "v", nested(300)))),
                    TOO_DEEP);
            dynamo.putItem(b -> b.tableName("things").item(Map.of("id", s("after"), "v", n("1"))));
        }
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            assertThat(dynamo.getItem(b -> b.tableName("things").key(Map.of("id", s("after")))).item())
                    .containsEntry("v", n("1"));
            assertThat(dynamo.getItem(b -> b.tableName("things").key(Map.of("id", s("deep")))).hasItem()).isFalse();
        }
    }

    @Test
    void everyWritePathRefusesAnItemNestedDeeperThanTheServiceKeeps() {
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            createTable(dynamo);
            Map<String, AttributeValue> deep = Map.of("id", s("deep"), "v", nested(32));
            assertValidation(() -> dynamo.putItem(b -> b.tableName("things").item(deep)), TOO_DEEP);
            assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of("things",
                    List.of(WriteRequest.builder().putRequest(PutRequest.builder().item(deep).build()).build())))), TOO_DEEP);
            assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName("things").item(deep)).build())))
                    .isInstanceOf(DynamoDbException.class).hasMessageContaining("Nesting Levels have exceeded");
            // A value on its own may be one level deeper; stored as an attribute it is too deep.
            assertValidation(() -> dynamo.updateItem(b -> b.tableName("things").key(Map.of("id", s("deep")))
                    .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", nested(32)))),
                    "Nesting Levels have exceeded supported limits");
            assertValidation(() -> dynamo.updateItem(b -> b.tableName("things").key(Map.of("id", s("deep")))
                    .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", nested(300)))),
                    "ExpressionAttributeValues contains invalid value: " + TOO_DEEP + " for key :v");
            assertValidation(() -> dynamo.updateItem(b -> b.tableName("things").key(Map.of("id", s("deep")))
                    .attributeUpdates(Map.of("v", AttributeValueUpdate.builder().action(AttributeAction.PUT)
                            .value(nested(300)).build()))), TOO_DEEP);
            assertValidation(() -> dynamo.executeStatement(b -> b.statement("INSERT INTO things VALUE {'id': 'deep', 'v': ?}")
                    .parameters(nested(32))), TOO_DEEP);
            assertValidation(() -> dynamo.executeStatement(b -> b.statement("INSERT INTO things VALUE {'id': 'deep', 'v': "
                    + "[".repeat(32) + "1" + "]".repeat(32) + "}")), TOO_DEEP);
            assertThat(dynamo.scan(b -> b.tableName("things")).count()).isZero();

            // The deepest the service keeps is kept.
            dynamo.putItem(b -> b.tableName("things").item(Map.of("id", s("deepest"), "v", nested(31))));
        }
    }

    @Test
    void theDeepestAndLargestItemsAcceptedSurviveTheJournalASnapshotAndRestarts() {
        Map<String, AttributeValue> deepest = Map.of("id", s("deepest"), "v", nested(31), "w", nested(31));
        Map<String, AttributeValue> largest = new LinkedHashMap<>();
        largest.put("id", s("largest"));
        largest.put("big", s("x".repeat(400 * 1024 - "id".length() - "largest".length() - "big".length())));
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            createTable(dynamo);
            dynamo.putItem(b -> b.tableName("things").item(deepest));
            dynamo.putItem(b -> b.tableName("things").item(largest));
            Map<String, AttributeValue> tooLarge = new LinkedHashMap<>(largest);
            tooLarge.put("id", s("largest+1"));
            assertValidation(() -> dynamo.putItem(b -> b.tableName("things").item(tooLarge)),
                    "Item size has exceeded the maximum allowed size");
        }
        // From the log, then from a snapshot, then from the snapshot and a log written after it.
        for (int round = 0; round < 3; round++) {
            try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
                assertThat(dynamo.getItem(b -> b.tableName("things").key(Map.of("id", s("deepest")))).item()).isEqualTo(deepest);
                assertThat(dynamo.getItem(b -> b.tableName("things").key(Map.of("id", s("largest")))).item()).isEqualTo(largest);
                engine.compactJournal().join();
                if (round == 1) {
                    dynamo.putItem(b -> b.tableName("things").item(deepest));
                }
            }
        }
    }

    @Test
    void aNumberOfFiveMegabytesIsRefusedAndTheEngineKeepsAnswering() {
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            createTable(dynamo);
            String digits = "7".repeat(5 << 20);
            assertValidation(() -> dynamo.putItem(b -> b.tableName("things").item(Map.of("id", s("n"), "v", n(digits)))),
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
            assertValidation(() -> dynamo.putItem(b -> b.tableName("things").item(Map.of("id", s("n"), "v", n("0." + digits)))),
                    "Attempting to store more than 38 significant digits in a Number");
            assertValidation(() -> dynamo.putItem(b -> b.tableName("things").item(Map.of("id", s("n"),
                    "v", n("0." + "0".repeat(5 << 20) + "1")))),
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
            // Zeros around a number that fits are only zeros.
            dynamo.putItem(b -> b.tableName("things").item(Map.of("id", s("n"), "v", n("0".repeat(1000) + "12.5" + "0".repeat(1000)))));
            assertThat(dynamo.getItem(b -> b.tableName("things").key(Map.of("id", s("n")))).item()).containsEntry("v", n("12.5"));
        }
    }

    @Test
    void aPartiQlStatementNestedThousandsDeepIsRefusedAndTheEngineKeepsAnswering() {
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            createTable(dynamo);
            for (String statement : List.of(
                    "SELECT * FROM things WHERE id = " + "(".repeat(4000) + "'a'" + ")".repeat(4000),
                    "SELECT * FROM things WHERE " + "NOT ".repeat(2000) + "id = 'a'",
                    "INSERT INTO things VALUE {'id': 'x', 'v': " + "[".repeat(4000) + "]".repeat(4000) + "}")) {
                assertThatThrownBy(() -> dynamo.executeStatement(b -> b.statement(statement)))
                        .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        });
            }
            assertThat(dynamo.listTables().tableNames()).containsExactly("things");
        }
    }

    @Test
    void aTransactionItemWithoutATableNameIsNotFoundRatherThanAnInternalError() {
        // Found by HostileRequestsFuzzIT: the service does not require the name there, and it answered 500.
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            createTable(dynamo);
            assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.item(Map.of("id", s("x")))).build())))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
                    .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
            assertThatThrownBy(() -> dynamo.transactGetItems(b -> b.transactItems(
                    t -> t.get(g -> g.key(Map.of("id", s("x")))))))
                    .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
        }
    }

    @Test
    void aNullLegacyConditionOrUpdateIsAValidationErrorRatherThanAnInternalError() throws Exception {
        // Found by HostileRequestsFuzzIT: JSON nulls where the SDK never sends them answered 500.
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            createTable(dynamo);
            int port = engine.port();
            for (String[] call : new String[][] {
                    {"Query", "{\"TableName\": \"things\", \"KeyConditions\": {\"id\": null}}"},
                    {"Scan", "{\"TableName\": \"things\", \"ScanFilter\": {\"id\": null}}"},
                    {"PutItem", "{\"TableName\": \"things\", \"Item\": {\"id\": {\"S\": \"a\"}}, \"Expected\": {\"id\": null}}"},
                    {"UpdateItem", "{\"TableName\": \"things\", \"Key\": {\"id\": {\"S\": \"a\"}}, \"AttributeUpdates\": {\"v\": null}}"}}) {
                RawHttp.Answer answer = RawHttp.call(port, call[0], call[1]);
                assertThat(answer.status()).as(call[0]).isEqualTo(400);
                assertThat(answer.body()).as(call[0]).contains("ValidationException");
            }
        }
    }

    @Test
    void aNullListElementIsAValidationErrorRatherThanAnInternalError() throws Exception {
        // Found by HostileRequestsFuzzIT: JSON nulls inside lists and sets answered 500.
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            createTable(dynamo);
            int port = engine.port();
            for (String[] call : new String[][] {
                    {"TransactGetItems", "{\"TransactItems\": [null]}",
                            "Value null at 'transactItems.1.member' failed to satisfy constraint: Member must not be null"},
                    {"TransactWriteItems", "{\"TransactItems\": [null]}",
                            "Value null at 'transactItems.1.member' failed to satisfy constraint: Member must not be null"},
                    {"BatchWriteItem", "{\"RequestItems\": {\"things\": [null]}}",
                            "Value null at 'requestItems.things.member.1.member' failed to satisfy constraint: "
                                    + "Member must not be null"},
                    {"BatchExecuteStatement", "{\"Statements\": [null]}",
                            "Value null at 'statements.1.member' failed to satisfy constraint: Member must not be null"},
                    {"ExecuteTransaction", "{\"TransactStatements\": [null]}",
                            "Value null at 'transactStatements.1.member' failed to satisfy constraint: Member must not be null"},
                    {"PutItem", "{\"TableName\": \"things\", \"Item\": {\"id\": {\"S\": \"a\"}, \"s\": {\"SS\": [null]}}}",
                            "One or more parameter values were invalid: An string set may not have a null string as a member"}}) {
                RawHttp.Answer answer = RawHttp.call(port, call[0], call[1]);
                assertThat(answer.status()).as(call[0]).isEqualTo(400);
                assertThat(answer.body()).as(call[0]).contains("ValidationException").contains(call[2]);
            }
            assertThat(dynamo.getItem(b -> b.tableName("things").key(Map.of("id", s("a")))).hasItem()).isFalse();
        }
    }

    @Test
    void aTableWhoseAttributeNameIsALoneSurrogateSurvivesARestart() throws Exception {
        // Found by HostileRequestsFuzzIT: the table definition was journaled in a form replay could not read, so the
        // engine no longer started on its data directory.
        try (DynamoEngine engine = start()) {
            RawHttp.Answer created = RawHttp.call(engine.port(), "CreateTable", "{\"TableName\": \"odd\", "
                    + "\"BillingMode\": \"PAY_PER_REQUEST\", "
                    + "\"AttributeDefinitions\": [{\"AttributeName\": \"\\ud800\", \"AttributeType\": \"S\"}], "
                    + "\"KeySchema\": [{\"AttributeName\": \"\\ud800\", \"KeyType\": \"HASH\"}]}");
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            try (DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
                createTable(dynamo);
                dynamo.putItem(b -> b.tableName("things").item(Map.of("id", s("after"), "v", n("1"))));
            }
        }
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            RawHttp.Answer described = RawHttp.call(engine.port(), "DescribeTable", "{\"TableName\": \"odd\"}");
            assertThat(described.status()).as(described.body()).isEqualTo(200);
            assertThat(dynamo.getItem(b -> b.tableName("things").key(Map.of("id", s("after")))).item())
                    .containsEntry("v", n("1"));
        }
    }

    @Test
    void expressionsNestedAsDeeplyAsTheirLengthAllowsAreAnsweredAndTheEngineKeepsAnswering() {
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            createTable(dynamo);
            List<String> conditions = List.of(
                    "NOT ".repeat(1000) + "attribute_exists(id)",
                    "(".repeat(2000) + "attribute_not_exists(id)" + ")".repeat(2000),
                    "(attribute_not_exists(id) AND ".repeat(140) + "size(id) > :z" + ")".repeat(140),
                    "(attribute_not_exists(id) OR NOT ".repeat(120) + "size(id) > :z" + ")".repeat(120));
            for (String condition : conditions) {
                String id = "c" + conditions.indexOf(condition);
                try {
                    dynamo.putItem(b -> b.tableName("things").item(Map.of("id", s(id)))
                            .conditionExpression(condition)
                            .expressionAttributeValues(condition.contains(":z") ? Map.of(":z", n("0")) : null));
                } catch (DynamoDbException e) {
                    assertThat(e.statusCode()).as(condition.substring(0, 40)).isEqualTo(400);
                }
            }
            assertThat(dynamo.listTables().tableNames()).containsExactly("things");
        }
    }

    @Test
    void refusesAttributeNamesOfMoreThan65535BytesOnEveryWritePathAndKeepsTheLongestAllowed() {
        String longest = "é".repeat(32_767) + "x"; // 65,535 bytes of UTF-8 in 32,768 chars
        String tooLong = "é".repeat(32_768); // 65,536 bytes
        String tooLarge = "Attribute name is too large, must be less than 65536 bytes";
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            createTable(dynamo);
            assertValidation(() -> dynamo.putItem(b -> b.tableName("things").item(Map.of("id", s("a"), tooLong, n("1")))),
                    tooLarge);
            assertValidation(() -> dynamo.putItem(b -> b.tableName("things")
                    .item(Map.of("id", s("a"), "m", AttributeValue.fromM(Map.of(tooLong, n("1")))))), tooLarge);
            assertValidation(() -> dynamo.updateItem(b -> b.tableName("things").key(Map.of("id", s("a")))
                    .updateExpression("SET #n = :v").expressionAttributeNames(Map.of("#n", tooLong))
                    .expressionAttributeValues(Map.of(":v", n("1")))), tooLarge);
            assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of("things", List.of(WriteRequest
                    .builder().putRequest(PutRequest.builder().item(Map.of("id", s("a"), tooLong, n("1"))).build())
                    .build())))), tooLarge);
            dynamo.putItem(b -> b.tableName("things").item(Map.of("id", s("longest"), longest, n("1"))));
        }
        try (DynamoEngine engine = start(); DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint())) {
            assertThat(dynamo.getItem(b -> b.tableName("things").key(Map.of("id", s("longest")))).item())
                    .containsEntry(longest, n("1"));
            assertThat(dynamo.getItem(b -> b.tableName("things").key(Map.of("id", s("a")))).hasItem()).isFalse();
        }
    }

    private static void assertValidation(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }
}
