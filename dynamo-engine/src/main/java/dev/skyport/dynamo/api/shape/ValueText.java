package dev.skyport.dynamo.api.shape;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A request value as the service echoes it in a constraint message: the {@code toString} of the
 * Java object its deserializer bound the value to. Structures print as
 * {@code KeySchemaElement(attributeName=pk, keyType=HASH)} (every member, absent ones as null),
 * maps as {@code {k=v}}, lists as {@code [a, b]}; an AttributeValue prints as its class name and
 * an identity hash ({@code com.amazonaws.dynamodb.v20120810.AttributeValue@1b6d3586}), here a hash
 * of its content so the same request gets the same message.
 */
final class ValueText {

    private ValueText() {
    }

    /** {@code null}, or the value's text in single quotes. */
    static String quoted(Object value, Shape shape) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("'");
        append(sb, value, shape);
        return sb.append('\'').toString();
    }

    private static void append(StringBuilder sb, Object value, Shape shape) {
        if (value == null) {
            sb.append("null");
        } else if (shape != null && shape.kind == Shape.Kind.STRUCTURE && value instanceof Map<?, ?> map) {
            structure(sb, map, shape);
        } else if (value instanceof Map<?, ?> map) {
            Shape valueShape = shape != null && shape.kind == Shape.Kind.MAP ? shape.value : null;
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(e.getKey()).append('=');
                append(sb, e.getValue(), valueShape);
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            Shape elementShape = shape != null && shape.kind == Shape.Kind.LIST ? shape.element : null;
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                append(sb, list.get(i), elementShape);
            }
            sb.append(']');
        } else if (value instanceof Double d) {
            sb.append(number(d));
        } else if (value instanceof BigDecimal d) {
            sb.append(d.toPlainString());
        } else {
            sb.append(value);
        }
    }

    private static void structure(StringBuilder sb, Map<?, ?> data, Shape shape) {
        if (shape.opaque) {
            sb.append(shape.javaType()).append('@').append(Integer.toHexString(data.hashCode()));
            return;
        }
        sb.append(shape.name).append('(');
        boolean first = true;
        for (Shape.Member m : shape.members.values()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(m.pathName).append('=');
            append(sb, data.get(m.name), m.target);
        }
        for (String hidden : shape.hiddenMembers) {
            sb.append(first ? "" : ", ").append(hidden).append("=null");
            first = false;
        }
        sb.append(')');
    }

    /** Doubles the way the service's messages print them: 1 rather than 1.0. */
    private static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return String.valueOf(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return BigDecimal.valueOf(d).toBigInteger().toString();
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
