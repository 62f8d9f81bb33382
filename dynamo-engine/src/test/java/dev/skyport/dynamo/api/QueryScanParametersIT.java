package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.SdkValues.attr;
import static dev.skyport.dynamo.SdkValues.key;
import static dev.skyport.dynamo.SdkValues.s;
import static dev.skyport.dynamo.api.BatchApiIT.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.junit.DynamoEngineExtension;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Query and Scan parameters the service refuses before it reads anything: Limit bounds, Select against
 * the projection asked for, and parallel-scan segments. The messages are the service's as recorded in
 * 2026 (us-east-1); Query and Scan word several of them differently, and both are pinned here.
 */
@ExtendWith(DynamoEngineExtension.class)
class QueryScanParametersIT {

    static DynamoDbClient dynamo;

    @BeforeAll
    static void start(DynamoDbClient client) {
        dynamo = client;
        dynamo.createTable(b -> b.tableName("params")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("gpk", ScalarAttributeType.S))
                .keySchema(key("pk", KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-gpk")
                        .keySchema(key("gpk", KeyType.HASH))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build()));
        dynamo.putItem(b -> b.tableName("params").item(Map.of("pk", s("a"), "gpk", s("g"), "data", s("d"))));
    }

    static void query(Consumer<QueryRequest.Builder> change) {
        QueryRequest.Builder b = QueryRequest.builder().tableName("params")
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s("a")));
        change.accept(b);
        dynamo.query(b.build());
    }

    static void scan(Consumer<ScanRequest.Builder> change) {
        ScanRequest.Builder b = ScanRequest.builder().tableName("params");
        change.accept(b);
        dynamo.scan(b.build());
    }

    @Test
    void queryReportsALimitOfZeroInTheNewerValidationWords() {
        assertValidation(() -> query(b -> b.limit(0)), "1 validation error detected: Value at 'Limit' failed to "
                + "satisfy constraint: Member must have value greater than or equal to 1");
    }

    @Test
    void scanReportsALimitOfZeroWithItsValue() {
        assertValidation(() -> scan(b -> b.limit(0)), "1 validation error detected: Value '0' at 'limit' failed to "
                + "satisfy constraint: Member must have value greater than or equal to 1");
    }

    @Test
    void refusesSpecificAttributesWithoutAProjection() {
        String message = "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
                + "SPECIFIC_ATTRIBUTES";
        assertValidation(() -> query(b -> b.select(Select.SPECIFIC_ATTRIBUTES)),
                "1 validation error detected: " + message);
        assertValidation(() -> scan(b -> b.select(Select.SPECIFIC_ATTRIBUTES)), message);
    }

    @Test
    void refusesAProjectionWithAnyOtherSelect() {
        assertValidation(() -> query(b -> b.select(Select.ALL_ATTRIBUTES).projectionExpression("pk")),
                "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get "
                        + "ALL_ATTRIBUTES");
        assertValidation(() -> query(b -> b.select(Select.COUNT).attributesToGet("pk")
                        .keyConditionExpression(null).expressionAttributeValues(null)
                        .keyConditions(Map.of("pk", Condition.builder().comparisonOperator("EQ")
                                .attributeValueList(s("a")).build()))),
                "1 validation error detected: Cannot specify the AttributesToGet when choosing to get only the Count");
        assertValidation(() -> scan(b -> b.indexName("by-gpk").select(Select.ALL_PROJECTED_ATTRIBUTES)
                        .projectionExpression("gpk")),
                "Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES");
    }

    @Test
    void refusesAllProjectedAttributesWithoutAnIndex() {
        String message = "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName";
        assertValidation(() -> query(b -> b.select(Select.ALL_PROJECTED_ATTRIBUTES)),
                "1 validation error detected: " + message);
        assertValidation(() -> scan(b -> b.select(Select.ALL_PROJECTED_ATTRIBUTES)), message);
    }

    @Test
    void refusesASegmentWithoutTotalSegmentsEvenTheFirst() {
        String message = "The TotalSegments parameter is required but was not present in the request when Segment "
                + "parameter is present";
        assertValidation(() -> scan(b -> b.segment(0)), message);
        assertValidation(() -> scan(b -> b.segment(3)), message);
    }

    @Test
    void refusesTotalSegmentsWithoutASegment() {
        assertValidation(() -> scan(b -> b.totalSegments(4)), "The Segment parameter is required but was not "
                + "present in the request when parameter TotalSegments is present");
    }

    @Test
    void stillAnswersTheCombinationsTheServiceAccepts() {
        assertThat(dynamo.scan(b -> b.tableName("params").segment(0).totalSegments(1)).count()).isEqualTo(1);
        assertThat(dynamo.query(b -> b.tableName("params").keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("a"))).select(Select.SPECIFIC_ATTRIBUTES)
                .projectionExpression("#d").expressionAttributeNames(Map.of("#d", "data"))).items())
                .isEqualTo(List.of(Map.of("data", s("d"))));
        assertThat(dynamo.query(b -> b.tableName("params").indexName("by-gpk").keyConditionExpression("gpk = :g")
                .expressionAttributeValues(Map.of(":g", s("g"))).select(Select.ALL_PROJECTED_ATTRIBUTES)).count())
                .isEqualTo(1);
    }
}
