package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.SdkValues.attr;
import static dev.skyport.dynamo.SdkValues.key;
import static dev.skyport.dynamo.SdkValues.n;
import static dev.skyport.dynamo.SdkValues.s;
import static dev.skyport.dynamo.api.PartiQlStatementIT.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.junit.DynamoEngineExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** BatchExecuteStatement through the real AWS SDK: statements run one by one, errors come back per statement. */
@ExtendWith(DynamoEngineExtension.class)
class PartiQlBatchIT {

    static DynamoEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start(DynamoEngine started, DynamoDbClient client) {
        engine = started;
        dynamo = client;
        dynamo.createTable(b -> b.tableName("things")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)));
        for (int i = 0; i < 5; i++) {
            int sk = i;
            dynamo.executeStatement(b -> b.statement("INSERT INTO things VALUE {'pk': 'a', 'sk': ?, 'v': ?}")
                    .parameters(n(Integer.toString(sk)), s("v" + sk)));
        }
    }

    @Test
    void namesANestedSelectedPathByItsLastStep() {
        dynamo.executeStatement(b -> b.statement("INSERT INTO things VALUE {'pk': 'nested', 'sk': 1, "
                + "'doc': {'lines': [{'sku': 'S1'}], 'note': 'n'}}"));
        BatchExecuteStatementResponse response = batch(
                statement("SELECT doc.note, doc.lines[0].sku FROM things WHERE pk = 'nested' AND sk = 1"));
        assertThat(response.responses().get(0).item()).isEqualTo(Map.of("note", s("n"), "sku", s("S1")));
    }

    @Test
    void readsSingleItemsByKeyInStatementOrder() {
        BatchExecuteStatementResponse response = batch(
                statement("SELECT * FROM things WHERE pk = 'a' AND sk = 3"),
                statement("SELECT v FROM things WHERE pk = ? AND sk = ?", s("a"), n("1")),
                statement("SELECT * FROM things WHERE pk = 'a' AND sk = 99"),
                statement("SELECT * FROM things WHERE pk = 'a' AND sk = 2 AND v = 'other'"));
        List<BatchStatementResponse> responses = response.responses();
        assertThat(responses).hasSize(4);
        assertThat(responses.get(0).item()).isEqualTo(Map.of("pk", s("a"), "sk", n("3"), "v", s("v3")));
        assertThat(responses.get(0).tableName()).isEqualTo("things");
        assertThat(responses.get(1).item()).isEqualTo(Map.of("v", s("v1")));
        assertThat(responses.get(2).hasItem()).isFalse();
        assertThat(responses.get(2).error()).isNull();
        assertThat(responses.get(3).hasItem()).isFalse();
    }

    @Test
    void readThatDoesNotNameAWholeKeyFailsOnlyItself() {
        BatchExecuteStatementResponse response = batch(
                statement("SELECT * FROM things WHERE pk = 'a'"),
                statement("SELECT * FROM things WHERE pk = 'a' AND sk = 0"));
        assertThat(response.responses().get(0).error().code()).isEqualTo(BatchStatementErrorCodeEnum.VALIDATION_ERROR);
        assertThat(response.responses().get(0).error().message())
                .isEqualTo("Where clause does not contain a mandatory equality on all key attributes");
        assertThat(response.responses().get(1).item()).containsEntry("v", s("v0"));
    }

    @Test
    void writesRunOneByOneAndReportEachFailureInItsPlace() {
        dynamo.executeStatement(b -> b.statement("INSERT INTO things VALUE {'pk': 'w', 'sk': 1, 'v': 'old'}"));
        BatchExecuteStatementResponse response = dynamo.batchExecuteStatement(b -> b.statements(
                statement("INSERT INTO things VALUE {'pk': 'w', 'sk': 2}"),
                statement("INSERT INTO things VALUE {'pk': 'w', 'sk': 1}"),
                BatchStatementRequest.builder().statement("UPDATE things SET v = 'new' WHERE pk = 'w' AND sk = 1 AND v = 'x'")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build(),
                statement("UPDATE things SET v = 'x' WHERE pk = 'w' AND sk = 404"),
                statement("UPDATE things SET v = 'newer' WHERE pk = 'w' AND sk = 1"),
                statement("DELETE FROM nope WHERE pk = 'w' AND sk = 1"),
                statement("DELETE FRM things WHERE pk = 'w' AND sk = 1")));
        List<BatchStatementResponse> r = response.responses();
        assertThat(r).hasSize(7);
        assertThat(r.get(0).error()).isNull();
        assertThat(r.get(0).tableName()).isEqualTo("things");
        assertThat(r.get(1).error().code()).isEqualTo(BatchStatementErrorCodeEnum.DUPLICATE_ITEM);
        assertThat(r.get(1).error().message()).isEqualTo("Duplicate primary key exists in table");
        assertThat(r.get(2).error().code()).isEqualTo(BatchStatementErrorCodeEnum.CONDITIONAL_CHECK_FAILED);
        assertThat(r.get(2).error().message()).isEqualTo("The conditional request failed");
        assertThat(r.get(2).error().item()).isEqualTo(Map.of("pk", s("w"), "sk", n("1"), "v", s("old")));
        assertThat(r.get(3).error().code()).isEqualTo(BatchStatementErrorCodeEnum.CONDITIONAL_CHECK_FAILED);
        assertThat(r.get(3).error().hasItem()).isFalse();
        assertThat(r.get(4).error()).isNull();
        assertThat(r.get(5).error().code()).isEqualTo(BatchStatementErrorCodeEnum.RESOURCE_NOT_FOUND);
        assertThat(r.get(5).error().message()).isEqualTo("Requested resource not found");
        assertThat(r.get(6).error().code()).isEqualTo(BatchStatementErrorCodeEnum.VALIDATION_ERROR);
        assertThat(r.get(6).error().message())
                .isEqualTo("Statement wasn't well formed, can't be processed: Unexpected token");

        assertThat(get("w", 1)).containsEntry("v", s("newer"));
        assertThat(get("w", 2)).isNotNull();
    }

    @Test
    void reportsCapacityPerTable() {
        BatchExecuteStatementResponse response = dynamo.batchExecuteStatement(b -> b
                .statements(statement("SELECT * FROM things WHERE pk = 'a' AND sk = 0"),
                        statement("SELECT * FROM things WHERE pk = 'a' AND sk = 1"))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(response.consumedCapacity()).hasSize(1);
        assertThat(response.consumedCapacity().get(0).tableName()).isEqualTo("things");
        assertThat(response.consumedCapacity().get(0).capacityUnits()).isEqualTo(1.0);
    }

    @Test
    void readsAndWritesCannotBeMixed() {
        assertValidation(() -> batch(statement("SELECT * FROM things WHERE pk = 'a' AND sk = 0"),
                        statement("INSERT INTO things VALUE {'pk': 'mixed', 'sk': 0}")),
                "Statements in a BatchExecuteStatement request must be either all reads or all writes");
        assertThat(get("mixed", 0)).isNull();
    }

    @Test
    void moreThanTwentyFiveStatementsAreRefused() {
        List<BatchStatementRequest> statements = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            statements.add(statement("SELECT * FROM things WHERE pk = 'a' AND sk = " + i));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dynamo.batchExecuteStatement(b -> b.statements(statements)))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected: Value ")
                            .contains("at 'statements' failed to satisfy constraint: "
                                    + "Member must have length less than or equal to 25");
                });
    }

    static BatchExecuteStatementResponse batch(BatchStatementRequest... statements) {
        return dynamo.batchExecuteStatement(b -> b.statements(statements));
    }

    static BatchStatementRequest statement(String text, AttributeValue... parameters) {
        BatchStatementRequest.Builder b = BatchStatementRequest.builder().statement(text);
        if (parameters.length > 0) {
            b.parameters(parameters);
        }
        return b.build();
    }

    static Map<String, AttributeValue> get(String pk, int sk) {
        var response = dynamo.getItem(b -> b.tableName("things").key(Map.of("pk", s(pk), "sk", n(Integer.toString(sk)))));
        return response.hasItem() ? response.item() : null;
    }
}
