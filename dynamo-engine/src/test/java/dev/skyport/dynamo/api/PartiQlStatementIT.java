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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DuplicateItemException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** ExecuteStatement through the real AWS SDK over HTTP: every statement form, paging, and the service's errors. */
@ExtendWith(DynamoEngineExtension.class)
class PartiQlStatementIT {

    static DynamoEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start(DynamoEngine started, DynamoDbClient client) {
        engine = started;
        dynamo = client;
        dynamo.createTable(b -> b.tableName("music")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("Artist", ScalarAttributeType.S), attr("SongTitle", ScalarAttributeType.S),
                        attr("Album", ScalarAttributeType.S))
                .keySchema(key("Artist", KeyType.HASH), key("SongTitle", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-album")
                        .keySchema(key("Album", KeyType.HASH), key("SongTitle", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        dynamo.createTable(b -> b.tableName("counters")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("id", ScalarAttributeType.S))
                .keySchema(key("id", KeyType.HASH)));
        dynamo.createTable(b -> b.tableName("pages")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("n", ScalarAttributeType.N))
                .keySchema(key("pk", KeyType.HASH), key("n", KeyType.RANGE)));
        for (int i = 0; i < 20; i++) {
            String title = String.format("s%02d", i);
            execute("INSERT INTO music VALUE {'Artist': 'Acme', 'SongTitle': ?, 'Album': ?, 'Year': ?, 'Tags': ?}",
                    s(title), s(i < 10 ? "First" : "Second"), n(Integer.toString(1990 + i)),
                    AttributeValue.fromSs(i % 2 == 0 ? List.of("rock", "live") : List.of("pop")));
        }
        // 300 items of about 10 KB: more than a 1 MB page holds.
        String padding = "x".repeat(10_000);
        for (int i = 0; i < 300; i++) {
            execute("INSERT INTO pages VALUE {'pk': 'p', 'n': ?, 'even': ?, 'padding': ?}",
                    n(Integer.toString(i)), AttributeValue.fromBool(i % 2 == 0), s(padding));
        }
        for (int i = 0; i < 40; i++) {
            execute("INSERT INTO pages VALUE {'pk': ?, 'n': 0}", s("other-" + i));
        }
    }

    // ---------------------------------------------------------------- SELECT

    @Test
    void selectsAnItemByItsKeyWithParameters() {
        ExecuteStatementResponse response = execute("SELECT * FROM \"music\" WHERE Artist = ? AND SongTitle = ?",
                s("Acme"), s("s03"));
        assertThat(response.items()).containsExactly(Map.of("Artist", s("Acme"), "SongTitle", s("s03"),
                "Album", s("First"), "Year", n("1993"), "Tags", AttributeValue.fromSs(List.of("pop"))));
        assertThat(response.nextToken()).isNull();
    }

    @Test
    void namesEachSelectedPathByItsLastStep() {
        execute("INSERT INTO counters VALUE {'id': 'nested', 'info': {'year': 2001, 'rating': 'A', "
                + "'detail': {'c': 'deep'}}, 'list': ['a', 'b', 'c'], 'lines': [{'sku': 'S1'}, {'sku': 'S2'}], 'x': 1}");
        ExecuteStatementResponse response = execute("SELECT \"id\", info.\"year\", info.detail.c, lines[1].sku "
                + "FROM counters WHERE id = 'nested'");
        assertThat(response.items()).containsExactly(Map.of("id", s("nested"), "year", n("2001"), "c", s("deep"),
                "sku", s("S2")));
    }

    @Test
    void namesAPathEndingInAListIndexWithItsIndex() {
        execute("INSERT INTO counters VALUE {'id': 'indexed', 'list': ['a', 'b', 'c'], 'm': {'l': [[1, 2], [3]]}}");
        ExecuteStatementResponse response = execute("SELECT list[1], m.l[0][1] FROM counters WHERE id = 'indexed'");
        assertThat(response.items()).containsExactly(Map.of("list[1]", s("b"), "l[0][1]", n("2")));
    }

    @Test
    void leavesOutSelectedPathsTheItemLacks() {
        execute("INSERT INTO counters VALUE {'id': 'sparse', 'info': {'year': 1999}}");
        ExecuteStatementResponse response = execute("SELECT info.\"year\", info.rating, nothing[0] FROM counters "
                + "WHERE id = 'sparse'");
        assertThat(response.items()).containsExactly(Map.of("year", n("1999")));
    }

    @Test
    void storesEveryLiteralType() {
        execute("INSERT INTO counters VALUE {'id': 'literals', 's': 'it''s', 'n': -1.50, 'yes': TRUE, 'no': false, "
                + "'nothing': NULL, 'ss': <<'a', 'b'>>, 'ns': <<1, 2>>, 'l': [1, 'two', [3]], 'm': {'k': {'deep': 'v'}}, "
                + "'b': ?, 'bs': <<?, ?>>}",
                AttributeValue.fromB(SdkBytes.fromUtf8String("bin")),
                AttributeValue.fromB(SdkBytes.fromUtf8String("b1")), AttributeValue.fromB(SdkBytes.fromUtf8String("b2")));
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName("counters")
                .key(Map.of("id", s("literals")))).item();
        assertThat(item).containsEntry("s", s("it's"))
                .containsEntry("n", n("-1.5"))
                .containsEntry("yes", AttributeValue.fromBool(true))
                .containsEntry("no", AttributeValue.fromBool(false))
                .containsEntry("nothing", AttributeValue.fromNul(true))
                .containsEntry("ss", AttributeValue.fromSs(List.of("a", "b")))
                .containsEntry("ns", AttributeValue.fromNs(List.of("1", "2")))
                .containsEntry("l", AttributeValue.fromL(List.of(n("1"), s("two"), AttributeValue.fromL(List.of(n("3"))))))
                .containsEntry("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromM(Map.of("deep", s("v"))))))
                .containsEntry("b", AttributeValue.fromB(SdkBytes.fromUtf8String("bin")))
                .containsEntry("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("b1"),
                        SdkBytes.fromUtf8String("b2"))));
    }

