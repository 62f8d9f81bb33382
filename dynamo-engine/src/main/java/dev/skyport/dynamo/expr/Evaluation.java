package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.model.Numbers;
import dev.skyport.dynamo.model.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service's operator semantics, shared by conditions, updates and the legacy parameters: operands
 * of the wrong type make a comparison false rather than fail, {@code size} of a number is no value at
 * all, and an update fails when an operand it needs is missing or of the wrong type.
 */
final class Evaluation {

    static final String MISSING_ATTRIBUTE =
            "The provided expression refers to an attribute that does not exist in the item";
    static final String WRONG_OPERAND_TYPE = "An operand in the update expression has an incorrect data type";

    private Evaluation() {
    }

    /** The value of an operand against an item; null when it has none (a missing path, size of a number). */
    static AttributeValue value(Operand operand, Map<String, AttributeValue> item) {
        return switch (operand) {
            case Operand.Path p -> p.path().get(item);
            case Operand.Value v -> v.value();
            case Operand.Size s -> size(value(s.operand(), item));
            case Operand.IfNotExists f -> {
                // Both operands are evaluated first, as in the service: a missing fallback fails the update
                // even when the path exists.
                AttributeValue existing = f.path().get(item);
                AttributeValue fallback = required(value(f.fallback(), item), null);
                yield existing != null ? existing : fallback;
            }
            case Operand.ListAppend a -> {
                AttributeValue first = value(a.first(), item);
                AttributeValue second = value(a.second(), item);
                List<AttributeValue> head = ((AttributeValue.L) required(first, "L")).values();
                List<AttributeValue> tail = ((AttributeValue.L) required(second, "L")).values();
                List<AttributeValue> joined = new ArrayList<>(head.size() + tail.size());
                joined.addAll(head);
                joined.addAll(tail);
                yield new AttributeValue.L(joined);
            }
            case Operand.Plus p -> arithmetic(value(p.left(), item), value(p.right(), item), false);
            case Operand.Minus m -> arithmetic(value(m.left(), item), value(m.right(), item), true);
        };
    }

    private static AttributeValue arithmetic(AttributeValue left, AttributeValue right, boolean subtract) {
        BigDecimal a = ((AttributeValue.N) required(left, "N")).value();
        BigDecimal b = ((AttributeValue.N) required(right, "N")).value();
        return new AttributeValue.N(Numbers.check(subtract ? a.subtract(b) : a.add(b)));
    }

    /**
     * An operand an update cannot do without, of the given type when one is given. Operands are checked
     * in order after all of them are evaluated, so the first bad one decides the message.
     */
    private static AttributeValue required(AttributeValue v, String type) {
        if (v == null) {
            throw DynamoException.validation(MISSING_ATTRIBUTE);
        }
        if (type != null && !v.type().equals(type)) {
            throw DynamoException.validation(WRONG_OPERAND_TYPE);
        }
        return v;
    }

    static boolean equal(AttributeValue a, AttributeValue b) {
        return a != null && b != null && a.equals(b);
    }

    static boolean compare(Comparator comparator, AttributeValue a, AttributeValue b) {
        return switch (comparator) {
            case EQ -> equal(a, b);
            case NE -> !equal(a, b);
            case LT -> ordered(a, b) && Values.compare(a, b) < 0;
            case LE -> ordered(a, b) && Values.compare(a, b) <= 0;
            case GT -> ordered(a, b) && Values.compare(a, b) > 0;
            case GE -> ordered(a, b) && Values.compare(a, b) >= 0;
        };
    }

    /** Only two strings, two numbers or two binaries have an order; any other pair compares false. */
    private static boolean ordered(AttributeValue a, AttributeValue b) {
        return a != null && b != null && Values.isScalarKeyType(a) && a.type().equals(b.type());
    }

    static boolean between(AttributeValue v, AttributeValue lower, AttributeValue upper) {
        return compare(Comparator.GE, v, lower) && compare(Comparator.LE, v, upper);
    }

    static boolean beginsWith(AttributeValue v, AttributeValue prefix) {
        return switch (v) {
            case AttributeValue.S s when prefix instanceof AttributeValue.S p -> s.value().startsWith(p.value());
            case AttributeValue.B b when prefix instanceof AttributeValue.B p -> b.value().startsWith(p.value());
            case null, default -> false;
        };
    }

    /** A substring of a string, a subsequence of a binary, a member of a set, or an element of a list. */
    static boolean contains(AttributeValue container, AttributeValue element) {
        if (element == null) {
            return false;
        }
        return switch (container) {
            case AttributeValue.S s when element instanceof AttributeValue.S e -> s.value().contains(e.value());
            case AttributeValue.B b when element instanceof AttributeValue.B e -> b.value().contains(e.value());
            case AttributeValue.SS ss when element instanceof AttributeValue.S e -> ss.values().contains(e.value());
            case AttributeValue.NS ns when element instanceof AttributeValue.N e -> ns.values().contains(e.value());
            case AttributeValue.BS bs when element instanceof AttributeValue.B e -> bs.values().contains(e.value());
            case AttributeValue.L l -> l.values().contains(element);
            case null, default -> false;
        };
    }

    /** Length of a string (in UTF-16 units, as the service counts), bytes of a binary, or members. */
    static AttributeValue size(AttributeValue v) {
        long n = switch (v) {
            case AttributeValue.S s -> s.value().length();
            case AttributeValue.B b -> b.value().length();
            case AttributeValue.SS ss -> ss.values().size();
            case AttributeValue.NS ns -> ns.values().size();
            case AttributeValue.BS bs -> bs.values().size();
            case AttributeValue.L l -> l.values().size();
            case AttributeValue.M m -> m.values().size();
            case null, default -> -1;
        };
        return n < 0 ? null : AttributeValue.n(n);
    }
}
