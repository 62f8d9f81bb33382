package dev.skyport.dynamo.expr;

import static dev.skyport.dynamo.expr.Fixtures.b;
import static dev.skyport.dynamo.expr.Fixtures.bool;
import static dev.skyport.dynamo.expr.Fixtures.context;
import static dev.skyport.dynamo.expr.Fixtures.n;
import static dev.skyport.dynamo.expr.Fixtures.names;
import static dev.skyport.dynamo.expr.Fixtures.s;
import static dev.skyport.dynamo.expr.Fixtures.validationMessage;
import static dev.skyport.dynamo.expr.Fixtures.values;
import static dev.skyport.dynamo.expr.Fixtures.withValues;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.model.AttributeValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyConditionsTest {

    private static Condition parse(String text, Object... valuePairs) {
        return Expressions.parseCondition(text, withValues(valuePairs), "KeyConditionExpression");
    }

    private static KeyCondition extract(String text, Object... valuePairs) {
        return KeyConditions.extract(parse(text, valuePairs), "pk", "sk");
    }

    private static void fails(String text, String message, Object... valuePairs) {
        Condition c = parse(text, valuePairs);
        validationMessage(() -> KeyConditions.extract(c, "pk", "sk")).isEqualTo(message);
    }

    @Test
    void extractsThePartitionValueAlone() {
        KeyCondition k = extract("pk = :p", ":p", s("a"));
        assertThat(k.hashValue()).isEqualTo(s("a"));
        assertThat(k.range()).isNull();
    }

    @Test
    void extractsASortKeyComparisonInEitherOrder() {
        assertThat(extract("pk = :p AND sk <= :s", ":p", s("a"), ":s", s("m")).range())
                .isEqualTo(new RangeCondition("sk", "LE", List.of(s("m"))));
        assertThat(extract("sk > :s AND pk = :p", ":p", s("a"), ":s", s("m")).range())
                .isEqualTo(new RangeCondition("sk", "GT", List.of(s("m"))));
    }

    @Test
    void turnsAValueOnTheLeftIntoTheMirroredComparison() {
        assertThat(extract("pk = :p AND :lo <= sk", ":p", s("a"), ":lo", s("m")).range().operator()).isEqualTo("GE");
        assertThat(extract(":p = pk AND :lo > sk", ":p", s("a"), ":lo", s("m")).range().operator()).isEqualTo("LT");
    }

    @Test
    void extractsBetweenAndBeginsWith() {
        assertThat(extract("pk = :p AND sk BETWEEN :a AND :b", ":p", s("x"), ":a", n("1"), ":b", n("5")).range())
                .isEqualTo(new RangeCondition("sk", "BETWEEN", List.of(n("1"), n("5"))));
        assertThat(extract("pk = :p AND begins_with(sk, :b)", ":p", s("x"), ":b", s("ab")).range())
                .isEqualTo(new RangeCondition("sk", "BEGINS_WITH", List.of(s("ab"))));
    }

    @Test
    void acceptsParenthesesAndNames() {
        Condition c = Expressions.parseCondition("(#pk = :p) AND (#sk = :s)",
                context(names("#pk", "pk", "#sk", "sk"), values(":p", s("a"), ":s", s("b"))), "KeyConditionExpression");
        KeyCondition k = KeyConditions.extract(c, "pk", "sk");
        assertThat(k.hashValue()).isEqualTo(s("a"));
        assertThat(k.range().operator()).isEqualTo("EQ");
    }

    @Test
    void rangeConditionsTestKeyValues() {
        assertThat(new RangeCondition("sk", "BEGINS_WITH", List.of(s("ab"))).test(s("abc"))).isTrue();
        assertThat(new RangeCondition("sk", "BEGINS_WITH", List.of(b("ab"))).test(b("abc"))).isTrue();
        assertThat(new RangeCondition("sk", "BETWEEN", List.of(n("1"), n("5"))).test(n("5"))).isTrue();
        assertThat(new RangeCondition("sk", "LT", List.of(n("1"))).test(n("1"))).isFalse();
        assertThat(new RangeCondition("sk", "GE", List.of(s("b"))).test(s("b"))).isTrue();
        assertThat(new RangeCondition("sk", "EQ", List.of(s("b"))).test(n("1"))).isFalse();
    }

    @Test
    void refusesOperatorsAKeyCannotAnswer() {
        fails("a > :v and size(b) > :v or a > :v", "Invalid operator used in KeyConditionExpression: OR", ":v", n("1"));
        fails("pk IN (:v)", "Invalid operator used in KeyConditionExpression: IN", ":v", n("1"));
        fails("NOT pk = :v", "Invalid operator used in KeyConditionExpression: NOT", ":v", n("1"));
        fails("pk <> :v", "Invalid operator used in KeyConditionExpression: <>", ":v", n("1"));
        fails("attribute_exists(pk)", "Invalid operator used in KeyConditionExpression: attribute_exists");
        fails("attribute_not_exists(pk)", "Invalid operator used in KeyConditionExpression: attribute_not_exists");
        fails("contains(pk, :v)", "Invalid operator used in KeyConditionExpression: contains", ":v", s("x"));
        fails("attribute_type(pk, :v)", "Invalid operator used in KeyConditionExpression: attribute_type", ":v", s("S"));
    }

    @Test
    void refusesNestedOperationsAndAttributes() {
        fails("size(b) > :v AND a.b > :v", "KeyConditionExpressions cannot contain nested operations", ":v", n("1"));
        fails("pk = :v AND sk.foo = :v", "KeyConditionExpressions cannot have conditions on nested attributes",
                ":v", s("x"));
        fails("b[0] > :v", "KeyConditionExpressions cannot have conditions on nested attributes", ":v", n("1"));
    }

    @Test
    void refusesConditionsWithoutExactlyOneKeyAttribute() {
        fails("b > a.b", "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
        fails("begins_with(a, b)",
                "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
        fails(":b > :a AND a < :b", "Invalid condition in KeyConditionExpression: No key attribute specified",
                ":a", n("1"), ":b", n("2"));
        fails(":a BETWEEN :a AND :b", "Invalid condition in KeyConditionExpression: BETWEEN operator must have the "
                + "key attribute as its first operand", ":a", s("1"), ":b", s("2"));
        fails("begins_with(:a, b)", "Invalid condition in KeyConditionExpression: begins_with operator must have the "
                + "key attribute as its first operand", ":a", s("1"));
    }

    @Test
    void refusesTwoConditionsOnOneKey() {
        fails("sk > :a AND sk < :a AND pk = :a", "KeyConditionExpressions must only contain one condition per key",
                ":a", n("1"));
    }

    @Test
    void refusesMoreThanTwoConditions() {
        fails(":a = pk and sk = :a and :a = c", "Conditions can be of length 1 or 2 only", ":a", s("a"));
    }

    @Test
    void refusesValueTypesTheOperatorDoesNotTake() {
        fails("pk = :v", "One or more parameter values were invalid: ComparisonOperator EQ is not valid for BOOL "
                + "AttributeValue type", ":v", bool(true));
    }

    @Test
    void appliesTheKeySchema() {
        fails("sk = :v", "Query condition missed key schema element: pk", ":v", s("x"));
        fails("attr1 = :v", "Query condition missed key schema element: pk", ":v", s("x"));
        fails("pk = :v AND extra = :v", "Query condition missed key schema element: sk", ":v", s("x"));
        fails("pk < :v", "Query key condition not supported", ":v", s("x"));
        validationMessage(() -> KeyConditions.extract(parse("pk = :v AND sk = :v", ":v", s("x")), "pk", null))
                .isEqualTo("Query key condition not supported");
    }

    @Test
    void leavesTypeChecksAgainstTheSchemaToTheCaller() {
        KeyCondition k = extract("pk = :v", ":v", n("1"));
        AttributeValue hash = k.hashValue();
        assertThat(hash.type()).isEqualTo("N");
    }

    @Test
    void rangeConditionsGiveTheBoundsOfASortedScan() {
        RangeCondition between = new RangeCondition("sk", "BETWEEN", List.of(n("1"), n("5")));
        assertThat(between.lowerBound()).isEqualTo(n("1"));
        assertThat(between.upperBound()).isEqualTo(n("5"));
        assertThat(between.lowerInclusive()).isTrue();
        assertThat(between.upperInclusive()).isTrue();

        RangeCondition greater = new RangeCondition("sk", "GT", List.of(n("3")));
        assertThat(greater.lowerBound()).isEqualTo(n("3"));
        assertThat(greater.lowerInclusive()).isFalse();
        assertThat(greater.upperBound()).isNull();

        RangeCondition less = new RangeCondition("sk", "LT", List.of(s("m")));
        assertThat(less.lowerBound()).isNull();
        assertThat(less.upperBound()).isEqualTo(s("m"));
        assertThat(less.upperInclusive()).isFalse();

        RangeCondition prefix = new RangeCondition("sk", "BEGINS_WITH", List.of(s("ab")));
        assertThat(prefix.lowerBound()).isEqualTo(s("ab"));
        assertThat(prefix.lowerInclusive()).isTrue();
        assertThat(prefix.upperBound()).isNull();
    }
}
