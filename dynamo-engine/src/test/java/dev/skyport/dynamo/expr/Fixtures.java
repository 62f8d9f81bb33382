package dev.skyport.dynamo.expr;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractStringAssert;

/** Short ways to write attribute values, items and contexts in the expression tests. */
final class Fixtures {

    private Fixtures() {
    }

    static AttributeValue s(String v) {
        return AttributeValue.s(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.n(v);
    }

    static AttributeValue b(String text) {
        return AttributeValue.b(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static AttributeValue bool(boolean v) {
        return AttributeValue.bool(v);
    }

    static AttributeValue nul() {
        return AttributeValue.Null.INSTANCE;
    }

    static AttributeValue ss(String... v) {
        return new AttributeValue.SS(new LinkedHashSet<>(Arrays.asList(v)));
    }

    static AttributeValue ns(String... v) {
        LinkedHashSet<java.math.BigDecimal> set = new LinkedHashSet<>();
        for (String x : v) {
            set.add(new java.math.BigDecimal(x));
        }
        return new AttributeValue.NS(set);
    }

    static AttributeValue l(AttributeValue... v) {
        return new AttributeValue.L(List.of(v));
    }

    /** A map value from name/value pairs. */
    static AttributeValue m(Object... pairs) {
        return new AttributeValue.M(item(pairs));
    }

    /** An item from name/value pairs, keeping their order. */
    static Map<String, AttributeValue> item(Object... pairs) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            item.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
        }
        return item;
    }

    /** Expression attribute values from name/value pairs. */
    static Map<String, AttributeValue> values(Object... pairs) {
        return item(pairs);
    }

    /** Expression attribute names from placeholder/name pairs. */
    static Map<String, String> names(String... pairs) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            names.put(pairs[i], pairs[i + 1]);
        }
        return names;
    }

    static ExpressionContext context(Map<String, String> names, Map<String, AttributeValue> values) {
        return new ExpressionContext(names, values);
    }

    /** A context with only values, the common case. */
    static ExpressionContext withValues(Object... pairs) {
        return new ExpressionContext(null, pairs.length == 0 ? null : values(pairs));
    }

    static Condition condition(String text, Object... valuePairs) {
        return Expressions.parseCondition(text, withValues(valuePairs), "ConditionExpression");
    }

    static Condition condition(String text, ExpressionContext context) {
        return Expressions.parseCondition(text, context, "ConditionExpression");
    }

    static Update update(String text, Object... valuePairs) {
        return Expressions.parseUpdate(text, withValues(valuePairs));
    }

    static Projection projection(String text) {
        return Expressions.parseProjection(text, ExpressionContext.empty());
    }

    /** Asserts the code throws the service's ValidationException and returns its message for more checks. */
    static AbstractStringAssert<?> validationMessage(Runnable code) {
        DynamoException[] caught = new DynamoException[1];
        assertThatThrownBy(code::run).isInstanceOfSatisfying(DynamoException.class, e -> caught[0] = e);
        org.assertj.core.api.Assertions.assertThat(caught[0].type())
                .isEqualTo("com.amazon.coral.validate#ValidationException");
        return org.assertj.core.api.Assertions.assertThat(caught[0].getMessage());
    }
}
