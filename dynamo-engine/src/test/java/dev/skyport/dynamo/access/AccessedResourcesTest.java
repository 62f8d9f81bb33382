package dev.skyport.dynamo.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessedResourcesTest {

    private static final String ARN = "arn:aws:dynamodb:eu-west-1:111122223333:";
    private static final String TABLE = ARN + "table/";

    @SuppressWarnings("unchecked")
    private static java.util.List<Access> of(String operation, String json) {
        return AccessedResources.of(operation, (Map<String, Object>) Json.parseText(json), ARN);
    }

    @Test
    void namesTheIndexArnForAQueryOnAnIndex() {
        assertThat(of("Query", "{\"TableName\": \"orders\", \"IndexName\": \"by-status\"}"))
                .containsExactly(new Access(null, TABLE + "orders/index/by-status"));
        assertThat(of("Query", "{\"TableName\": \"orders\"}")).containsExactly(new Access(null, TABLE + "orders"));
        assertThat(of("Scan", "{\"TableName\": \"orders\", \"IndexName\": \"by-id\"}"))
                .containsExactly(new Access(null, TABLE + "orders/index/by-id"));
    }

    @Test
    void namesEveryTableOfABatch() {
        assertThat(of("BatchWriteItem", "{\"RequestItems\": {\"a\": [], \"b\": []}}"))
                .containsExactlyInAnyOrder(new Access(null, TABLE + "a"), new Access(null, TABLE + "b"));
        assertThat(of("BatchGetItem", "{\"RequestItems\": {\"c\": {}}}")).containsExactly(new Access(null, TABLE + "c"));
    }

    @Test
    void namesWhatEachPartOfATransactionDoesToWhichTable() {
        assertThat(of("TransactWriteItems", """
                {"TransactItems": [
                  {"Put": {"TableName": "users"}},
                  {"ConditionCheck": {"TableName": "user-emails"}},
                  {"Update": {"TableName": "users"}},
                  {"Delete": {"TableName": "sessions"}}]}"""))
                .containsExactly(new Access("Put", TABLE + "users"), new Access("ConditionCheck", TABLE + "user-emails"),
                        new Access("Update", TABLE + "users"), new Access("Delete", TABLE + "sessions"));
        assertThat(of("TransactGetItems", "{\"TransactItems\": [{\"Get\": {\"TableName\": \"users\"}}]}"))
                .containsExactly(new Access("Get", TABLE + "users"));
    }

    @Test
    void takesATableArnGivenAsTheTableName() {
        assertThat(of("DescribeTable", "{\"TableName\": \"arn:aws:dynamodb:us-east-1:000000000000:table/x\"}"))
                .containsExactly(new Access(null, "arn:aws:dynamodb:us-east-1:000000000000:table/x"));
    }

    @Test
    void namesTheStreamOfStreamCalls() {
        String stream = TABLE + "orders/stream/2026-12-07T06:00:00.000";
        assertThat(of("DescribeStream", "{\"StreamArn\": \"" + stream + "\"}")).containsExactly(new Access(null, stream));
        assertThat(of("GetShardIterator", "{\"StreamArn\": \"" + stream + "\", \"ShardId\": \"s\"}"))
                .containsExactly(new Access(null, stream));
        assertThat(of("GetRecords", "{\"ShardIterator\": \"" + stream + "|1|c29tZXRoaW5n\"}"))
                .containsExactly(new Access(null, stream));
        assertThat(of("ListStreams", "{\"TableName\": \"orders\"}"))
                .containsExactly(new Access(null, TABLE + "orders/stream/*"));
        assertThat(of("ListStreams", "{}")).containsExactly(new Access(null, "*"));
    }

    @Test
    void namesAccountWideCallsAsStar() {
        assertThat(of("ListTables", "{}")).containsExactly(new Access(null, "*"));
        assertThat(of("DescribeLimits", "{}")).containsExactly(new Access(null, "*"));
    }

    @Test
    void namesTheTableAndKindOfPartiQlStatements() {
        assertThat(of("ExecuteStatement", "{\"Statement\": \"SELECT * FROM \\\"orders\\\".\\\"by-id\\\" WHERE orderId = ?\"}"))
                .containsExactly(new Access("Select", TABLE + "orders/index/by-id"));
        assertThat(of("BatchExecuteStatement", """
                {"Statements": [{"Statement": "INSERT INTO t VALUE {'k': 1}"},
                                {"Statement": "DELETE FROM u WHERE k = 1"}]}"""))
                .containsExactly(new Access("Insert", TABLE + "t"), new Access("Delete", TABLE + "u"));
        assertThat(of("ExecuteTransaction", "{\"TransactStatements\": [{\"Statement\": \"UPDATE t SET a = 1 WHERE k = 1\"}]}"))
                .containsExactly(new Access("Update", TABLE + "t"));
        assertThat(of("ExecuteStatement", "{\"Statement\": \"SELEC nonsense\"}")).isEmpty();
    }
}
