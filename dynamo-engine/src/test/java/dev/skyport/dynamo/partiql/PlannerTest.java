package dev.skyport.dynamo.partiql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.expr.RangeCondition;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.PrimaryKey;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** How statements become plans: which reads are Queries, which item a write targets, what stays a condition. */
class PlannerTest {

    private static final TableData TABLE = new TableData(new TableDefinition("t", "id-t",
            "arn:aws:dynamodb:us-east-1:000000000000:table/t", 0, "ACTIVE", new KeySchema("pk", "S", "sk", "N"),
            Map.of("pk", "S", "sk", "N", "g", "S"),
            List.of(new IndexDefinition("by-g", true, new KeySchema("g", "S", "sk", "N"), "ALL", null, "ACTIVE", false,
                    0, 0)),
            List.of(), "PAY_PER_REQUEST", 0, 0, null, null, null, null, Map.of(), false, "STANDARD", null));

    /** Key rules that only build the key; the real ones (api.Items) are exercised through the API. */
    private static final ItemRules RULES = new ItemRules() {
        @Override
        public PrimaryKey key(TableData table, Map<String, AttributeValue> key) {
            return PrimaryKey.of(key.get("pk"), key.get("sk"));
        }

        @Override
        public PrimaryKey item(TableData table, Map<String, AttributeValue> item) {
            return table.keyOf(item);
        }

        @Override
        public void updated(TableData table, Map<String, AttributeValue> item) {
        }
    };

    private static final Planner PLANNER = new Planner(name -> {
        if (!name.equals("t")) {
            throw DynamoException.resourceNotFound("Requested resource not found");
        }
        return TABLE;
    }, RULES);

    private static Plan plan(String statement, AttributeValue... parameters) {
        return plan(Planner.Mode.STATEMENT, statement, parameters);
    }

    private static Plan plan(Planner.Mode mode, String statement, AttributeValue... parameters) {
        return PLANNER.plan(Parser.parse(statement), List.of(parameters), mode);
    }

    private static Plan.Read read(String statement, AttributeValue... parameters) {
        return (Plan.Read) plan(statement, parameters);
    }

