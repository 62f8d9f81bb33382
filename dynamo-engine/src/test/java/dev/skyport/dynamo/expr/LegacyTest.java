package dev.skyport.dynamo.expr;

import static dev.skyport.dynamo.expr.Fixtures.item;
import static dev.skyport.dynamo.expr.Fixtures.l;
import static dev.skyport.dynamo.expr.Fixtures.n;
import static dev.skyport.dynamo.expr.Fixtures.ns;
import static dev.skyport.dynamo.expr.Fixtures.s;
import static dev.skyport.dynamo.expr.Fixtures.ss;
import static dev.skyport.dynamo.expr.Fixtures.validationMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.model.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegacyTest {

    private static final String INVALID = "One or more parameter values were invalid: ";

    /** A JSON object tree from key/value pairs, as the request parser gives it. */
    private static Map<String, Object> tree(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> str(String v) {
        return tree("S", v);
    }

    private static Map<String, Object> num(String v) {
        return tree("N", v);
    }

    private final Map<String, AttributeValue> item = item("id", s("k"), "status", s("active"), "n", n("5"),
            "tags", ss("a", "b"), "list", l(s("x")));

    // --- Expected -------------------------------------------------------------------------------------

    @Test
    void expectedValueMeansEqualAndExistsFalseMeansAbsent() {
        assertThat(Legacy.expected(tree("status", tree("Value", str("active"))), null).test(item)).isTrue();
        assertThat(Legacy.expected(tree("status", tree("Exists", true, "Value", str("x"))), null).test(item)).isFalse();
        assertThat(Legacy.expected(tree("id", tree("Exists", false)), null).test(item)).isFalse();
        assertThat(Legacy.expected(tree("id", tree("Exists", false)), null).test(null)).isTrue();
    }

    @Test
    void expectedJoinsWithAndUnlessOr() {
        Map<String, Object> expected = tree("status", tree("ComparisonOperator", "EQ", "AttributeValueList",
                List.of(str("active"))), "n", tree("ComparisonOperator", "GT", "AttributeValueList", List.of(num("9"))));
        assertThat(Legacy.expected(expected, null).test(item)).isFalse();
        assertThat(Legacy.expected(expected, "AND").test(item)).isFalse();
        assertThat(Legacy.expected(expected, "OR").test(item)).isTrue();
    }

    @Test
    void expectedWithNoConditionIsNone() {
        assertThat(Legacy.expected(tree(), null)).isNull();
    }

    @Test
    void expectedOperatorsMayTakeAValue() {
        assertThat(Legacy.expected(tree("status", tree("ComparisonOperator", "BEGINS_WITH", "Value", str("act"))), null)
                .test(item)).isTrue();
        assertThat(Legacy.expected(tree("absent", tree("ComparisonOperator", "NULL")), null).test(item)).isTrue();
    }

    @Test
    void expectedRefusesMixedOrMissingParts() {
        validationMessage(() -> Legacy.expected(tree("a", tree("Value", str("x"), "AttributeValueList",
                List.of(str("x")))), null))
                .isEqualTo(INVALID + "Value and AttributeValueList cannot be used together for Attribute: a");
        validationMessage(() -> Legacy.expected(tree("a", tree("Exists", true, "ComparisonOperator", "NULL")), null))
                .isEqualTo(INVALID + "Exists and ComparisonOperator cannot be used together for Attribute: a");
        validationMessage(() -> Legacy.expected(tree("a", tree("ComparisonOperator", "EQ")), null))
                .isEqualTo(INVALID + "Value or AttributeValueList must be used with ComparisonOperator: EQ "
                        + "for Attribute: a");
        validationMessage(() -> Legacy.expected(tree("a", tree("AttributeValueList", List.of(str("x")))), null))
                .isEqualTo(INVALID + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a");
        validationMessage(() -> Legacy.expected(tree("a", tree()), null))
                .isEqualTo(INVALID + "Value must be provided when Exists is null for Attribute: a");
        validationMessage(() -> Legacy.expected(tree("a", tree("Exists", true)), null))
                .isEqualTo(INVALID + "Value must be provided when Exists is true for Attribute: a");
        validationMessage(() -> Legacy.expected(tree("a", tree("Exists", false, "Value", str("x"))), null))
                .isEqualTo(INVALID + "Value cannot be used when Exists is false for Attribute: a");
    }

    @Test
    void expectedChecksTheNumberAndTypesOfValues() {
        validationMessage(() -> Legacy.expected(tree("a", tree("ComparisonOperator", "BETWEEN", "AttributeValueList",
                List.of(num("1")))), null))
                .isEqualTo(INVALID + "Invalid number of argument(s) for the BETWEEN ComparisonOperator");
        validationMessage(() -> Legacy.expected(tree("a", tree("ComparisonOperator", "NULL", "AttributeValueList",
                List.of(num("1")))), null))
                .isEqualTo(INVALID + "Invalid number of argument(s) for the NULL ComparisonOperator");
        validationMessage(() -> Legacy.expected(tree("a", tree("ComparisonOperator", "IN", "AttributeValueList",
                List.of(num("1"), str("x")))), null))
                .isEqualTo(INVALID + "AttributeValues inside AttributeValueList must be of same type");
        validationMessage(() -> Legacy.expected(tree("a", tree("ComparisonOperator", "BETWEEN", "AttributeValueList",
                List.of(num("9"), num("1")))), null))
                .isEqualTo("The BETWEEN condition was provided a range where the lower bound is greater than the "
                        + "upper bound");
    }

    // --- QueryFilter / ScanFilter ---------------------------------------------------------------------

    @Test
    void filterOperatorsMatchTheExpressionSemantics() {
        assertThat(filter("n", "BETWEEN", num("1"), num("5")).test(item)).isTrue();
        assertThat(filter("n", "IN", num("4"), num("5")).test(item)).isTrue();
        assertThat(filter("n", "NE", num("4")).test(item)).isTrue();
        assertThat(filter("absent", "NE", num("4")).test(item)).isTrue();
        assertThat(filter("tags", "CONTAINS", str("a")).test(item)).isTrue();
        assertThat(filter("tags", "NOT_CONTAINS", str("z")).test(item)).isTrue();
        assertThat(filter("list", "CONTAINS", str("x")).test(item)).isTrue();
        assertThat(filter("status", "BEGINS_WITH", str("ac")).test(item)).isTrue();
        assertThat(filter("status", "NOT_NULL").test(item)).isTrue();
        assertThat(filter("absent", "NULL").test(item)).isTrue();
        assertThat(filter("n", "LT", str("9")).test(item)).isFalse();
    }

    @Test
    void filterRefusesValueTypesTheOperatorDoesNotTake() {
        validationMessage(() -> filter("a", "LT", tree("BOOL", true)))
                .isEqualTo(INVALID + "ComparisonOperator LT is not valid for BOOL AttributeValue type");
        validationMessage(() -> filter("a", "CONTAINS", tree("SS", List.of("a"))))
                .isEqualTo(INVALID + "ComparisonOperator CONTAINS is not valid for SS AttributeValue type");
        validationMessage(() -> filter("a", "BEGINS_WITH", num("1")))
                .isEqualTo(INVALID + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
        validationMessage(() -> filter("a", "EQ"))
                .isEqualTo(INVALID + "Invalid number of argument(s) for the EQ ComparisonOperator");
    }

    @Test
    void filterReportsTheTopLevelAttributesItReads() {
        Map<String, Object> filter = tree("a", tree("ComparisonOperator", "NOT_NULL"),
                "b.c", tree("ComparisonOperator", "NULL"));
        assertThat(Legacy.filter(filter, "OR", "ScanFilter").topLevelAttributes()).containsExactly("a", "b.c");
    }

    private static Condition filter(String attribute, String operator, Object... values) {
        Map<String, Object> c = values.length == 0 ? tree("ComparisonOperator", operator)
                : tree("ComparisonOperator", operator, "AttributeValueList", List.of(values));
        return Legacy.filter(tree(attribute, c), null, "QueryFilter");
    }

    // --- KeyConditions --------------------------------------------------------------------------------

    @Test
    void keyConditionsGiveTheSameKeyConditionAsExpressions() {
        KeyCondition k = Legacy.keyConditions(tree(
                "pk", tree("ComparisonOperator", "EQ", "AttributeValueList", List.of(str("a"))),
                "sk", tree("ComparisonOperator", "BETWEEN", "AttributeValueList", List.of(num("1"), num("2")))),
                "pk", "sk");
        assertThat(k.hashValue()).isEqualTo(s("a"));
        assertThat(k.range()).isEqualTo(new RangeCondition("sk", "BETWEEN", List.of(n("1"), n("2"))));
    }

    @Test
    void keyConditionsRefuseWhatAKeyCannotAnswer() {
        validationMessage(() -> Legacy.keyConditions(tree("z", tree("ComparisonOperator", "NULL")), "pk", "sk"))
                .isEqualTo("Query condition missed key schema element: pk");
        validationMessage(() -> Legacy.keyConditions(tree("pk", tree("ComparisonOperator", "NOT_NULL")), "pk", "sk"))
                .isEqualTo("Attempted conditional constraint is not an indexable operation");
        validationMessage(() -> Legacy.keyConditions(tree(), "pk", "sk"))
                .isEqualTo("Conditions can be of length 1 or 2 only");
        validationMessage(() -> Legacy.keyConditions(tree("pk", tree("ComparisonOperator", "EQ")), "pk", "sk"))
                .isEqualTo(INVALID + "Invalid number of argument(s) for the EQ ComparisonOperator");
    }

    // --- AttributeUpdates -----------------------------------------------------------------------------

    @Test
    void attributeUpdatesPutAddAndDelete() {
        Update u = Legacy.attributeUpdates(tree(
                "status", tree("Value", str("new")),
                "n", tree("Action", "ADD", "Value", num("3")),
                "tags", tree("Action", "DELETE", "Value", tree("SS", List.of("a"))),
                "list", tree("Action", "ADD", "Value", tree("L", List.of(str("y")))),
                "id2", tree("Action", "DELETE")));
        assertThat(u.apply(item)).isEqualTo(item("id", s("k"), "status", s("new"), "n", n("8"), "tags", ss("b"),
                "list", l(s("x"), s("y"))));
        assertThat(u.topLevelAttributes()).containsExactly("status", "n", "tags", "list", "id2");
    }

    @Test
    void attributeUpdatesAddCreatesMissingAttributes() {
        Update u = Legacy.attributeUpdates(tree("c", tree("Action", "ADD", "Value", num("5")),
                "e", tree("Action", "ADD", "Value", tree("NS", List.of("1")))));
        assertThat(u.apply(item("id", s("k")))).isEqualTo(item("id", s("k"), "c", n("5"), "e", ns("1")));
    }

    @Test
    void attributeUpdatesReportTypeMismatchesInTheirOwnWords() {
        Map<String, AttributeValue> before = item("b", ss("1"), "c", n("1"));
        validationMessage(() -> Legacy.attributeUpdates(tree("b", tree("Action", "DELETE", "Value",
                tree("NS", List.of("1"))))).apply(before)).isEqualTo("Type mismatch for attribute to update");
        validationMessage(() -> Legacy.attributeUpdates(tree("c", tree("Action", "ADD", "Value",
                tree("SS", List.of("1"))))).apply(before)).isEqualTo("Type mismatch for attribute to update");
    }

    @Test
    void attributeUpdatesRefuseActionsTheValueDoesNotSuit() {
        validationMessage(() -> Legacy.attributeUpdates(tree("a", tree("Action", "PUT"))))
                .isEqualTo(INVALID + "Only DELETE action is allowed when no attribute value is specified");
        validationMessage(() -> Legacy.attributeUpdates(tree("a", tree("Action", "DELETE", "Value", str("x")))))
                .isEqualTo(INVALID + "DELETE action with value is not supported for the type S");
        validationMessage(() -> Legacy.attributeUpdates(tree("a", tree("Action", "ADD", "Value", str("x")))))
                .isEqualTo(INVALID + "ADD action is not supported for the type S");
    }
}
