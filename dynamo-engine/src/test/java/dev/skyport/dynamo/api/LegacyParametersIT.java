package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.SdkValues.attr;
import static dev.skyport.dynamo.SdkValues.key;
import static dev.skyport.dynamo.SdkValues.n;
import static dev.skyport.dynamo.SdkValues.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.junit.DynamoEngineExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalOperator;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The request shapes older clients still send (Expected, AttributeUpdates, KeyConditions, filters) and capacity. */
@ExtendWith(DynamoEngineExtension.class)
class LegacyParametersIT {

    static DynamoEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start(DynamoEngine started, DynamoDbClient client) {
        engine = started;
        dynamo = client;
        dynamo.createTable(b -> b.tableName("scores").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("player", ScalarAttributeType.S), attr("game", ScalarAttributeType.S),
                        attr("score", ScalarAttributeType.N))
                .keySchema(key("player", KeyType.HASH), key("game", KeyType.RANGE))
                .globalSecondaryIndexes(g -> g.indexName("by-score")
                        .keySchema(key("game", KeyType.HASH), key("score", KeyType.RANGE))
                        .projection(p -> p.projectionType("ALL"))));
        for (int i = 1; i <= 5; i++) {
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = Map.of(
                    "player", s("p1"), "game", s("g" + i), "score", n(Integer.toString(i * 10)), "level", n(Integer.toString(i)));
            dynamo.putItem(b -> b.tableName("scores").item(item));
        }
    }

    @Test
    void expectedGuardsAPutLikeAConditionExpression() {
        assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName("scores")
                .item(Map.of("player", s("p1"), "game", s("g1")))
                .expected(Map.of("player", ExpectedAttributeValue.builder().exists(false).build()))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        dynamo.putItem(b -> b.tableName("scores").item(Map.of("player", s("p1"), "game", s("g1"), "score", n("10"), "level", n("1")))
                .expected(Map.of("score", ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.LE)
                        .attributeValueList(n("10")).build())));
    }

    @Test
    void attributeUpdatesAddAndPutAttributes() {
        var response = dynamo.updateItem(b -> b.tableName("scores").key(Map.of("player", s("p2"), "game", s("g1")))
                .attributeUpdates(Map.of(
                        "score", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("5")).build(),
                        "tags", AttributeValueUpdate.builder().action(AttributeAction.PUT)
                                .value(software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(List.of("new"))).build()))
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(response.attributes()).containsEntry("score", n("5"));
        assertThat(response.attributes().get("tags").ss()).containsExactly("new");
    }

    @Test
    void keyConditionsQueryFilterAndAttributesToGet() {
        var response = dynamo.query(b -> b.tableName("scores")
                .keyConditions(Map.of(
                        "player", Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(s("p1")).build(),
                        "game", Condition.builder().comparisonOperator(ComparisonOperator.BETWEEN)
                                .attributeValueList(s("g2"), s("g4")).build()))
                .queryFilter(Map.of("level", Condition.builder().comparisonOperator(ComparisonOperator.GE)
                        .attributeValueList(n("3")).build()))
                .attributesToGet("game"));
        assertThat(response.items()).containsExactly(Map.of("game", s("g3")), Map.of("game", s("g4")));
        assertThat(response.scannedCount()).isEqualTo(3);
    }

    @Test
    void scanFilterWithOrOperator() {
        var response = dynamo.scan(b -> b.tableName("scores")
                .scanFilter(Map.of(
                        "level", Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(n("1")).build(),
                        "score", Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(n("50")).build()))
                .conditionalOperator(ConditionalOperator.OR));
        assertThat(response.items()).extracting(i -> i.get("game").s()).containsExactlyInAnyOrder("g1", "g5");
    }

    @Test
    void consumedCapacityCountsTheTableAndEachIndexWritten() {
        var response = dynamo.putItem(b -> b.tableName("scores")
                .item(Map.of("player", s("p3"), "game", s("g9"), "score", n("1")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
        assertThat(response.consumedCapacity().tableName()).isEqualTo("scores");
        assertThat(response.consumedCapacity().capacityUnits()).isEqualTo(2.0);
        assertThat(response.consumedCapacity().table().capacityUnits()).isEqualTo(1.0);
        assertThat(response.consumedCapacity().globalSecondaryIndexes().get("by-score").capacityUnits()).isEqualTo(1.0);

        var read = dynamo.getItem(b -> b.tableName("scores").key(Map.of("player", s("p3"), "game", s("g9")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(read.consumedCapacity().capacityUnits()).isEqualTo(0.5);
    }
}
