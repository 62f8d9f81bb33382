package dev.skyport.dynamo.expr;

import static dev.skyport.dynamo.expr.Fixtures.context;
import static dev.skyport.dynamo.expr.Fixtures.n;
import static dev.skyport.dynamo.expr.Fixtures.names;
import static dev.skyport.dynamo.expr.Fixtures.s;
import static dev.skyport.dynamo.expr.Fixtures.validationMessage;
import static dev.skyport.dynamo.expr.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionContextTest {

    @Test
    void refusesEmptyMaps() {
        validationMessage(() -> context(Map.of(), Map.of())).isEqualTo("ExpressionAttributeNames must not be empty");
        validationMessage(() -> context(null, Map.of())).isEqualTo("ExpressionAttributeValues must not be empty");
    }

    @Test
    void refusesKeysThatAreNotPlaceholders() {
        validationMessage(() -> context(names("a", "a"), null))
                .isEqualTo("ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
        validationMessage(() -> context(names("#a-b", "a"), null))
                .isEqualTo("ExpressionAttributeNames contains invalid key: Syntax error; key: \"#a-b\"");
        validationMessage(() -> context(names("#", "a"), null))
                .isEqualTo("ExpressionAttributeNames contains invalid key: Syntax error; key: \"#\"");
        validationMessage(() -> context(null, values("b", s("a"))))
                .isEqualTo("ExpressionAttributeValues contains invalid key: Syntax error; key: \"b\"");
    }

    @Test
    void checksNamesBeforeValues() {
        validationMessage(() -> context(names("x", "a"), values("y", s("a"))))
                .isEqualTo("ExpressionAttributeNames contains invalid key: Syntax error; key: \"x\"");
    }

    @Test
    void refusesKeysLongerThan255Characters() {
        validationMessage(() -> context(names("#" + "a".repeat(255), "a"), null))
                .isEqualTo("ExpressionAttributeNames contains invalid key: "
                        + "The expression attribute map contains a key that is too long; size of key: 256");
        validationMessage(() -> context(null, values(":" + "a".repeat(255), s("a"))))
                .isEqualTo("ExpressionAttributeValues contains invalid key: "
                        + "The expression attribute map contains a key that is too long;");
        assertThatCode(() -> context(names("#" + "a".repeat(254), "a"), null)).doesNotThrowAnyException();
    }

    @Test
    void reportsUnusedExpressionAttributeNames() {
        ExpressionContext ctx = context(names("#a", "a", "#unused", "x", "#other", "y"), values(":v", s("x")));
        Expressions.parseCondition("#a = :v", ctx, "ConditionExpression");
        validationMessage(ctx::checkAllUsed)
                .isEqualTo("Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused, #other}");
    }

    @Test
    void reportsUnusedExpressionAttributeValuesAfterNames() {
        ExpressionContext ctx = context(null, values(":v", s("x"), ":unused", s("y")));
        Expressions.parseUpdate("SET a = :v", ctx);
        validationMessage(ctx::checkAllUsed)
                .isEqualTo("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
    }

    @Test
    void countsUseAcrossAllTheRequestsExpressions() {
        ExpressionContext ctx = context(names("#p", "p", "#f", "f"), values(":u", n("1"), ":c", s("x")));
        Expressions.parseUpdate("SET #p = :u", ctx);
        Expressions.parseCondition("#f = :c", ctx, "ConditionExpression");
        assertThatCode(ctx::checkAllUsed).doesNotThrowAnyException();
    }

    @Test
    void fromRequestNamesTheKeyOfAnInvalidValue() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(":ok", Map.of("S", "x"));
        values.put(":b", Map.of("NULL", false));
        validationMessage(() -> ExpressionContext.fromRequest(null, values))
                .isEqualTo("ExpressionAttributeValues contains invalid value: One or more parameter values were "
                        + "invalid: Null attribute value types must have the value of true for key :b");
        Map<String, Object> empty = new LinkedHashMap<>();
        empty.put(":b", Map.of("SS", List.of()));
        validationMessage(() -> ExpressionContext.fromRequest(null, empty))
                .isEqualTo("ExpressionAttributeValues contains invalid value: One or more parameter values were "
                        + "invalid: An string set  may not be empty for key :b");
    }

    @Test
    void fromRequestChecksKeysBeforeValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(":b", Map.of("NULL", false));
        values.put("bad", Map.of("S", "x"));
        validationMessage(() -> ExpressionContext.fromRequest(null, values))
                .isEqualTo("ExpressionAttributeValues contains invalid key: Syntax error; key: \"bad\"");
    }
}
