package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.SdkValues.attr;
import static dev.skyport.dynamo.SdkValues.key;
import static dev.skyport.dynamo.SdkValues.n;
import static dev.skyport.dynamo.SdkValues.s;
import static dev.skyport.dynamo.api.PartiQlStatementIT.assertValidation;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionResponse;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** ExecuteTransaction through the real AWS SDK: all statements or none, cancellation reasons in order. */
@ExtendWith(DynamoEngineExtension.class)
class PartiQlTransactionIT {

    static DynamoEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start(DynamoEngine started, DynamoDbClient client) {
        engine = started;
        dynamo = client;
        dynamo.createTable(b -> b.tableName("accounts")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S))
                .keySchema(key("id", KeyType.HASH)));
    }

    @Test
    void appliesEveryWriteTogether() {
        insert("t1-a", 100);
        insert("t1-gone", 1);
        insert("t1-check", 5);
        ExecuteTransactionResponse response = dynamo.executeTransaction(b -> b.transactStatements(
                statement("UPDATE accounts SET balance = balance - 30 WHERE id = 't1-a' AND balance >= 30"),
                statement("INSERT INTO accounts VALUE {'id': ?, 'balance': 30}", s("t1-b")),
                statement("DELETE FROM accounts WHERE id = 't1-gone'"),
                statement("EXISTS(SELECT * FROM accounts WHERE id = 't1-check' AND balance = 5 AND owner IS MISSING)")));
        assertThat(response.hasResponses()).isFalse();
        assertThat(balance("t1-a")).isEqualTo(n("70"));
        assertThat(balance("t1-b")).isEqualTo(n("30"));
        assertThat(balance("t1-gone")).isNull();
    }

    @Test
    void cancelsWithAReasonForEveryStatementInOrder() {
        insert("t2-a", 10);
        insert("t2-dup", 1);
        assertThatThrownBy(() -> dynamo.executeTransaction(b -> b.transactStatements(
                statement("UPDATE accounts SET balance = 0 WHERE id = 't2-a'"),
                ParameterizedStatement.builder()
                        .statement("UPDATE accounts SET balance = balance - 50 WHERE id = 't2-a2' AND balance >= 50")
                        .build(),
                statement("INSERT INTO accounts VALUE {'id': 't2-dup'}"),
                ParameterizedStatement.builder().statement("DELETE FROM accounts WHERE id = 't2-dup2' AND balance > 5")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build(),
                statement("EXISTS(SELECT * FROM accounts WHERE id = 't2-none')"))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Transaction cancelled, please refer "
                            + "cancellation reasons for specific reasons [None, ConditionalCheckFailed, DuplicateItem, "
                            + "ConditionalCheckFailed, ConditionalCheckFailed]");
                    List<CancellationReason> reasons = e.cancellationReasons();
                    assertThat(reasons).extracting(CancellationReason::code).containsExactly("None",
                            "ConditionalCheckFailed", "DuplicateItem", "ConditionalCheckFailed", "ConditionalCheckFailed");
                    assertThat(reasons.get(0).message()).isNull();
                    assertThat(reasons.get(1).message()).isEqualTo("The conditional request failed");
                    assertThat(reasons.get(2).message()).isEqualTo("Duplicate primary key exists in table");
                    assertThat(reasons.get(3).hasItem()).isFalse();
                });
        assertThat(balance("t2-a")).isEqualTo(n("10"));
    }

    @Test
    void failedConditionCanReturnTheItemInItsReason() {
        insert("t3-a", 10);
        assertThatThrownBy(() -> dynamo.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("UPDATE accounts SET balance = 0 WHERE id = 't3-a' AND balance > 50")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e ->
                        assertThat(e.cancellationReasons().get(0).item())
                                .isEqualTo(Map.of("id", s("t3-a"), "balance", n("10"))));
    }

    @Test
    void readsItemsTogetherInStatementOrder() {
        insert("t4-a", 1);
        insert("t4-b", 2);
        ExecuteTransactionResponse response = dynamo.executeTransaction(b -> b.transactStatements(
                statement("SELECT balance FROM accounts WHERE id = 't4-b'"),
                statement("SELECT * FROM accounts WHERE id = 't4-missing'"),
                statement("SELECT * FROM accounts WHERE id = ?", s("t4-a"))));
        assertThat(response.responses()).extracting(ItemResponse::item).containsExactly(
                Map.of("balance", n("2")), Map.of(), Map.of("id", s("t4-a"), "balance", n("1")));
        assertThat(response.responses().get(1).hasItem()).isFalse();
    }

    @Test
    void clientRequestTokenRunsTheTransactionOnce() {
        insert("t5-a", 0);
        List<ParameterizedStatement> statements = List.of(
                statement("UPDATE accounts SET balance = balance + 1 WHERE id = 't5-a'"));
        dynamo.executeTransaction(b -> b.transactStatements(statements).clientRequestToken("token-t5"));
        ExecuteTransactionResponse replay = dynamo.executeTransaction(b -> b.transactStatements(statements)
                .clientRequestToken("token-t5").returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(balance("t5-a")).isEqualTo(n("1"));
        assertThat(replay.consumedCapacity()).hasSize(1);
        assertThatThrownBy(() -> dynamo.executeTransaction(b -> b.clientRequestToken("token-t5").transactStatements(
                statement("UPDATE accounts SET balance = balance + 2 WHERE id = 't5-a'"))))
                .isInstanceOfSatisfying(IdempotentParameterMismatchException.class, e ->
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                                "Request parameters do not match the previous request with the same ClientRequestToken"));
    }

    @Test
    void readsAndWritesCannotBeMixed() {
        assertValidation(() -> dynamo.executeTransaction(b -> b.transactStatements(
                        statement("SELECT * FROM accounts WHERE id = 'x'"),
                        statement("INSERT INTO accounts VALUE {'id': 't6-x'}"))),
                "Statements in an ExecuteTransaction request must be either all reads or all writes");
        assertThat(balance("t6-x")).isNull();
    }

    @Test
    void oneItemCannotBeTargetedTwice() {
        assertValidation(() -> dynamo.executeTransaction(b -> b.transactStatements(
                        statement("INSERT INTO accounts VALUE {'id': 't7'}"),
                        statement("UPDATE accounts SET balance = 1 WHERE id = 't7'"))),
                "Transaction request cannot include multiple operations on one item");
    }

    @Test
    void badStatementsFailTheWholeRequest() {
        assertValidation(() -> dynamo.executeTransaction(b -> b.transactStatements(
                        statement("INSERT INTO accounts VALUE {'id': 't8'}"),
                        statement("UPDATE accounts SET balance = 1 WHERE balance = 2"))),
                "Where clause does not contain a mandatory equality on all key attributes");
        assertValidation(() -> dynamo.executeTransaction(b -> b.transactStatements(
                        statement("SELECT * FROM accounts WHERE balance = 1"))),
                "Where clause does not contain a mandatory equality on all key attributes");
        assertValidation(() -> dynamo.executeTransaction(b -> b.transactStatements(
                        statement("INSERT INTO accounts VALUE {'id': ?}"))),
                "Number of parameters in request and statement don't match.");
        assertThatThrownBy(() -> dynamo.executeTransaction(b -> b.transactStatements(
                statement("INSERT INTO nope VALUE {'id': 't8'}"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(balance("t8")).isNull();
    }

    static ParameterizedStatement statement(String text, AttributeValue... parameters) {
        ParameterizedStatement.Builder b = ParameterizedStatement.builder().statement(text);
        if (parameters.length > 0) {
            b.parameters(parameters);
        }
        return b.build();
    }

    static void insert(String id, int balance) {
        dynamo.executeStatement(b -> b.statement("INSERT INTO accounts VALUE {'id': ?, 'balance': ?}")
                .parameters(s(id), n(Integer.toString(balance))));
    }

    static AttributeValue balance(String id) {
        var response = dynamo.getItem(b -> b.tableName("accounts").key(Map.of("id", s(id))));
        if (!response.hasItem()) {
            return null;
        }
        return response.item().getOrDefault("balance", AttributeValue.fromS("<no balance>"));
    }
}
