package dev.skyport.dynamo.api.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public surface: which operations exist, loading, and how values print in messages. */
class RequestShapesTest {

    @Test
    void knowsEveryDynamoDbOperationTheEngineServes() {
        for (String op : List.of("BatchGetItem", "BatchWriteItem", "CreateTable", "DeleteItem", "DeleteTable",
                "DescribeTable", "DescribeTimeToLive", "GetItem", "ListTables", "PutItem", "Query", "Scan",
                "UpdateItem", "UpdateTable", "TransactWriteItems", "TransactGetItems", "UpdateTimeToLive",
                "TagResource", "UntagResource", "ListTagsOfResource", "ExecuteStatement", "BatchExecuteStatement",
                "ExecuteTransaction", "DescribeLimits", "DescribeEndpoints")) {
            assertThat(RequestShapes.knows(RequestShapes.DYNAMODB, op)).as(op).isTrue();
        }
    }

    @Test
    void knowsTheStreamsOperationsOnlyUnderTheStreamsTarget() {
        for (String op : List.of("ListStreams", "DescribeStream", "GetShardIterator", "GetRecords")) {
            assertThat(RequestShapes.knows(RequestShapes.STREAMS, op)).as(op).isTrue();
            assertThat(RequestShapes.knows(RequestShapes.DYNAMODB, op)).as(op).isFalse();
        }
        assertThat(RequestShapes.knows(RequestShapes.STREAMS, "PutItem")).isFalse();
    }

    @Test
    void doesNotKnowMisspelledOperationsOrServices() {
        assertThat(RequestShapes.knows(RequestShapes.DYNAMODB, "putItem")).isFalse();
        assertThat(RequestShapes.knows(RequestShapes.DYNAMODB, "")).isFalse();
        assertThat(RequestShapes.knows(RequestShapes.DYNAMODB, null)).isFalse();
        assertThat(RequestShapes.knows("DynamoDB_20111205", "PutItem")).isFalse();
        assertThat(RequestShapes.knows(null, "PutItem")).isFalse();
        assertThatThrownBy(() -> RequestShapes.validate(RequestShapes.DYNAMODB, "Nope", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyOperationBuildsAndEveryQuirkNamesSomethingInTheModel() {
        RequestShapes.preload();
        assertThat(RequestShapes.operations(RequestShapes.DYNAMODB)).hasSizeGreaterThan(50);
        assertThat(RequestShapes.operations(RequestShapes.STREAMS))
                .containsExactlyInAnyOrder("ListStreams", "DescribeStream", "GetShardIterator", "GetRecords");
    }

    @Test
    void everyDynamoDbOperationAcceptsAnEmptyBodyOrAnswersAValidationException() {
        for (String op : RequestShapes.operations(RequestShapes.DYNAMODB)) {
            try {
                RequestShapes.validate(RequestShapes.DYNAMODB, op, new LinkedHashMap<>());
            } catch (dev.skyport.dynamo.model.DynamoException e) {
                assertThat(e.type()).as(op).isEqualTo(Requests.VALIDATION);
            }
        }
    }

    @Test
    void aFreshModelLoadsQuickly() {
        long start = System.nanoTime();
        ServiceModel model = ServiceModel.load(RequestShapes.DYNAMODB, "dynamodb-2012-08-10.json", "DynamoDB");
        model.input("PutItem");
        long millis = (System.nanoTime() - start) / 1_000_000;
        // Generous: the first request of a cold engine pays for this once.
        assertThat(millis).isLessThan(2_000);
    }

    @Test
    void scalarsPrintLikeTheService() {
        assertThat(ValueText.quoted(null, null)).isEqualTo("null");
        assertThat(ValueText.quoted("abc;", null)).isEqualTo("'abc;'");
        assertThat(ValueText.quoted(-1L, null)).isEqualTo("'-1'");
        assertThat(ValueText.quoted(2.0, null)).isEqualTo("'2'");
        assertThat(ValueText.quoted(2.5, null)).isEqualTo("'2.5'");
        assertThat(ValueText.quoted(new BigDecimal("1.50"), null)).isEqualTo("'1.50'");
        assertThat(ValueText.quoted(List.of(), null)).isEqualTo("'[]'");
        assertThat(ValueText.quoted(List.of("a", "b"), null)).isEqualTo("'[a, b]'");
    }

    @Test
    void structuresPrintAsTheServicesJavaObjectsDo() {
        ServiceModel model = ServiceModel.load(RequestShapes.DYNAMODB, "dynamodb-2012-08-10.json", "DynamoDB");
        Shape keySchema = model.input("CreateTable").members.get("KeySchema").target;
        List<Object> keys = new ArrayList<>();
        keys.add(null);
        keys.add(Map.of("KeyType", "HASH"));
        keys.add(Map.of("AttributeName", "pk", "KeyType", "RANGE"));
        assertThat(ValueText.quoted(keys, keySchema)).isEqualTo("'[null, KeySchemaElement(attributeName=null, "
                + "keyType=HASH), KeySchemaElement(attributeName=pk, keyType=RANGE)]'");

        Shape requestItems = model.input("BatchWriteItem").members.get("RequestItems").target;
        Map<String, Object> item = Map.of("pk", Map.of("S", "a"));
        Map<String, Object> writes = new LinkedHashMap<>();
        writes.put("orders", List.of(Map.of("PutRequest", Map.of("Item", item)),
                Map.of("DeleteRequest", Map.of("Key", item))));
        String attributeValue = "com.amazonaws.dynamodb.v20120810.AttributeValue@"
                + Integer.toHexString(Map.of("S", "a").hashCode());
        assertThat(ValueText.quoted(writes, requestItems)).isEqualTo("'{orders=["
                + "WriteRequest(putRequest=PutRequest(item={pk=" + attributeValue + "}, workloadProfileName=null), "
                + "deleteRequest=null), "
                + "WriteRequest(putRequest=null, deleteRequest=DeleteRequest(key={pk=" + attributeValue + "}))]}'");
    }
}
