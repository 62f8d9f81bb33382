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
    void valuesPrintLikeTheService() {
        assertThat(ConstraintCheck.render(null)).isEqualTo("null");
        assertThat(ConstraintCheck.render("abc;")).isEqualTo("'abc;'");
        assertThat(ConstraintCheck.render(-1L)).isEqualTo("'-1'");
        assertThat(ConstraintCheck.render(2.0)).isEqualTo("'2'");
        assertThat(ConstraintCheck.render(2.5)).isEqualTo("'2.5'");
        assertThat(ConstraintCheck.render(new BigDecimal("1.50"))).isEqualTo("'1.50'");
        assertThat(ConstraintCheck.render(List.of())).isEqualTo("'[]'");
        assertThat(ConstraintCheck.render(List.of("a", "b"))).isEqualTo("'[a, b]'");
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add(Map.of("KeyType", "HASH"));
        assertThat(ConstraintCheck.render(withNull)).isEqualTo("'[null, {\"KeyType\":\"HASH\"}]'");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", List.of());
        map.put("b", Map.of("S", "x\"y"));
        assertThat(ConstraintCheck.render(map)).isEqualTo("'{\"a\":[],\"b\":{\"S\":\"x\\\"y\"}}'");
    }
}
