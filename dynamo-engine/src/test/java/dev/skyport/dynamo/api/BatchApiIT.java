package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.SdkValues.attr;
import static dev.skyport.dynamo.SdkValues.key;
import static dev.skyport.dynamo.SdkValues.n;
import static dev.skyport.dynamo.SdkValues.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.junit.DynamoEngineExtension;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.dynamo.storage.TableData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchGetItem and BatchWriteItem through the real AWS SDK over HTTP. */
@ExtendWith(DynamoEngineExtension.class)
class BatchApiIT {

    static DynamoEngine engine;
    static DynamoDbClient dynamo;
    static final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void start(DynamoEngine started, DynamoDbClient client) {
        engine = started;
        dynamo = client;
        dynamo.createTable(b -> b.tableName("users")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S))
                .keySchema(key("id", KeyType.HASH)));
        dynamo.createTable(b -> b.tableName("events")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("stream", ScalarAttributeType.S), attr("seq", ScalarAttributeType.N))
                .keySchema(key("stream", KeyType.HASH), key("seq", KeyType.RANGE)));
        dynamo.createTable(b -> b.tableName("threads")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("forum", ScalarAttributeType.S), attr("subject", ScalarAttributeType.S),
                        attr("posted", ScalarAttributeType.N))
                .keySchema(key("forum", KeyType.HASH), key("subject", KeyType.RANGE))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-posted")
                        .keySchema(key("forum", KeyType.HASH), key("posted", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build()));
        dynamo.createTable(b -> b.tableName("blobs")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S))
                .keySchema(key("id", KeyType.HASH)));
    }

    // ------------------------------------------------------------------ BatchGetItem

    @Test
    void batchGetReturnsItemsOfSeveralTablesByTable() {
        String u = unique("u");
        dynamo.putItem(b -> b.tableName("users").item(Map.of("id", s(u), "name", s("Ann"))));
        dynamo.putItem(b -> b.tableName("events").item(Map.of("stream", s(u), "seq", n("1"), "kind", s("login"))));

        BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(Map.of(
                "users", KeysAndAttributes.builder().keys(Map.of("id", s(u))).build(),
                "events", KeysAndAttributes.builder().keys(Map.of("stream", s(u), "seq", n("1"))).build())));

        assertThat(response.responses().get("users")).containsExactly(Map.of("id", s(u), "name", s("Ann")));
        assertThat(response.responses().get("events"))
                .containsExactly(Map.of("stream", s(u), "seq", n("1"), "kind", s("login")));
        assertThat(response.unprocessedKeys()).isEmpty();
        assertThat(response.hasConsumedCapacity()).isFalse();
    }

    @Test
    void batchGetLeavesOutKeysWithoutItemsButAnswersEveryTable() {
        BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(Map.of(
                "users", KeysAndAttributes.builder().keys(Map.of("id", s(unique("absent")))).build())));

        assertThat(response.responses()).containsOnlyKeys("users");
        assertThat(response.responses().get("users")).isEmpty();
        assertThat(response.unprocessedKeys()).isEmpty();
    }

    @Test
    void batchGetProjectsEachTableAsItsEntryAsks() {
        String u = unique("p");
        dynamo.putItem(b -> b.tableName("users").item(Map.of("id", s(u), "name", s("Bo"), "age", n("7"),
                "address", AttributeValue.fromM(Map.of("city", s("Oslo"), "zip", s("0150"))))));
        dynamo.putItem(b -> b.tableName("events").item(Map.of("stream", s(u), "seq", n("2"), "kind", s("x"))));

        BatchGetItemResponse expressions = dynamo.batchGetItem(b -> b.requestItems(Map.of(
                "users", KeysAndAttributes.builder().keys(Map.of("id", s(u)))
                        .projectionExpression("#n, address.city").expressionAttributeNames(Map.of("#n", "name"))
                        .consistentRead(true).build(),
                "events", KeysAndAttributes.builder().keys(Map.of("stream", s(u), "seq", n("2")))
                        .projectionExpression("kind").build())));
        assertThat(expressions.responses().get("users")).containsExactly(
                Map.of("name", s("Bo"), "address", AttributeValue.fromM(Map.of("city", s("Oslo")))));
        assertThat(expressions.responses().get("events")).containsExactly(Map.of("kind", s("x")));

        BatchGetItemResponse legacy = dynamo.batchGetItem(b -> b.requestItems(Map.of(
                "users", KeysAndAttributes.builder().keys(Map.of("id", s(u))).attributesToGet("age", "id").build(),
                "events", KeysAndAttributes.builder().keys(Map.of("stream", s(u), "seq", n("2")))
                        .attributesToGet("kind").build())));
        assertThat(legacy.responses().get("users")).containsExactly(Map.of("id", s(u), "age", n("7")));
        assertThat(legacy.responses().get("events")).containsExactly(Map.of("kind", s("x")));
    }

    @Test
    void batchGetRejectsProjectionExpressionInOneTableWithAttributesToGetInAnother() {
        Map<String, KeysAndAttributes> items = new LinkedHashMap<>();
        items.put("users", KeysAndAttributes.builder().keys(Map.of("id", s("x"))).projectionExpression("id").build());
        items.put("events", KeysAndAttributes.builder().keys(Map.of("stream", s("x"), "seq", n("1")))
                .attributesToGet("kind").build());
        assertValidation(() -> dynamo.batchGetItem(b -> b.requestItems(items)),
                "Can not use both expression and non-expression parameters in the same request: "
                        + "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
    }

    @Test
    void batchGetReportsCapacityPerTable() {
        String u = unique("c");
        dynamo.putItem(b -> b.tableName("users").item(Map.of("id", s(u), "pad", s("x".repeat(5000)))));

        BatchGetItemResponse total = dynamo.batchGetItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .requestItems(Map.of(
                        "users", KeysAndAttributes.builder().keys(Map.of("id", s(u)), Map.of("id", s(u + "-none")))
                                .consistentRead(true).build(),
                        "events", KeysAndAttributes.builder().keys(Map.of("stream", s(u), "seq", n("1"))).build())));
        assertThat(total.consumedCapacity()).containsExactlyInAnyOrder(
                ConsumedCapacity.builder().tableName("users").capacityUnits(3.0).build(),
                ConsumedCapacity.builder().tableName("events").capacityUnits(0.5).build());

        BatchGetItemResponse indexes = dynamo.batchGetItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .requestItems(Map.of("users", KeysAndAttributes.builder().keys(Map.of("id", s(u))).build())));
        assertThat(indexes.consumedCapacity()).singleElement().satisfies(c -> {
            assertThat(c.tableName()).isEqualTo("users");
            assertThat(c.capacityUnits()).isEqualTo(1.0);
            assertThat(c.table().capacityUnits()).isEqualTo(1.0);
        });
    }

    @Test
    void batchGetRejectsDuplicateKeysInATable() {
        assertValidation(() -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                        "users", KeysAndAttributes.builder().keys(Map.of("id", s("d")), Map.of("id", s("d"))).build()))),
                "Provided list of item keys contains duplicates");
    }

    @Test
    void batchGetAnswersAnEmptyRequestItemsWithTheRequiredParameterMessage() {
        assertValidation(() -> dynamo.batchGetItem(b -> b.requestItems(Map.of())),
                "The requestItems parameter is required for BatchGetItem");
    }

    @Test
    void batchGetReportsMoreThanAHundredKeysForOneTableInTheNewerValidationWords() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            keys.add(Map.of("id", s("k" + i)));
        }
        assertValidation(() -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                        "users", KeysAndAttributes.builder().keys(keys).build()))),
                "1 validation error detected: Value at 'RequestItems.users.member.Keys' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 100");
    }

    @Test
    void batchGetRejectsMoreThanAHundredKeysAcrossTables() {
        List<Map<String, AttributeValue>> users = new ArrayList<>();
        List<Map<String, AttributeValue>> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            users.add(Map.of("id", s("k" + i)));
            events.add(Map.of("stream", s("k"), "seq", n(Integer.toString(i))));
        }
        assertValidation(() -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                        "users", KeysAndAttributes.builder().keys(users).build(),
                        "events", KeysAndAttributes.builder().keys(events).build()))),
                "Too many items requested for the BatchGetItem call");
    }

    @Test
    void batchGetAcceptsExactlyAHundredKeys() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(Map.of("id", s("hundred-" + i)));
        }
        BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(Map.of(
                "users", KeysAndAttributes.builder().keys(keys).build())));
        assertThat(response.responses().get("users")).isEmpty();
    }

    @Test
    void batchGetRejectsAnUnknownTable() {
        assertThatThrownBy(() -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                "nope", KeysAndAttributes.builder().keys(Map.of("id", s("x"))).build()))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e ->
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found"));
    }

    @Test
    void batchGetRejectsAKeyThatDoesNotMatchTheSchema() {
        assertValidation(() -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                        "events", KeysAndAttributes.builder().keys(Map.of("stream", s("x"))).build()))),
                "The provided key element does not match the schema");
        assertValidation(() -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                        "users", KeysAndAttributes.builder().keys(Map.of("id", n("1"))).build()))),
                "The provided key element does not match the schema");
    }

    @Test
    void batchGetRejectsAnEmptyStringKey() {
        assertValidation(() -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                        "users", KeysAndAttributes.builder().keys(Map.of("id", s(""))).build()))),
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
                        + "an empty string value. Key: id");
    }

    @Test
    void batchGetRejectsProjectionExpressionWithAttributesToGet() {
        assertValidation(() -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                        "users", KeysAndAttributes.builder().keys(Map.of("id", s("x")))
                                .attributesToGet("id").projectionExpression("id").build()))),
                "Can not use both expression and non-expression parameters in the same request: "
                        + "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
    }

    @Test
    void batchGetRejectsDuplicateAttributesToGet() {
        assertValidation(() -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                        "users", KeysAndAttributes.builder().keys(Map.of("id", s("x")))
                                .attributesToGet("a", "a").build()))),
                "One or more parameter values were invalid: Duplicate value in attribute name: a");
    }

    @Test
    void batchGetChecksEveryEntryBeforeLookingUpTables() {
        // The duplicate in the known table is reported, not the unknown table named first.
        Map<String, KeysAndAttributes> items = new LinkedHashMap<>();
        items.put("nope", KeysAndAttributes.builder().keys(Map.of("id", s("x"))).build());
        items.put("users", KeysAndAttributes.builder().keys(Map.of("id", s("d")), Map.of("id", s("d"))).build());
        assertValidation(() -> dynamo.batchGetItem(b -> b.requestItems(items)),
                "Provided list of item keys contains duplicates");
    }

    @Test
    void batchGetAnswersOverSixteenMegabytesAsUnprocessedKeys() {
        String prefix = unique("big");
        String payload = "x".repeat(390_000);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            keys.add(Map.of("id", s(prefix + "-" + i)));
        }
        for (int start = 0; start < keys.size(); start += 10) {
            List<WriteRequest> puts = new ArrayList<>();
            for (Map<String, AttributeValue> key : keys.subList(start, start + 10)) {
                Map<String, AttributeValue> item = new HashMap<>(key);
                item.put("payload", s(payload));
                puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            dynamo.batchWriteItem(b -> b.requestItems(Map.of("blobs", puts)));
        }

        BatchGetItemResponse first = dynamo.batchGetItem(b -> b.requestItems(Map.of(
                "blobs", KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));
        int returned = first.responses().get("blobs").size();
        assertThat(returned).isLessThan(50).isGreaterThanOrEqualTo(16 * 1024 * 1024 / 390_100);
        KeysAndAttributes rest = first.unprocessedKeys().get("blobs");
        assertThat(rest.keys()).hasSize(50 - returned);
        assertThat(rest.consistentRead()).isTrue();

        BatchGetItemResponse second = dynamo.batchGetItem(b -> b.requestItems(first.unprocessedKeys()));
        assertThat(second.responses().get("blobs")).hasSize(50 - returned);
        assertThat(second.unprocessedKeys()).isEmpty();
    }

    // ------------------------------------------------------------------ BatchWriteItem

    @Test
    void batchWritePutsAndDeletesAcrossTables() {
        String u = unique("w");
        dynamo.putItem(b -> b.tableName("users").item(Map.of("id", s(u + "-old"))));

        BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                "users", List.of(put(Map.of("id", s(u), "name", s("Cy"))), delete(Map.of("id", s(u + "-old")))),
                "events", List.of(put(Map.of("stream", s(u), "seq", n("1")))))));

        assertThat(response.unprocessedItems()).isEmpty();
        assertThat(response.hasItemCollectionMetrics()).isFalse();
        assertThat(dynamo.getItem(b -> b.tableName("users").key(Map.of("id", s(u)))).item())
                .isEqualTo(Map.of("id", s(u), "name", s("Cy")));
        assertThat(dynamo.getItem(b -> b.tableName("users").key(Map.of("id", s(u + "-old")))).hasItem()).isFalse();
        assertThat(dynamo.getItem(b -> b.tableName("events").key(Map.of("stream", s(u), "seq", n("1")))).hasItem())
                .isTrue();
    }

    @Test
    void batchWriteReportsCapacityPerTable() {
        String u = unique("wc");
        BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .requestItems(Map.of(
                        "users", List.of(put(Map.of("id", s(u), "pad", s("x".repeat(1500)))), put(Map.of("id", s(u + "2")))),
                        "events", List.of(put(Map.of("stream", s(u), "seq", n("1")))))));
        assertThat(response.consumedCapacity()).containsExactlyInAnyOrder(
                ConsumedCapacity.builder().tableName("users").capacityUnits(3.0).build(),
                ConsumedCapacity.builder().tableName("events").capacityUnits(1.0).build());

        BatchWriteItemResponse deletes = dynamo.batchWriteItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .requestItems(Map.of("users", List.of(delete(Map.of("id", s(u))), delete(Map.of("id", s(u + "2")))))));
        assertThat(deletes.consumedCapacity()).singleElement().satisfies(c -> {
            assertThat(c.capacityUnits()).isEqualTo(3.0);
            assertThat(c.table().capacityUnits()).isEqualTo(3.0);
        });
    }

    @Test
    void batchWriteReportsItemCollectionMetricsOfTablesWithLocalIndexes() {
        String f = unique("forum");
        BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE)
                .requestItems(Map.of(
                        "threads", List.of(
                                put(Map.of("forum", s(f), "subject", s("a"), "posted", n("1"))),
                                put(Map.of("forum", s(f), "subject", s("b"))),
                                delete(Map.of("forum", s(f + "-other"), "subject", s("c")))),
                        "users", List.of(put(Map.of("id", s(f)))))));

        assertThat(response.itemCollectionMetrics()).containsOnlyKeys("threads");
        assertThat(response.itemCollectionMetrics().get("threads")).containsExactly(
                ItemCollectionMetrics.builder().itemCollectionKey(Map.of("forum", s(f)))
                        .sizeEstimateRangeGB(0.0, 1.0).build(),
                ItemCollectionMetrics.builder().itemCollectionKey(Map.of("forum", s(f + "-other")))
                        .sizeEstimateRangeGB(0.0, 1.0).build());
    }

    @Test
    void batchWriteRejectsTwoRequestsForOneKey() {
        String u = unique("dup");
        assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                        "users", List.of(put(Map.of("id", s(u))), delete(Map.of("id", s(u))))))),
                "Provided list of item keys contains duplicates");
        assertThat(dynamo.getItem(b -> b.tableName("users").key(Map.of("id", s(u)))).hasItem()).isFalse();
    }

    @Test
    void batchWriteAllowsTheSameKeyInDifferentTables() {
        String u = unique("same");
        BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                "users", List.of(put(Map.of("id", s(u)))),
                "blobs", List.of(put(Map.of("id", s(u)))))));
        assertThat(response.unprocessedItems()).isEmpty();
    }

    @Test
    void batchWriteAnswersAnEmptyRequestItemsWithTheRequiredParameterMessage() {
        assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of())),
                "The requestItems parameter is required for BatchWriteItem");
    }

    @Test
    void batchWriteEchoesMoreThanTwentyFiveRequestsForOneTableAsTheServicesJavaObjects() {
        List<WriteRequest> requests = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            requests.add(put(Map.of("id", s("echo-" + i))));
        }
        // The service prints each AttributeValue as its class and an identity hash, noise a client cannot rely on.
        String putRequest = "WriteRequest\\(putRequest=PutRequest\\(item=\\{id=com\\.amazonaws\\.dynamodb\\.v20120810"
                + "\\.AttributeValue@[0-9a-f]+\\}, workloadProfileName=null\\), deleteRequest=null\\)";
        assertThatThrownBy(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of("users", requests))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).matches("1 validation error detected: Value "
                            + "'\\{users=\\[" + putRequest + "(, " + putRequest + "){25}\\]\\}' at 'requestItems' "
                            + "failed to satisfy constraint: Map value must satisfy constraint: \\[Member must have "
                            + "length less than or equal to 25, Member must have length greater than or equal to 1\\]");
                });
        assertThat(dynamo.getItem(b -> b.tableName("users").key(Map.of("id", s("echo-0")))).hasItem()).isFalse();
    }

    @Test
    void batchWriteRejectsMoreThanTwentyFiveRequestsAcrossTables() {
        List<WriteRequest> users = new ArrayList<>();
        List<WriteRequest> blobs = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            users.add(put(Map.of("id", s("many-" + i))));
            blobs.add(put(Map.of("id", s("many-" + i))));
        }
        assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of("users", users, "blobs", blobs))),
                "Too many items requested for the BatchWriteItem call");
    }

    @Test
    void batchWriteRejectsARequestWithNeitherPutNorDelete() {
        assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                        "users", List.of(WriteRequest.builder().build())))),
                "Supplied AttributeValue has more than one datatypes set, "
                        + "must contain exactly one of the supported datatypes");
    }

    @Test
    void batchWriteRejectsARequestWithBothPutAndDelete() {
        assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                        "users", List.of(WriteRequest.builder()
                                .putRequest(PutRequest.builder().item(Map.of("id", s("both"))).build())
                                .deleteRequest(DeleteRequest.builder().key(Map.of("id", s("both"))).build())
                                .build())))),
                "Supplied AttributeValue has more than one datatypes set, "
                        + "must contain exactly one of the supported datatypes");
    }

    @Test
    void batchWriteRejectsAnItemOverFourHundredKilobytesBeforeLookingUpTables() {
        assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                        "nope", List.of(put(Map.of("id", s("big"), "pad", s("x".repeat(409_600)))))))),
                "Item size has exceeded the maximum allowed size");
    }

    @Test
    void batchWriteRejectsAKeyOfTheWrongTypeAsNotMatchingTheSchema() {
        assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                        "users", List.of(put(Map.of("id", n("5"))))))),
                "The provided key element does not match the schema");
        assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                        "events", List.of(put(Map.of("stream", s("x"))))))),
                "The provided key element does not match the schema");
        assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                        "users", List.of(delete(Map.of("id", s("x"), "other", s("y"))))))),
                "The provided key element does not match the schema");
    }

    @Test
    void batchWriteRejectsAnEmptyStringKey() {
        assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                        "users", List.of(put(Map.of("id", s(""))))))),
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
                        + "an empty string value. Key: id");
    }

    @Test
    void batchWriteRejectsAnUnknownTable() {
        assertThatThrownBy(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                "nope", List.of(put(Map.of("id", s("x"))))))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e ->
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found"));
    }

    @Test
    void batchWriteWritesNothingWhenAnyRequestIsInvalid() {
        String u = unique("none");
        Map<String, List<WriteRequest>> items = new LinkedHashMap<>();
        items.put("users", List.of(put(Map.of("id", s(u)))));
        items.put("events", List.of(put(Map.of("stream", s(u)))));
        assertValidation(() -> dynamo.batchWriteItem(b -> b.requestItems(items)),
                "The provided key element does not match the schema");
        assertThat(dynamo.getItem(b -> b.tableName("users").key(Map.of("id", s(u)))).hasItem()).isFalse();
    }

    @Test
    void batchWriteReturnsItemsOfATransactionInFlightAsUnprocessed() {
        String u = unique("busy");
        TableData users = engine.database().table("users");
        Database.ItemRef busy = new Database.ItemRef("users",
                users.keyOf(Map.of("id", dev.skyport.dynamo.model.AttributeValue.s(u))));
        Object transaction = new Object();
        assertThat(engine.database().mark(List.of(busy), transaction)).isEqualTo(-1);
        try {
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                    "users", List.of(put(Map.of("id", s(u), "v", n("1"))), put(Map.of("id", s(u + "-free")))))));
            assertThat(response.unprocessedItems()).containsOnlyKeys("users");
            assertThat(response.unprocessedItems().get("users"))
                    .containsExactly(put(Map.of("id", s(u), "v", n("1"))));
            assertThat(dynamo.getItem(b -> b.tableName("users").key(Map.of("id", s(u + "-free")))).hasItem()).isTrue();
        } finally {
            engine.database().unmark(List.of(busy), transaction);
        }
        assertThat(dynamo.getItem(b -> b.tableName("users").key(Map.of("id", s(u)))).hasItem()).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    static void assertValidation(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
                });
    }

    static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    static WriteRequest delete(Map<String, AttributeValue> key) {
        return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build();
    }

    static String unique(String prefix) {
        return prefix + "-" + ids.incrementAndGet();
    }
}