    @Test
    void queriesAPartitionWithSortKeyConditionsInKeyOrder() {
        assertThat(titles(execute("SELECT SongTitle FROM music WHERE Artist = 'Acme' AND SongTitle BETWEEN 's05' AND 's08'")))
                .containsExactly("s05", "s06", "s07", "s08");
        assertThat(titles(execute("SELECT SongTitle FROM music WHERE Artist = 'Acme' AND begins_with(SongTitle, 's1')")))
                .containsExactly("s10", "s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19");
        assertThat(titles(execute("SELECT SongTitle FROM music WHERE 's17' < SongTitle AND Artist = 'Acme'")))
                .containsExactly("s18", "s19");
        assertThat(titles(execute("SELECT SongTitle FROM music WHERE Artist = 'Acme' AND SongTitle <= 's01'")))
                .containsExactly("s00", "s01");
    }

    @Test
    void ordersByTheSortKeyDescending() {
        assertThat(titles(execute("SELECT SongTitle FROM music WHERE Artist = 'Acme' AND SongTitle >= 's16' "
                + "ORDER BY SongTitle DESC"))).containsExactly("s19", "s18", "s17", "s16");
        assertThat(titles(execute("SELECT SongTitle FROM music WHERE Artist = 'Acme' AND begins_with(SongTitle, 's0') "
                + "ORDER BY SongTitle DESC"))).containsExactly("s09", "s08", "s07", "s06", "s05", "s04", "s03", "s02",
                "s01", "s00");
    }

    @Test
    void filtersWithEveryOperatorAndFunction() {
        String from = "SELECT SongTitle FROM music WHERE Artist = 'Acme' AND ";
        assertThat(titles(execute(from + "\"Year\" > 2006"))).containsExactly("s17", "s18", "s19");
        assertThat(titles(execute(from + "\"Year\" IN [1990, 1991, 2050]"))).containsExactly("s00", "s01");
        assertThat(titles(execute(from + "\"Year\" IN ?", AttributeValue.fromL(List.of(n("1992"))))))
                .containsExactly("s02");
        assertThat(titles(execute(from + "contains(Tags, 'live') AND \"Year\" >= 2004"))).containsExactly("s14", "s16", "s18");
        assertThat(titles(execute(from + "size(Tags) = 1 AND NOT \"Year\" < 2005"))).containsExactly("s15", "s17", "s19");
        assertThat(titles(execute(from + "(SongTitle = 's01' OR SongTitle = 's02') AND Album <> 'Second'")))
                .containsExactly("s01", "s02");
        assertThat(titles(execute(from + "attribute_type(\"Year\", 'N') AND \"Year\" BETWEEN 1998 AND 1999")))
                .containsExactly("s08", "s09");
        assertThat(titles(execute(from + "Nope IS MISSING AND SongTitle < 's01'"))).containsExactly("s00");
        assertThat(titles(execute(from + "Tags IS NOT MISSING AND Tags IS NOT NULL AND SongTitle < 's01'")))
                .containsExactly("s00");
        assertThat(titles(execute(from + "Album IS NULL"))).isEmpty();
    }

