package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed KeyConditionExpression into the partition key value and sort key comparison a Query
 * reads, with the service's messages for conditions a key cannot answer. The legacy KeyConditions
 * parameter ends in the same checks (see {@link Legacy#keyConditions}).
 */
public final class KeyConditions {

    private static final Set<String> NOT_INDEXABLE = Set.of("NULL", "NOT_NULL", "NE", "CONTAINS", "NOT_CONTAINS", "IN");

    private KeyConditions() {
    }

    /**
     * The key condition of a Query on a table or index with the given key attributes
     * ({@code rangeKeyName} null when there is no sort key): {@link #comparisons} then {@link #forSchema}.
     * Does not compare value types with the schema; the caller does, as it knows the key types.
     */
    public static KeyCondition extract(Condition condition, String hashKeyName, String rangeKeyName) {
        return forSchema(comparisons(condition), hashKeyName, rangeKeyName);
    }

    /**
     * The checks the service makes before it looks the table up: the condition must be an AND of at
     * most two comparisons, each of one top-level attribute with values of a type the operator takes.
     */
    public static List<RangeCondition> comparisons(Condition condition) {
        Map<String, RangeCondition> byAttribute = new LinkedHashMap<>();
        collect(condition, byAttribute);
        List<RangeCondition> comparisons = List.copyOf(byAttribute.values());
        for (RangeCondition c : comparisons) {
            Legacy.checkOperandTypes(c.operator(), c.values());
        }
        checkCount(comparisons);
        return comparisons;
    }

    static void checkCount(List<RangeCondition> comparisons) {
        if (comparisons.size() != 1 && comparisons.size() != 2) {
            throw DynamoException.validation("Conditions can be of length 1 or 2 only");
        }
    }

    /** Walks the condition as the service does: top down, left to right, failing at the first problem. */
    private static void collect(Condition condition, Map<String, RangeCondition> out) {
        switch (condition) {
            case Condition.And and -> {
                collect(and.left(), out);
                collect(and.right(), out);
            }
            case Condition.Or or -> throw invalidOperator("OR");
            case Condition.Not not -> throw invalidOperator("NOT");
            case Condition.In in -> throw invalidOperator("IN");
            case Condition.AttributeExists e -> throw invalidOperator("attribute_exists");
            case Condition.AttributeNotExists e -> throw invalidOperator("attribute_not_exists");
            case Condition.AttributeType t -> throw invalidOperator("attribute_type");
            case Condition.Contains c -> throw invalidOperator("contains");
            case Condition.Compare c when c.comparator() == Comparator.NE -> throw invalidOperator("<>");
            case Condition.Compare c -> comparison(List.of(c.left(), c.right()), c.comparator().name(), out);
            case Condition.Between b -> {
                if (!(b.value() instanceof Operand.Path)) {
                    throw keyFirst("BETWEEN");
                }
                comparison(List.of(b.value(), b.lower(), b.upper()), "BETWEEN", out);
            }
            case Condition.BeginsWith b -> {
                if (!(b.value() instanceof Operand.Path)) {
                    throw keyFirst("begins_with");
                }
                comparison(List.of(b.value(), b.prefix()), "BEGINS_WITH", out);
            }
        }
    }

    /** One comparison: exactly one operand must name a top-level key attribute, the others are values. */
    private static void comparison(List<Operand> operands, String operator, Map<String, RangeCondition> out) {
        String attribute = null;
        int position = 0;
        List<AttributeValue> values = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            switch (operands.get(i)) {
                case Operand.Path p -> {
                    if (attribute != null) {
                        throw DynamoException.validation(
                                "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
                    }
                    if (p.path().isNested()) {
                        throw DynamoException.validation(
                                "KeyConditionExpressions cannot have conditions on nested attributes");
                    }
                    attribute = p.path().head();
                    position = i;
                }
                case Operand.Value v -> values.add(v.value());
                default -> throw DynamoException.validation("KeyConditionExpressions cannot contain nested operations");
            }
        }
        if (attribute == null) {
            throw DynamoException.validation("Invalid condition in KeyConditionExpression: No key attribute specified");
        }
        if (out.containsKey(attribute)) {
            throw DynamoException.validation("KeyConditionExpressions must only contain one condition per key");
        }
        // ":v < sk" means "sk > :v".
        if (position != 0) {
            operator = switch (operator) {
                case "LT" -> "GT";
                case "LE" -> "GE";
                case "GT" -> "LT";
                case "GE" -> "LE";
                default -> operator;
            };
        }
        out.put(attribute, new RangeCondition(attribute, operator, values));
    }

    /**
     * Applies the key schema, as the service does once it has the table: hash key first, then sort key.
     * Shared with the legacy KeyConditions, whose comparisons may use any operator.
     */
    public static KeyCondition forSchema(List<RangeCondition> comparisons, String hashKeyName, String rangeKeyName) {
        int n = comparisons.size();
        if (rangeKeyName == null && n > 1) {
            throw notSupported();
        }
        RangeCondition hash = find(comparisons, hashKeyName);
        if (hash == null) {
            throw DynamoException.validation("Query condition missed key schema element: " + hashKeyName);
        }
        checkIndexable(hash);
        if (!hash.operator().equals("EQ")) {
            throw notSupported();
        }
        RangeCondition range = rangeKeyName == null ? null : find(comparisons, rangeKeyName);
        if (range == null && n > 1) {
            throw DynamoException.validation("Query condition missed key schema element: " + rangeKeyName);
        }
        if (range != null) {
            checkIndexable(range);
        }
        return new KeyCondition(hash.values().get(0), range);
    }

    private static RangeCondition find(List<RangeCondition> comparisons, String attribute) {
        for (RangeCondition c : comparisons) {
            if (c.attributeName().equals(attribute)) {
                return c;
            }
        }
        return null;
    }

    private static void checkIndexable(RangeCondition c) {
        if (NOT_INDEXABLE.contains(c.operator())) {
            throw DynamoException.validation("Attempted conditional constraint is not an indexable operation");
        }
    }

    private static DynamoException notSupported() {
        return DynamoException.validation("Query key condition not supported");
    }

    private static DynamoException invalidOperator(String operator) {
        return DynamoException.validation("Invalid operator used in KeyConditionExpression: " + operator);
    }

    private static DynamoException keyFirst(String operator) {
        return DynamoException.validation("Invalid condition in KeyConditionExpression: " + operator
                + " operator must have the key attribute as its first operand");
    }
}
