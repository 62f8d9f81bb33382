package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.SdkValues.attr;
import static dev.skyport.dynamo.SdkValues.key;
import static dev.skyport.dynamo.SdkValues.n;
import static dev.skyport.dynamo.SdkValues.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.junit.DynamoEngineExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** PutItem, GetItem, UpdateItem, DeleteItem, Query and Scan through the real AWS SDK over HTTP. */
@ExtendWith(DynamoEngineExtension.class)
class ItemApiIT {

    static DynamoEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start(DynamoEngine started, DynamoDbClient client) {
        engine = started;
        dynamo = client;
        dynamo.createTable(b -> b.tableName("orders")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("customerId", ScalarAttributeType.S), attr("orderId", ScalarAttributeType.S),
                        attr("status", ScalarAttributeType.S), attr("total", ScalarAttributeType.N))
                .keySchema(key("customerId", KeyType.HASH), key("orderId", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-status")
                        .keySchema(key("status", KeyType.HASH), key("orderId", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-total")
                        .keySchema(key("customerId", KeyType.HASH), key("total", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        dynamo.createTable(b -> b.tableName("counters")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S))
                .keySchema(key("id", KeyType.HASH)));
        for (int i = 0; i < 30; i++) {
            Map<String, AttributeValue> item = Map.of(
                    "customerId", s("c1"), "orderId", s(String.format("o%03d", i)),
                    "status", s(i % 3 == 0 ? "PAID" : "PENDING"), "total", n(Integer.toString(100 - i)));
            dynamo.putItem(b -> b.tableName("orders").item(item));
        }
    }

    @Test
    void storesAndReadsBackEveryAttributeType() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", s("all-types"));
        item.put("s", s("text"));
        item.put("n", n("12.50"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")));
        item.put("bool", AttributeValue.fromBool(true));
        item.put("null", AttributeValue.fromNul(true));
        item.put("l", AttributeValue.fromL(List.of(s("a"), n("1"))));
        item.put("m", AttributeValue.fromM(Map.of("nested", s("x"))));
        item.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2.5")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))));
        dynamo.putItem(b -> b.tableName("counters").item(item));

        Map<String, AttributeValue> read = dynamo.getItem(b -> b.tableName("counters")
                .key(Map.of("id", s("all-types"))).consistentRead(true)).item();

        Map<String, AttributeValue> expected = new HashMap<>(item);
        expected.put("n", n("12.5"));
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void getItemOfAMissingKeyAnswersNoItem() {
        var response = dynamo.getItem(b -> b.tableName("counters").key(Map.of("id", s("nope"))));
        assertThat(response.hasItem()).isFalse();
    }

    @Test
    void putItemReturnsTheOldItemWhenAsked() {
        dynamo.putItem(b -> b.tableName("counters").item(Map.of("id", s("p1"), "v", n("1"))));
        var response = dynamo.putItem(b -> b.tableName("counters").item(Map.of("id", s("p1"), "v", n("2")))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(response.attributes()).containsEntry("v", n("1"));
    }

    @Test
    void conditionalPutFailsWithTheItemWhenAsked() {
        dynamo.putItem(b -> b.tableName("counters").item(Map.of("id", s("c1"), "v", n("1"))));
        assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName("counters")
                .item(Map.of("id", s("c1"), "v", n("2")))
                .conditionExpression("attribute_not_exists(id)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
                    assertThat(e.item()).containsEntry("v", n("1"));
                });
    }

    @Test
    void updateItemIncrementsAndReturnsUpdatedNewValues() {
        var first = dynamo.updateItem(b -> b.tableName("counters").key(Map.of("id", s("u1")))
                .updateExpression("SET #c = if_not_exists(#c, :zero) + :one")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":zero", n("0"), ":one", n("1")))
                .returnValues(ReturnValue.UPDATED_NEW));
        var second = dynamo.updateItem(b -> b.tableName("counters").key(Map.of("id", s("u1")))
                .updateExpression("SET #c = #c + :one")
                .conditionExpression("#c = :expected")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":one", n("1"), ":expected", n("1")))
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(first.attributes()).isEqualTo(Map.of("count", n("1")));
        assertThat(second.attributes()).isEqualTo(Map.of("id", s("u1"), "count", n("2")));
    }

    @Test
    void updateOfAKeyAttributeIsRejected() {
        assertThatThrownBy(() -> dynamo.updateItem(b -> b.tableName("counters").key(Map.of("id", s("u2")))
                .updateExpression("SET id = :v").expressionAttributeValues(Map.of(":v", s("x")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("One or more parameter values were invalid: Cannot update attribute id. "
                                + "This attribute is part of the key"));
    }

    @Test
    void deleteItemReturnsTheDeletedItem() {
        dynamo.putItem(b -> b.tableName("counters").item(Map.of("id", s("d1"), "v", n("7"))));
        var response = dynamo.deleteItem(b -> b.tableName("counters").key(Map.of("id", s("d1")))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(response.attributes()).containsEntry("v", n("7"));
        assertThat(dynamo.getItem(b -> b.tableName("counters").key(Map.of("id", s("d1")))).hasItem()).isFalse();
    }

    @Test
    void queryPagesThroughAPartitionInRangeOrderBothWays() {
        List<String> forward = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName("orders")
                    .keyConditionExpression("customerId = :c AND begins_with(orderId, :p)")
                    .expressionAttributeValues(Map.of(":c", s("c1"), ":p", s("o00")))
                    .limit(4).exclusiveStartKey(from));
            page.items().forEach(i -> forward.add(i.get("orderId").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        QueryResponse backward = dynamo.query(b -> b.tableName("orders")
                .keyConditionExpression("customerId = :c AND orderId BETWEEN :a AND :b")
                .expressionAttributeValues(Map.of(":c", s("c1"), ":a", s("o005"), ":b", s("o007")))
                .scanIndexForward(false));

        assertThat(forward).hasSize(10).isSorted().startsWith("o000").endsWith("o009");
        assertThat(backward.items()).extracting(i -> i.get("orderId").s()).containsExactly("o007", "o006", "o005");
    }

    @Test
    void queryOnAGlobalIndexSeesOnlyProjectedAttributes() {
        QueryResponse page = dynamo.query(b -> b.tableName("orders").indexName("by-status")
                .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", s("PAID"))));
        assertThat(page.count()).isEqualTo(10);
        assertThat(page.items().getFirst().keySet()).containsExactlyInAnyOrder("customerId", "orderId", "status");
    }

    @Test
    void queryOnALocalIndexOrdersByTheIndexRangeKey() {
        QueryResponse page = dynamo.query(b -> b.tableName("orders").indexName("by-total")
                .keyConditionExpression("customerId = :c AND #t > :t").expressionAttributeNames(Map.of("#t", "total"))
                .expressionAttributeValues(Map.of(":c", s("c1"), ":t", n("95"))));
        assertThat(page.items()).extracting(i -> i.get("total").n()).containsExactly("96", "97", "98", "99", "100");
    }

    @Test
    void queryCountsWithFilterAndSelectCount() {
        QueryResponse page = dynamo.query(b -> b.tableName("orders")
                .keyConditionExpression("customerId = :c").filterExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":c", s("c1"), ":s", s("PAID"))).select(Select.COUNT));
        assertThat(page.count()).isEqualTo(10);
        assertThat(page.scannedCount()).isEqualTo(30);
        assertThat(page.hasItems()).isFalse();
    }

    @Test
    void parallelScanSegmentsTogetherSeeEveryItemOnce() {
        List<String> seen = new ArrayList<>();
        for (int segment = 0; segment < 3; segment++) {
            int seg = segment;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = dynamo.scan(b -> b.tableName("orders").segment(seg).totalSegments(3).limit(7)
                        .exclusiveStartKey(from));
                page.items().forEach(i -> seen.add(i.get("orderId").s()));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        assertThat(seen).hasSize(30).doesNotHaveDuplicates();
    }

    @Test
    void operationsOnAMissingTableAnswerResourceNotFound() {
        assertThatThrownBy(() -> dynamo.getItem(b -> b.tableName("missing").key(Map.of("id", s("x")))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e ->
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found"));
    }

    @Test
    void aKeyThatDoesNotMatchTheSchemaIsRejected() {
        assertThatThrownBy(() -> dynamo.getItem(b -> b.tableName("counters").key(Map.of("id", n("1")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The provided key element does not match the schema");
                });
    }

    @Test
    void anItemWithoutItsKeyIsRejected() {
        assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName("counters").item(Map.of("other", s("x")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("One or more parameter values were invalid: Missing the key id in the item"));
    }

    @Test
    void anItemOverFourHundredKilobytesIsRejected() {
        String big = "x".repeat(400 * 1024);
        assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName("counters").item(Map.of("id", s("big"), "v", s(big)))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Item size has exceeded the maximum allowed size"));
    }

    @Test
    void aHashKeyOverTwoKilobytesIsRejectedInTheServicesWords() {
        String big = "k".repeat(2049);
        assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName("counters").item(Map.of("id", s(big)))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("One or more parameter values were invalid: "
                                + "Size of hashkey has exceeded the maximum size limit of2048 bytes"));
    }

    @Test
    void mixingExpressionAndLegacyParametersIsRejected() {
        assertThatThrownBy(() -> dynamo.getItem(b -> b.tableName("counters").key(Map.of("id", s("x")))
                .projectionExpression("a").attributesToGet("b")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Can not use both expression and non-expression parameters in the same request: "
                                + "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"));
    }

    @Test
    void unusedExpressionAttributeValuesAreRejected() {
        assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName("counters").item(Map.of("id", s("x")))
                .conditionExpression("attribute_not_exists(id)")
                .expressionAttributeValues(Map.of(":unused", s("v")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"));
    }
}
