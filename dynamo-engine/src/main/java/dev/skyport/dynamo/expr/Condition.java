package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.AttributeValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed condition (ConditionExpression, FilterExpression, KeyConditionExpression, or a legacy
 * Expected / QueryFilter / ScanFilter turned into the same tree), evaluated against an item.
 */
public sealed interface Condition {

    /** Whether the item satisfies the condition; a null item is no item, as for a put of a new key. */
    boolean test(Map<String, AttributeValue> item);

    /** The top-level attributes the condition reads, in the order they appear. */
    default Set<String> topLevelAttributes() {
        Set<String> names = new LinkedHashSet<>();
        Paths.ofCondition(this, path -> names.add(path.head()));
        return names;
    }

    /** The top-level attributes the condition reads into with {@code .} or {@code [n]}. */
    default Set<String> nestedAttributes() {
        Set<String> names = new LinkedHashSet<>();
        Paths.ofCondition(this, path -> {
            if (path.isNested()) {
                names.add(path.head());
            }
        });
        return names;
    }

    record Compare(Comparator comparator, Operand left, Operand right) implements Condition {

        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return Evaluation.compare(comparator, Evaluation.value(left, item), Evaluation.value(right, item));
        }
    }

    record Between(Operand value, Operand lower, Operand upper) implements Condition {

        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return Evaluation.between(Evaluation.value(value, item), Evaluation.value(lower, item),
                    Evaluation.value(upper, item));
        }
    }

    record In(Operand value, List<Operand> candidates) implements Condition {

        public In {
            candidates = List.copyOf(candidates);
        }

        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue v = Evaluation.value(value, item);
            for (Operand candidate : candidates) {
                if (Evaluation.equal(v, Evaluation.value(candidate, item))) {
                    return true;
                }
            }
            return false;
        }
    }

    record AttributeExists(DocumentPath path) implements Condition {

        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return path.get(item) != null;
        }
    }

    record AttributeNotExists(DocumentPath path) implements Condition {

        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return path.get(item) == null;
        }
    }

    /** {@code attribute_type(operand, :t)}; {@code type} is the type code, e.g. {@code SS}. */
    record AttributeType(Operand operand, String type) implements Condition {

        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue v = Evaluation.value(operand, item);
            return v != null && v.type().equals(type);
        }
    }

    record BeginsWith(Operand value, Operand prefix) implements Condition {

        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return Evaluation.beginsWith(Evaluation.value(value, item), Evaluation.value(prefix, item));
        }
    }

    record Contains(Operand container, Operand element) implements Condition {

        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return Evaluation.contains(Evaluation.value(container, item), Evaluation.value(element, item));
        }
    }

    record And(Condition left, Condition right) implements Condition {

        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return left.test(item) && right.test(item);
        }
    }

    record Or(Condition left, Condition right) implements Condition {

        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return left.test(item) || right.test(item);
        }
    }

    record Not(Condition condition) implements Condition {

        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return !condition.test(item);
        }
    }
}
