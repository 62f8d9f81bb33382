package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.SdkValues.attr;
import static dev.skyport.dynamo.SdkValues.key;
import static dev.skyport.dynamo.SdkValues.n;
import static dev.skyport.dynamo.SdkValues.s;
import static dev.skyport.dynamo.api.BatchApiIT.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.EngineClients;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.testsupport.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** TransactWriteItems and TransactGetItems through the real AWS SDK over HTTP. */
class TransactApiIT {

    static final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
    static DynamoEngine engine;
    static DynamoDbClient dynamo;
    static final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void start() {
        engine = DynamoEngine.builder().clock(clock).start();
        dynamo = EngineClients.dynamo(engine.endpoint());
        dynamo.createTable(b -> b.tableName("accounts")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S), attr("owner", ScalarAttributeType.S))
                .keySchema(key("id", KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-owner")
                        .keySchema(key("owner", KeyType.HASH))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        dynamo.createTable(b -> b.tableName("posts")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("topic", ScalarAttributeType.S), attr("id", ScalarAttributeType.S),
                        attr("score", ScalarAttributeType.N))
                .keySchema(key("topic", KeyType.HASH), key("id", KeyType.RANGE))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-score")
                        .keySchema(key("topic", KeyType.HASH), key("score", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        dynamo.createTable(b -> b.tableName("ledger")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("account", ScalarAttributeType.S), attr("seq", ScalarAttributeType.N))
                .keySchema(key("account", KeyType.HASH), key("seq", KeyType.RANGE)));
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        engine.close();
    }

    // ------------------------------------------------------------------ TransactWriteItems

    @Test
    void transactWriteAppliesEveryKindOfActionTogether() {
        String a = unique("a");
        dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(a + "-upd"), "balance", n("10"))));
        dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(a + "-del"))));
        dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(a + "-chk"), "open", bool(true))));

        TransactWriteItemsResponse response = dynamo.transactWriteItems(b -> b.transactItems(
                put("accounts", Map.of("id", s(a + "-new"), "balance", n("1"))),
                update("accounts", Map.of("id", s(a + "-upd")), "SET balance = balance + :d", Map.of(":d", n("5")), null),
                TransactWriteItem.builder().delete(Delete.builder().tableName("accounts")
                        .key(Map.of("id", s(a + "-del"))).build()).build(),
                check("accounts", Map.of("id", s(a + "-chk")), "#o = :t", Map.of("#o", "open"), Map.of(":t", bool(true))),
                put("ledger", Map.of("account", s(a), "seq", n("1"), "amount", n("5")))));

        assertThat(response.hasConsumedCapacity()).isFalse();
        assertThat(response.hasItemCollectionMetrics()).isFalse();
        assertThat(get("accounts", Map.of("id", s(a + "-new")))).containsEntry("balance", n("1"));
        assertThat(get("accounts", Map.of("id", s(a + "-upd")))).containsEntry("balance", n("15"));
        assertThat(get("accounts", Map.of("id", s(a + "-del")))).isNull();
        assertThat(get("ledger", Map.of("account", s(a), "seq", n("1")))).containsEntry("amount", n("5"));
    }

    @Test
    void transactWriteCancelsEverythingWhenOneConditionFails() {
        String a = unique("cf");
        dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(a), "balance", n("3"))));

        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                put("accounts", Map.of("id", s(a + "-other"))),
                update("accounts", Map.of("id", s(a)), "SET balance = balance - :d", Map.of(":d", n("5"), ":min", n("5")),
                        "balance >= :min"))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                            "Transaction cancelled, please refer cancellation reasons for specific reasons "
                                    + "[None, ConditionalCheckFailed]");
                    assertThat(e.cancellationReasons()).containsExactly(
                            CancellationReason.builder().code("None").build(),
                            CancellationReason.builder().code("ConditionalCheckFailed")
                                    .message("The conditional request failed").build());
                });

        assertThat(get("accounts", Map.of("id", s(a + "-other")))).isNull();
        assertThat(get("accounts", Map.of("id", s(a)))).containsEntry("balance", n("3"));
    }

    @Test
    void transactWriteReportsEveryFailedConditionAndTheOldItemWhenAsked() {
        String a = unique("old");
        dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(a), "balance", n("1"))));
        dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(a + "-2"))));

        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName("accounts")
                        .item(Map.of("id", s(a), "balance", n("9")))
                        .conditionExpression("attribute_not_exists(id)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName("accounts")
                        .key(Map.of("id", s(a + "-2"))).conditionExpression("attribute_exists(balance)").build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName("accounts")
                        .key(Map.of("id", s(a + "-missing"))).conditionExpression("attribute_exists(id)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage()).endsWith(
                            "[ConditionalCheckFailed, ConditionalCheckFailed, ConditionalCheckFailed]");
                    List<CancellationReason> reasons = e.cancellationReasons();
                    assertThat(reasons.get(0).item()).isEqualTo(Map.of("id", s(a), "balance", n("1")));
                    assertThat(reasons.get(1).hasItem()).isFalse();
                    assertThat(reasons.get(2).hasItem()).isFalse();
                });
        assertThat(get("accounts", Map.of("id", s(a)))).containsEntry("balance", n("1"));
    }

    @Test
    void transactWriteRejectsTwoActionsOnOneItem() {
        String a = unique("two");
        assertValidation(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        put("accounts", Map.of("id", s(a))),
                        check("accounts", Map.of("id", s(a)), "attribute_not_exists(id)", null, null))),
                "Transaction request cannot include multiple operations on one item");
    }

    @Test
    void transactWriteRejectsAnItemWithTwoActions() {
        String a = unique("both");
        assertValidation(() -> dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                        .put(Put.builder().tableName("accounts").item(Map.of("id", s(a))).build())
                        .delete(Delete.builder().tableName("accounts").key(Map.of("id", s(a))).build()).build())),
                "TransactItems can only contain one of Check, Put, Update or Delete");
    }

    @Test
    void transactWriteRejectsAnUnknownTable() {
        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                put("nope", Map.of("id", s("x"))))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e ->
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found"));
    }

    @Test
    void transactWriteCancelsAPutWhoseKeyHasTheWrongType() {
        assertCancelledWithValidationError(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        put("accounts", Map.of("id", n("5"))))),
                "One or more parameter values were invalid: Type mismatch for key id expected: S actual: N");
    }

    @Test
    void transactWriteCancelsAnUpdateDeleteOrCheckWhoseKeyDoesNotMatchTheSchema() {
        assertCancelledWithValidationError(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        update("accounts", Map.of("id", n("5")), "SET x = :v", Map.of(":v", s("v")), null))),
                "The provided key element does not match the schema");
        assertCancelledWithValidationError(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().delete(Delete.builder().tableName("ledger")
                                .key(Map.of("account", s("x"))).build()).build())),
                "The provided key element does not match the schema");
        assertCancelledWithValidationError(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        check("accounts", Map.of("id", AttributeValue.fromL(List.of(s("x")))), "attribute_exists(id)",
                                null, null))),
                "The provided key element does not match the schema");
    }

    @Test
    void transactWriteCancelsAPutWhoseIndexKeyHasTheWrongType() {
        assertCancelledWithValidationError(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        put("accounts", Map.of("id", s(unique("ix")), "owner", n("1"))))),
                "One or more parameter values were invalid: Type mismatch for Index Key owner Expected: S Actual: N "
                        + "IndexName: by-owner");
    }

    @Test
    void transactWriteCancelsAnUpdateGivingAnIndexKeyTheWrongType() {
        assertCancelledWithValidationError(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        update("accounts", Map.of("id", s(unique("ixu"))), "SET #o = :v", Map.of(":v", n("1")), null,
                                Map.of("#o", "owner")))),
                "One or more parameter values were invalid: Type mismatch for Index Key owner Expected: S Actual: N "
                        + "IndexName: by-owner");
    }

    @Test
    void transactWriteRejectsAPutWithAnEmptyIndexKeyOutright() {
        assertValidation(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        put("accounts", Map.of("id", s(unique("ixe")), "owner", s(""))))),
                "One or more parameter values are not valid. A value specified for a secondary index key is not "
                        + "supported. The AttributeValue for a key attribute cannot contain an empty string value. "
                        + "IndexName: by-owner, IndexKey: owner");
    }

    @Test
    void transactWriteRejectsEmptyKeyValuesOutright() {
        String message = "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
                + "contain an empty string value. Key: id";
        assertValidation(() -> dynamo.transactWriteItems(b -> b.transactItems(put("accounts", Map.of("id", s(""))))),
                message);
        assertValidation(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        update("accounts", Map.of("id", s("")), "SET x = :v", Map.of(":v", s("v")), null))),
                message);
        assertValidation(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        check("accounts", Map.of("id", s("")), "attribute_exists(id)", null, null))),
                message);
    }

    @Test
    void transactWriteRejectsAnUpdateSettingAnIndexKeyToAnEmptyString() {
        assertValidation(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        update("accounts", Map.of("id", s(unique("e"))), "SET #o = :v", Map.of(":v", s("")), null,
                                Map.of("#o", "owner")))),
                "One or more parameter values are not valid. The update expression attempted to update a secondary "
                        + "index key to a value that is not supported. The AttributeValue for a key attribute cannot "
                        + "contain an empty string value.");
    }

    @Test
    void transactWriteRejectsUpdatingAKeyAttribute() {
        assertValidation(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        update("accounts", Map.of("id", s("k")), "SET id = :v", Map.of(":v", s("v")), null))),
                "One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key");
    }

    @Test
    void transactWriteRejectsAPutOverFourHundredKilobytes() {
        assertValidation(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        put("accounts", Map.of("id", s("big"), "pad", s("x".repeat(409_600)))))),
                "Item size has exceeded the maximum allowed size");
    }

    @Test
    void transactWriteCancelsAnUpdateGrowingTheItemOverFourHundredKilobytes() {
        String a = unique("grow");
        dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(a), "pad", s("x".repeat(300_000)))));
        assertCancelledWithValidationError(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        update("accounts", Map.of("id", s(a)), "SET more = :v", Map.of(":v", s("y".repeat(200_000))),
                                null))),
                "Item size to update has exceeded the maximum allowed size");
    }

    @Test
    void transactWriteCancelsAnUpdateThatCannotApplyToTheItem() {
        String a = unique("apply");
        dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(a), "label", s("x"))));
        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                put("accounts", Map.of("id", s(a + "-other"))),
                update("accounts", Map.of("id", s(a)), "SET label = label + :one", Map.of(":one", n("1")), null))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                            .containsExactly("None", "ValidationError");
                    assertThat(e.cancellationReasons().get(1).message()).isNotBlank();
                });
        assertThat(get("accounts", Map.of("id", s(a + "-other")))).isNull();
    }

    @Test
    void transactWriteRejectsItemsOverFourMegabytesInAll() {
        List<TransactWriteItem> puts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            puts.add(put("accounts", Map.of("id", s(unique("4mb")), "pad", s("x".repeat(350_000)))));
        }
        assertValidation(() -> dynamo.transactWriteItems(b -> b.transactItems(puts)),
                "Collection size of items exceeded, which can also be caused by the aggregate size of the items in "
                        + "the transaction exceeding the 4MB limit");
    }

    @Test
    void transactWriteAcceptsAHundredActions() {
        List<TransactWriteItem> puts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            puts.add(put("ledger", Map.of("account", s("hundred"), "seq", n(Integer.toString(i)))));
        }
        dynamo.transactWriteItems(b -> b.transactItems(puts));
        assertThat(dynamo.query(b -> b.tableName("ledger").keyConditionExpression("account = :a")
                .expressionAttributeValues(Map.of(":a", s("hundred")))).count()).isEqualTo(100);
    }

    @Test
    void transactWriteReportsTwiceTheWriteUnitsOfEachItem() {
        String a = unique("cap");
        dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(a + "-chk"), "pad", s("x".repeat(2500)))));
        TransactWriteItemsResponse total = dynamo.transactWriteItems(b -> b
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(put("accounts", Map.of("id", s(a))),
                        check("accounts", Map.of("id", s(a + "-chk")), "attribute_exists(id)", null, null),
                        put("ledger", Map.of("account", s(a), "seq", n("1")))));
        assertThat(total.consumedCapacity()).containsExactly(
                ConsumedCapacity.builder().tableName("accounts").capacityUnits(8.0).build(),
                ConsumedCapacity.builder().tableName("ledger").capacityUnits(2.0).build());

        TransactWriteItemsResponse indexes = dynamo.transactWriteItems(b -> b
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .transactItems(put("ledger", Map.of("account", s(a), "seq", n("2")))));
        assertThat(indexes.consumedCapacity()).singleElement().satisfies(c -> {
            assertThat(c.capacityUnits()).isEqualTo(2.0);
            assertThat(c.table().capacityUnits()).isEqualTo(2.0);
            assertThat(c.table().writeCapacityUnits()).isEqualTo(2.0);
        });
    }

    @Test
    void transactWriteReportsItemCollectionMetricsOfTablesWithLocalIndexes() {
        String t = unique("topic");
        TransactWriteItemsResponse response = dynamo.transactWriteItems(b -> b
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE)
                .transactItems(put("posts", Map.of("topic", s(t), "id", s("1"), "score", n("3"))),
                        put("posts", Map.of("topic", s(t), "id", s("2"))),
                        put("accounts", Map.of("id", s(t)))));
        assertThat(response.itemCollectionMetrics()).containsOnlyKeys("posts");
        assertThat(response.itemCollectionMetrics().get("posts")).containsExactly(ItemCollectionMetrics.builder()
                .itemCollectionKey(Map.of("topic", s(t))).sizeEstimateRangeGB(0.0, 1.0).build());
    }

    @Test
    void transactWriteWithTheSameTokenAndRequestAppliesOnce() {
        String a = unique("idem");
        String token = unique("token");
        TransactWriteItem increment = update("accounts", Map.of("id", s(a)), "ADD hits :one", Map.of(":one", n("1")), null);

        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(increment));
        TransactWriteItemsResponse replay = dynamo.transactWriteItems(b -> b.clientRequestToken(token)
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).transactItems(increment));

        assertThat(get("accounts", Map.of("id", s(a)))).containsEntry("hits", n("1"));
        assertThat(replay.consumedCapacity()).singleElement().satisfies(c -> {
            assertThat(c.capacityUnits()).isEqualTo(2.0);
            assertThat(c.table().readCapacityUnits()).isEqualTo(2.0);
        });
    }

    @Test
    void transactWriteWithTheSameTokenAndAnotherRequestIsAMismatch() {
        String a = unique("mismatch");
        String token = unique("token");
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(put("accounts", Map.of("id", s(a)))));

        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.clientRequestToken(token)
                .transactItems(put("accounts", Map.of("id", s(a), "v", n("2"))))))
                .isInstanceOfSatisfying(IdempotentParameterMismatchException.class, e ->
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(TransactTokens.MISMATCH_MESSAGE));
        assertThat(get("accounts", Map.of("id", s(a)))).doesNotContainKey("v");
    }

    @Test
    void transactWriteTokenIsForgottenTenMinutesAfterItsTransaction() {
        String a = unique("expire");
        String token = unique("token");
        TransactWriteItem increment = update("accounts", Map.of("id", s(a)), "ADD hits :one", Map.of(":one", n("1")), null);
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(increment));

        clock.advance(Duration.ofMinutes(9));
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(increment));
        assertThat(get("accounts", Map.of("id", s(a)))).containsEntry("hits", n("1"));

        clock.advance(Duration.ofMinutes(1));
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(increment));
        assertThat(get("accounts", Map.of("id", s(a)))).containsEntry("hits", n("2"));
    }

    @Test
    void transactWriteTokenOfACancelledTransactionCanBeRetried() {
        String a = unique("retry");
        String token = unique("token");
        TransactWriteItem guarded = update("accounts", Map.of("id", s(a)), "ADD hits :one",
                Map.of(":one", n("1")), "attribute_exists(id)");
        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(guarded)))
                .isInstanceOf(TransactionCanceledException.class);

        dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(a))));
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(guarded));
        assertThat(get("accounts", Map.of("id", s(a)))).containsEntry("hits", n("1"));
    }

    @Test
    void transactWriteConflictsWithATransactionInFlight() {
        String a = unique("busy");
        Database.ItemRef busy = ref("accounts", a);
        Object other = new Object();
        assertThat(engine.database().mark(List.of(busy), other)).isEqualTo(-1);
        try {
            assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                    put("accounts", Map.of("id", s(a + "-free"))),
                    put("accounts", Map.of("id", s(a))))))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                        assertThat(e.awsErrorDetails().errorMessage()).endsWith("[None, TransactionConflict]");
                        assertThat(e.cancellationReasons().get(1)).isEqualTo(CancellationReason.builder()
                                .code("TransactionConflict").message("Transaction is ongoing for the item").build());
                    });
        } finally {
            engine.database().unmark(List.of(busy), other);
        }
        assertThat(get("accounts", Map.of("id", s(a + "-free")))).isNull();
        dynamo.transactWriteItems(b -> b.transactItems(put("accounts", Map.of("id", s(a)))));
    }

    // ------------------------------------------------------------------ TransactGetItems

    @Test
    void transactGetAnswersInRequestOrderWithAnEmptyAnswerForMissingItems() {
        String a = unique("g");
        dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(a), "balance", n("4"), "owner", s("o"))));
        dynamo.putItem(b -> b.tableName("ledger").item(Map.of("account", s(a), "seq", n("1"), "amount", n("4"))));

        TransactGetItemsResponse response = dynamo.transactGetItems(b -> b.transactItems(
                getItem("ledger", Map.of("account", s(a), "seq", n("1")), null),
                getItem("accounts", Map.of("id", s(a + "-missing")), null),
                getItem("accounts", Map.of("id", s(a)), "balance")));

        assertThat(response.responses()).hasSize(3);
        assertThat(response.responses().get(0).item()).containsEntry("amount", n("4"));
        assertThat(response.responses().get(1).hasItem()).isFalse();
        assertThat(response.responses().get(2).item()).isEqualTo(Map.of("balance", n("4")));
        assertThat(response.hasConsumedCapacity()).isFalse();
    }

    @Test
    void transactGetReportsTwoReadUnitsPerItemEvenMissingOnes() {
        String a = unique("gc");
        dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(a))));
        TransactGetItemsResponse total = dynamo.transactGetItems(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(getItem("accounts", Map.of("id", s(a)), null),
                        getItem("accounts", Map.of("id", s(a + "-missing")), null)));
        assertThat(total.consumedCapacity()).containsExactly(
                ConsumedCapacity.builder().tableName("accounts").capacityUnits(4.0).build());

        TransactGetItemsResponse indexes = dynamo.transactGetItems(b -> b
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .transactItems(getItem("accounts", Map.of("id", s(a)), null)));
        assertThat(indexes.consumedCapacity()).singleElement()
                .satisfies(c -> assertThat(c.table().readCapacityUnits()).isEqualTo(2.0));
    }

    @Test
    void transactGetRejectsTwoGetsOfOneItem() {
        assertValidation(() -> dynamo.transactGetItems(b -> b.transactItems(
                        getItem("accounts", Map.of("id", s("x")), null),
                        getItem("accounts", Map.of("id", s("x")), null))),
                "Transaction request cannot include multiple operations on one item");
    }

    @Test
    void transactGetCancelsAGetWhoseKeyDoesNotMatchTheSchema() {
        assertThatThrownBy(() -> dynamo.transactGetItems(b -> b.transactItems(
                getItem("accounts", Map.of("id", s("ok")), null),
                getItem("accounts", Map.of(), null))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                            "Transaction cancelled, please refer cancellation reasons for specific reasons "
                                    + "[None, ValidationError]");
                    assertThat(e.cancellationReasons().get(1).message())
                            .isEqualTo("The provided key element does not match the schema");
                });
    }

    @Test
    void transactGetRejectsAnUnknownTableAndABadProjection() {
        assertThatThrownBy(() -> dynamo.transactGetItems(b -> b.transactItems(
                getItem("nope", Map.of("id", s("x")), null))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> dynamo.transactGetItems(b -> b.transactItems(
                getItem("accounts", Map.of("id", s("x")), "!!!"))))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void transactGetCancelsWhileAnItemIsInATransaction() {
        String a = unique("gbusy");
        Database.ItemRef busy = ref("accounts", a);
        Object other = new Object();
        assertThat(engine.database().mark(List.of(busy), other)).isEqualTo(-1);
        try {
            assertThatThrownBy(() -> dynamo.transactGetItems(b -> b.transactItems(
                    getItem("accounts", Map.of("id", s(a)), null),
                    getItem("accounts", Map.of("id", s(a + "-free")), null))))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e ->
                            assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                                    .containsExactly("TransactionConflict", "None"));
        } finally {
            engine.database().unmark(List.of(busy), other);
        }
        assertThat(dynamo.transactGetItems(b -> b.transactItems(getItem("accounts", Map.of("id", s(a)), null)))
                .responses()).hasSize(1);
    }

    // ------------------------------------------------------------------ helpers

    static void assertCancelledWithValidationError(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                    "Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError]");
            assertThat(e.cancellationReasons()).containsExactly(
                    CancellationReason.builder().code("ValidationError").message(message).build());
        });
    }

    static Database.ItemRef ref(String table, String id) {
        return new Database.ItemRef(table, engine.database().table(table)
                .keyOf(Map.of("id", dev.skyport.dynamo.model.AttributeValue.s(id))));
    }

    static Map<String, AttributeValue> get(String table, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
        return item.isEmpty() ? null : item;
    }

    static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    static TransactWriteItem update(String table, Map<String, AttributeValue> key, String expression,
                                    Map<String, AttributeValue> values, String condition) {
        return update(table, key, expression, values, condition, null);
    }

    static TransactWriteItem update(String table, Map<String, AttributeValue> key, String expression,
                                    Map<String, AttributeValue> values, String condition, Map<String, String> names) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key)
                .updateExpression(expression).expressionAttributeValues(values).conditionExpression(condition)
                .expressionAttributeNames(names).build()).build();
    }

    static TransactWriteItem check(String table, Map<String, AttributeValue> key, String condition,
                                   Map<String, String> names, Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(key)
                .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values)
                .build()).build();
    }

    static TransactGetItem getItem(String table, Map<String, AttributeValue> key, String projection) {
        return TransactGetItem.builder().get(Get.builder().tableName(table).key(key)
                .projectionExpression(projection).build()).build();
    }

    static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    static String unique(String prefix) {
        return prefix + "-" + ids.incrementAndGet();
    }
}