    private static AttributeValue s(String v) {
        return new AttributeValue.S(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.n(v);
    }

    private static void invalid(Runnable planning, String message) {
        assertThatThrownBy(planning::run).isInstanceOfSatisfying(DynamoException.class, e -> {
            assertThat(e.type()).endsWith("#ValidationException");
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Nested
    class Reads {

        @Test
        void partitionKeyEqualityMakesAQueryWithTheSortKeyAsItsRange() {
            Plan.Read read = read("SELECT * FROM t WHERE pk = ? AND sk > 5 AND x = 1", s("a"));
            assertThat(read.scan()).isFalse();
            assertThat(read.hashValues()).containsExactly(s("a"));
            assertThat(read.range()).isEqualTo(new RangeCondition("sk", "GT", List.of(n(5))));
            assertThat(read.forward()).isTrue();
            // The whole WHERE stays the filter: the key conditions only narrow what is read.
            assertThat(read.filter().topLevelAttributes()).containsExactly("pk", "sk", "x");
        }

        @Test
        void valueOnTheLeftTurnsTheComparisonAround() {
            assertThat(read("SELECT * FROM t WHERE 5 <= sk AND 'a' = pk").range())
                    .isEqualTo(new RangeCondition("sk", "GE", List.of(n(5))));
        }

        @Test
        void betweenAndBeginsWithNarrowTheSortKey() {
            assertThat(read("SELECT * FROM t WHERE pk = 'a' AND sk BETWEEN 1 AND 3").range())
                    .isEqualTo(new RangeCondition("sk", "BETWEEN", List.of(n(1), n(3))));
            // Bounds out of order select nothing, which the filter decides.
            assertThat(read("SELECT * FROM t WHERE pk = 'a' AND sk BETWEEN 3 AND 1").range()).isNull();
            // begins_with cannot narrow a number key.
            assertThat(read("SELECT * FROM t WHERE pk = 'a' AND begins_with(sk, 1)").range()).isNull();
        }

        @Test
        void inOnThePartitionKeyQueriesEachDistinctValueInOrder() {
            assertThat(read("SELECT * FROM t WHERE pk IN ['b', 'a', 'b', 1]").hashValues()).containsExactly(s("b"), s("a"));
            assertThat(read("SELECT * FROM t WHERE pk IN ?", new AttributeValue.L(List.of(s("c")))).hashValues())
                    .containsExactly(s("c"));
        }

        @Test
        void partitionKeyOfAnotherTypeMatchesNothing() {
            assertThat(read("SELECT * FROM t WHERE pk = 1").hashValues()).isEmpty();
        }

        @Test
        void anythingElseScans() {
            assertThat(read("SELECT * FROM t").scan()).isTrue();
            assertThat(read("SELECT * FROM t WHERE pk <> 'a'").scan()).isTrue();
            assertThat(read("SELECT * FROM t WHERE pk = 'a' OR sk = 1").scan()).isTrue();
            assertThat(read("SELECT * FROM t WHERE sk = 1").scan()).isTrue();
            assertThat(read("SELECT * FROM t WHERE NOT pk = 'a'").scan()).isTrue();
        }

        @Test
        void indexReadsUseTheIndexKey() {
            Plan.Read read = read("SELECT * FROM t.\"by-g\" WHERE g = 'x' AND sk < 3 ORDER BY sk DESC");
            assertThat(read.index().name()).isEqualTo("by-g");
            assertThat(read.hashValues()).containsExactly(s("x"));
            assertThat(read.range()).isEqualTo(new RangeCondition("sk", "LT", List.of(n(3))));
            assertThat(read.forward()).isFalse();
            assertThat(read("SELECT * FROM t.\"by-g\" WHERE pk = 'x'").scan()).isTrue();
        }

        @Test
        void projectionKeepsThePathsInOrder() {
            assertThat(read("SELECT b.c, a FROM t").projection().paths())
                    .extracting(Object::toString).containsExactly("[b, c]", "[a]");
            assertThat(read("SELECT * FROM t").projection()).isNull();
        }

        @Test
        void batchesAndTransactionsReadOneItemByItsKey() {
            Plan.Get get = (Plan.Get) plan(Planner.Mode.BATCH, "SELECT a FROM t WHERE sk = 2 AND pk = 'k' AND a > 1");
            assertThat(get.key()).isEqualTo(PrimaryKey.of(s("k"), n(2)));
            assertThat(get.filter().topLevelAttributes()).containsExactly("a");
            invalid(() -> plan(Planner.Mode.TRANSACTION, "SELECT * FROM t WHERE pk = 'k'"),
                    PartiQlErrors.MANDATORY_KEY_EQUALITY);
            invalid(() -> plan(Planner.Mode.BATCH, "SELECT * FROM t.\"by-g\" WHERE g = 'k' AND sk = 1"),
                    PartiQlErrors.MANDATORY_KEY_EQUALITY);
        }

        @Test
        void orderByNeedsAQueryAndTheSortKey() {
            invalid(() -> plan("SELECT * FROM t ORDER BY sk"), PartiQlErrors.ORDER_BY_NEEDS_WHERE);
            invalid(() -> plan("SELECT * FROM t WHERE sk = 1 ORDER BY sk"), PartiQlErrors.ORDER_BY_NEEDS_PARTITION);
            invalid(() -> plan("SELECT * FROM t WHERE pk = 'a' ORDER BY x"), PartiQlErrors.ORDER_BY_SORT_KEY);
            assertThat(read("SELECT * FROM t WHERE pk = 'a' ORDER BY pk, sk DESC").forward()).isFalse();
        }

        @Test
        void unknownIndexIsRefused() {
            invalid(() -> plan("SELECT * FROM t.nope"), "The table does not have the specified index: nope");
        }
    }

    @Nested
    class Writes {

        @Test
        void insertStoresTheBoundValue() {
            Plan.Insert insert = (Plan.Insert) plan("INSERT INTO t VALUE {'pk': ?, 'sk': 1, 'tags': <<'a'>>}", s("k"));
            assertThat(insert.key()).isEqualTo(PrimaryKey.of(s("k"), n(1)));
            assertThat(insert.item()).containsEntry("tags", new AttributeValue.SS(java.util.Set.of("a")));
        }

        @Test
        void insertValueMustBeAMap() {
            invalid(() -> plan("INSERT INTO t VALUE ?", s("x")),
                    "The VALUE of an INSERT must be a map of attribute names to values");
        }

        @Test
        void updateTargetsTheKeyAndKeepsTheOtherConditions() {
            Plan.Update update = (Plan.Update) plan("UPDATE t SET a = 1 REMOVE b WHERE pk = 'k' AND sk = 2 AND c > 3");
            assertThat(update.key()).isEqualTo(PrimaryKey.of(s("k"), n(2)));
            assertThat(update.condition().topLevelAttributes()).containsExactly("c");
            assertThat(update.update().topLevelAttributes()).containsExactly("a", "b");
            Plan.Delete delete = (Plan.Delete) plan("DELETE FROM t WHERE pk = 'k' AND sk = 2");
            assertThat(delete.condition()).isNull();
        }

        @Test
        void updateAppliesToTheOldItem() {
            Plan.Update update = (Plan.Update) plan(
                    "UPDATE t SET n = n + 1, tags = set_add(tags, <<'b'>>), l = list_append(l, [2]) REMOVE gone "
                            + "WHERE pk = 'k' AND sk = 2");
            Map<String, AttributeValue> after = update.update().apply(Map.of("pk", s("k"), "sk", n(2), "n", n(1),
                    "tags", new AttributeValue.SS(java.util.Set.of("a")), "l", new AttributeValue.L(List.of(n(1))),
                    "gone", s("x")));
            assertThat(after).containsEntry("n", n(2))
                    .containsEntry("l", new AttributeValue.L(List.of(n(1), n(2))))
                    .doesNotContainKey("gone");
            assertThat(((AttributeValue.SS) after.get("tags")).values()).containsExactly("a", "b");
        }

        @Test
        void overlappingUpdatePathsAreRefusedAsInUpdateExpressions() {
            invalid(() -> plan("UPDATE t SET a = 1, a.b = 2 WHERE pk = 'k' AND sk = 2"),
                    "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite "
                            + "one of these paths; path one: [a], path two: [a, b]");
        }

        @Test
        void setFunctionsMustWorkOnThePathBeingSet() {
            invalid(() -> plan("UPDATE t SET a = set_add(b, <<'x'>>) WHERE pk = 'k' AND sk = 2"),
                    "The first argument of set_add must be the path being set");
        }

        @Test
        void writesNeedAnEqualityOnEveryKeyAttribute() {
            invalid(() -> plan("UPDATE t SET a = 1 WHERE pk = 'k'"), PartiQlErrors.MANDATORY_KEY_EQUALITY);
            invalid(() -> plan("DELETE FROM t WHERE pk = 'k' AND sk >= 2"), PartiQlErrors.MANDATORY_KEY_EQUALITY);
            invalid(() -> plan("DELETE FROM t WHERE pk = 'k' OR sk = 2"), PartiQlErrors.MANDATORY_KEY_EQUALITY);
            invalid(() -> plan("DELETE FROM t WHERE pk.x = 'k' AND sk = 2"), PartiQlErrors.MANDATORY_KEY_EQUALITY);
        }

        @Test
        void keyAttributesCannotBeUpdated() {
            invalid(() -> plan("UPDATE t SET sk = 3 WHERE pk = 'k' AND sk = 2"),
                    "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key");
        }

        @Test
        void deleteReturnsOnlyTheOldItem() {
            invalid(() -> plan("DELETE FROM t WHERE pk = 'k' AND sk = 2 RETURNING ALL NEW *"),
                    "DELETE statements support only RETURNING ALL OLD *");
        }

        @Test
        void existsIsATransactionsConditionCheck() {
            Plan.Check check = (Plan.Check) plan(Planner.Mode.TRANSACTION,
                    "EXISTS(SELECT * FROM t WHERE pk = 'k' AND sk = 1 AND a IS MISSING)");
            assertThat(check.key()).isEqualTo(PrimaryKey.of(s("k"), n(1)));
            assertThat(check.condition().test(Map.of("pk", s("k")))).isTrue();
            invalid(() -> plan("EXISTS(SELECT * FROM t WHERE pk = 'k' AND sk = 1)"),
                    PartiQlErrors.EXISTS_OUTSIDE_TRANSACTION);
        }
    }

    @Nested
    class Binding {

        @Test
        void parameterCountMustMatch() {
            invalid(() -> plan("SELECT * FROM t WHERE pk = ?"), PartiQlErrors.PARAMETER_COUNT);
            invalid(() -> plan("SELECT * FROM t", s("x")), PartiQlErrors.PARAMETER_COUNT);
        }

        @Test
        void setsAreBuiltFromTheirElementsType() {
            Plan.Insert insert = (Plan.Insert) plan("INSERT INTO t VALUE {'pk': 'k', 'sk': 1, 'ns': <<1, ?>>}", n(2));
            assertThat(insert.item().get("ns")).isEqualTo(new AttributeValue.NS(java.util.Set.of(
                    java.math.BigDecimal.ONE, java.math.BigDecimal.valueOf(2))));
            invalid(() -> plan("INSERT INTO t VALUE {'pk': 'k', 'sk': 1, 'x': <<1, 'a'>>}"),
                    "Set elements must be all strings, all numbers or all binaries");
            invalid(() -> plan("INSERT INTO t VALUE {'pk': 'k', 'sk': 1, 'x': <<'a', 'a'>>}"),
                    "One or more parameter values were invalid: Input collection [a, a] contains duplicates.");
        }

        @Test
        void conditionsAreEvaluatedAsConditionExpressionsAre() {
            Plan.Read read = read("SELECT * FROM t WHERE a IS NULL AND size(l) > 1 AND attribute_type(b, 'SS') "
                    + "AND contains(b, 'x') AND NOT c IN [1, 2]");
            Map<String, AttributeValue> item = Map.of("l", new AttributeValue.L(List.of(n(1), n(2))),
                    "b", new AttributeValue.SS(java.util.Set.of("x")), "c", n(3));
            assertThat(read.filter().test(item)).isTrue();
            assertThat(read.filter().test(Map.of())).isFalse();
        }

        @Test
        void unknownFunctionsAndTypesAreRefused() {
            invalid(() -> plan("SELECT * FROM t WHERE lower(a) = 'x'"), "Unsupported function: lower");
            invalid(() -> plan("SELECT * FROM t WHERE attribute_type(a, 'X')"),
                    "Invalid attribute type name found; type: X, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}");
            invalid(() -> plan("SELECT * FROM t WHERE begins_with(a)"),
                    "Incorrect number of arguments for function begins_with: expected 2, got 1");
        }

        @Test
        void unknownTableIsResourceNotFound() {
            assertThatThrownBy(() -> plan("SELECT * FROM nope")).isInstanceOfSatisfying(DynamoException.class,
                    e -> assertThat(e.type()).endsWith("#ResourceNotFoundException"));
        }
    }
}