    @Test
    void scansWhenThePartitionKeyIsNotFixed() {
        assertThat(titles(execute("SELECT SongTitle FROM music WHERE \"Year\" = 2005 OR \"Year\" = 1995")))
                .containsExactlyInAnyOrder("s15", "s05");
        ExecuteStatementResponse all = execute("SELECT * FROM music");
        assertThat(all.items()).hasSize(20);
    }

    @Test
    void queriesEveryPartitionAnInListNames() {
        ExecuteStatementResponse response = execute("SELECT pk FROM pages WHERE pk IN ['other-3', 'other-1', 'nope']");
        assertThat(response.items()).containsExactly(Map.of("pk", s("other-3")), Map.of("pk", s("other-1")));
    }

    @Test
    void queriesASecondaryIndex() {
        ExecuteStatementResponse response = execute(
                "SELECT SongTitle FROM \"music\".\"by-album\" WHERE Album = 'Second' AND SongTitle > 's17'");
        assertThat(titles(response)).containsExactly("s18", "s19");
    }

    @Test
    void pagesWithLimitAndNextTokenOverAFullPartition() {
        List<AttributeValue> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ExecuteStatementResponse page = dynamo.executeStatement(b -> b
                    .statement("SELECT n FROM pages WHERE pk = ?").parameters(s("p")).limit(70).nextToken(next));
            assertThat(page.items().size()).isLessThanOrEqualTo(70);
            page.items().forEach(item -> seen.add(item.get("n")));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(5);
        assertThat(seen).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(seen.get(i)).isEqualTo(n(Integer.toString(i)));
        }
    }

    @Test
    void limitCountsItemsEvaluatedNotItemsReturned() {
        ExecuteStatementResponse page = dynamo.executeStatement(b -> b
                .statement("SELECT n FROM pages WHERE pk = 'p' AND even = TRUE").limit(10));
        assertThat(page.items()).extracting(item -> item.get("n"))
                .containsExactly(n("0"), n("2"), n("4"), n("6"), n("8"));
        assertThat(page.nextToken()).isNotNull();
        assertThat(page.lastEvaluatedKey()).isEqualTo(Map.of("pk", s("p"), "n", n("9")));
    }

    @Test
    void pagesAtOneMegabyteWithoutALimit() {
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ExecuteStatementResponse page = dynamo.executeStatement(b -> b.statement("SELECT pk, n FROM pages")
                    .nextToken(next));
            page.items().forEach(item -> assertThat(seen.add(item.get("pk").s() + "/" + item.get("n").n())).isTrue());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(seen).hasSize(340);
        // 300 items of 10 KB is about 3 MB: at least three pages.
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void reportsReadCapacityWhenAsked() {
        ExecuteStatementResponse response = dynamo.executeStatement(b -> b
                .statement("SELECT * FROM music WHERE Artist = 'Acme' AND SongTitle = 's01'")
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(response.consumedCapacity().tableName()).isEqualTo("music");
        assertThat(response.consumedCapacity().capacityUnits()).isEqualTo(0.5);
    }

    // ---------------------------------------------------------------- writes

    @Test
    void insertOfAnExistingKeyIsADuplicateItem() {
        execute("INSERT INTO counters VALUE {'id': 'dup', 'v': 1}");
        assertThatThrownBy(() -> execute("INSERT INTO counters VALUE {'id': 'dup', 'v': 2}"))
                .isInstanceOfSatisfying(DuplicateItemException.class, e ->
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Duplicate primary key exists in table"));
        assertThat(item("counters", "dup")).containsEntry("v", n("1"));
    }

    @Test
    void updatesSetsRemovesAndComputesFromTheOldItem() {
        execute("INSERT INTO counters VALUE {'id': 'upd', 'count': 5, 'l': [1], 'm': {'a': 1}, 'gone': 'x'}");
        ExecuteStatementResponse response = execute("UPDATE counters SET \"count\" = \"count\" + 1, l = list_append(l, ?) "
                + "SET m.b = m.a - 3 REMOVE gone WHERE id = ? RETURNING ALL NEW *",
                AttributeValue.fromL(List.of(n("2"))), s("upd"));
        Map<String, AttributeValue> expected = Map.of("id", s("upd"), "count", n("6"),
                "l", AttributeValue.fromL(List.of(n("1"), n("2"))),
                "m", AttributeValue.fromM(Map.of("a", n("1"), "b", n("-2"))));
        assertThat(response.items()).containsExactly(expected);
        assertThat(item("counters", "upd")).isEqualTo(expected);
    }

    @Test
    void updateReturnsTheModifiedAttributesOrTheOldItem() {
        execute("INSERT INTO counters VALUE {'id': 'ret', 'a': 1, 'b': 2}");
        assertThat(execute("UPDATE counters SET a = 10 WHERE id = 'ret' RETURNING MODIFIED OLD *").items())
                .containsExactly(Map.of("a", n("1")));
        assertThat(execute("UPDATE counters SET b = 20 WHERE id = 'ret' RETURNING MODIFIED NEW *").items())
                .containsExactly(Map.of("b", n("20")));
        assertThat(execute("UPDATE counters SET b = 30 WHERE id = 'ret' RETURNING ALL OLD *").items())
                .containsExactly(Map.of("id", s("ret"), "a", n("10"), "b", n("20")));
        assertThat(execute("UPDATE counters SET b = 40 WHERE id = 'ret'").items()).isEmpty();
    }

    @Test
    void addsToAndDeletesFromSets() {
        execute("INSERT INTO counters VALUE {'id': 'sets', 'tags': <<'a', 'b'>>}");
        execute("UPDATE counters SET tags = set_add(tags, <<'c'>>) WHERE id = 'sets'");
        execute("UPDATE counters SET tags = set_delete(tags, <<'a'>>) WHERE id = 'sets'");
        assertThat(item("counters", "sets")).containsEntry("tags", AttributeValue.fromSs(List.of("b", "c")));
    }

    @Test
    void updateOfAMissingItemFailsItsCondition() {
        assertThatThrownBy(() -> execute("UPDATE counters SET a = 1 WHERE id = 'never-inserted'"))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e ->
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed"));
        assertThat(dynamo.getItem(b -> b.tableName("counters").key(Map.of("id", s("never-inserted")))).hasItem())
                .isFalse();
    }

    @Test
    void conditionalUpdateFailsAndCanReturnTheItem() {
        execute("INSERT INTO counters VALUE {'id': 'cond', 'v': 1}");
        assertThatThrownBy(() -> dynamo.executeStatement(b -> b
                .statement("UPDATE counters SET v = 2 WHERE id = 'cond' AND v = 5")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
                    assertThat(e.item()).isEqualTo(Map.of("id", s("cond"), "v", n("1")));
                });
        execute("UPDATE counters SET v = 2 WHERE id = 'cond' AND v = 1");
        assertThat(item("counters", "cond")).containsEntry("v", n("2"));
    }

    @Test
    void deletesAndReturnsTheOldItem() {
        execute("INSERT INTO counters VALUE {'id': 'del', 'v': 1}");
        assertThat(execute("DELETE FROM counters WHERE id = 'del' RETURNING ALL OLD *").items())
                .containsExactly(Map.of("id", s("del"), "v", n("1")));
        assertThat(dynamo.getItem(b -> b.tableName("counters").key(Map.of("id", s("del")))).hasItem()).isFalse();
        // Deleting what is not there is no error.
        assertThat(execute("DELETE FROM counters WHERE id = 'del' RETURNING ALL OLD *").items()).isEmpty();
    }

    @Test
    void conditionalDeleteFails() {
        execute("INSERT INTO counters VALUE {'id': 'del-cond', 'v': 1}");
        assertThatThrownBy(() -> execute("DELETE FROM counters WHERE id = 'del-cond' AND v > 1"))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(item("counters", "del-cond")).containsEntry("v", n("1"));
    }

    // ---------------------------------------------------------------- bad inputs

    @Test
    void malformedStatementsAreValidationErrors() {
        assertValidation(() -> execute("SELECT * FORM music"),
                "Statement wasn't well formed, can't be processed: Expected FROM after SELECT list");
        assertValidation(() -> execute("SELECT * FROM music WHERE"),
                "Statement wasn't well formed, can't be processed: Expected expression");
        assertValidation(() -> execute("INSERT INTO music VALUES {'Artist': 'a'}"),
                "Statement wasn't well formed, can't be processed: Unexpected keyword");
        assertValidation(() -> execute("SELECT * FROM music WHERE Artist = 'a"),
                "Statement wasn't well formed, can't be processed: Unterminated string literal");
    }

    @Test
    void unknownTableIsResourceNotFound() {
        assertThatThrownBy(() -> execute("SELECT * FROM nope"))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e ->
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found"));
        assertThatThrownBy(() -> execute("INSERT INTO nope VALUE {'id': 'a'}"))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void parameterCountMustMatchTheStatement() {
        assertValidation(() -> execute("SELECT * FROM music WHERE Artist = ?"),
                "Number of parameters in request and statement don't match.");
        assertValidation(() -> execute("SELECT * FROM music WHERE Artist = ?", s("a"), s("b")),
                "Number of parameters in request and statement don't match.");
    }

    @Test
    void writesMustNameTheWholeKeyWithEqualities() {
        String message = "Where clause does not contain a mandatory equality on all key attributes";
        assertValidation(() -> execute("UPDATE music SET a = 1 WHERE Artist = 'Acme'"), message);
        assertValidation(() -> execute("UPDATE music SET a = 1 WHERE Artist = 'Acme' AND SongTitle > 's01'"), message);
        assertValidation(() -> execute("DELETE FROM music WHERE Artist = 'Acme' OR SongTitle = 's01'"), message);
        assertValidation(() -> execute("DELETE FROM counters"), message);
    }

    @Test
    void pathsThatNameNothingAreUnexpected() {
        assertValidation(() -> execute("SELECT * FROM music.\"by-album\".x"), "Unexpected path component");
        assertValidation(() -> execute("UPDATE music.\"by-album\" SET a = 1 WHERE Artist = 'a' AND SongTitle = 'b'"),
                "Unexpected path component");
    }

    @Test
    void keysAreCheckedAsTheItemOperationsCheckThem() {
        assertValidation(() -> execute("INSERT INTO music VALUE {'Artist': 'a'}"),
                "One or more parameter values were invalid: Missing the key SongTitle in the item");
        assertValidation(() -> execute("UPDATE counters SET a = 1 WHERE id = 5"),
                "The provided key element does not match the schema");
        assertValidation(() -> execute("UPDATE music SET SongTitle = 'x' WHERE Artist = 'a' AND SongTitle = 'b'"),
                "One or more parameter values were invalid: Cannot update attribute SongTitle. "
                        + "This attribute is part of the key");
    }

    @Test
    void readsRefuseWhatTheyCannotDo() {
        assertValidation(() -> execute("SELECT * FROM music.nope WHERE Album = 'a'"),
                "The table does not have the specified index: nope");
        assertValidation(() -> execute("SELECT * FROM music ORDER BY SongTitle"),
                "Must have WHERE clause in the statement when using ORDER BY clause.");
        assertValidation(() -> execute("SELECT * FROM music WHERE Artist = 'Acme' ORDER BY Album"),
                "ORDER BY is only supported on the sort key of the table or index");
        assertValidation(() -> dynamo.executeStatement(b -> b.statement("SELECT * FROM music.\"by-album\" WHERE Album = 'First'")
                .consistentRead(true)), "Consistent reads are not supported on global secondary indexes");
        assertValidation(() -> execute("EXISTS(SELECT * FROM counters WHERE id = 'a')"),
                "EXISTS is only supported in ExecuteTransaction");
    }

    @Test
    void nextTokenOfAnotherStatementIsRefused() {
        String token = dynamo.executeStatement(b -> b.statement("SELECT n FROM pages WHERE pk = 'p'").limit(5)).nextToken();
        assertThat(token).isNotNull();
        assertValidation(() -> dynamo.executeStatement(b -> b.statement("SELECT * FROM pages WHERE pk = 'p'")
                .nextToken(token)), "Invalid NextToken");
        assertValidation(() -> dynamo.executeStatement(b -> b.statement("SELECT * FROM pages").nextToken("garbage")),
                "Invalid NextToken");
    }

    @Test
    void statementOutsideTheModelsLimitsIsRefusedBeforeParsing() {
        assertThatThrownBy(() -> execute(""))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected");
                });
    }

    // ---------------------------------------------------------------- helpers

    static ExecuteStatementResponse execute(String statement, AttributeValue... parameters) {
        Consumer<ExecuteStatementRequest.Builder> request = parameters.length == 0
                ? b -> b.statement(statement) : b -> b.statement(statement).parameters(parameters);
        return dynamo.executeStatement(request);
    }

    static Map<String, AttributeValue> item(String table, String id) {
        return dynamo.getItem(b -> b.tableName(table).key(Map.of("id", s(id)))).item();
    }

    static List<String> titles(ExecuteStatementResponse response) {
        return response.items().stream().map(item -> item.get("SongTitle").s()).toList();
    }

    static void assertValidation(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }
}
