package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.AttributeValue;
import java.util.List;

/**
 * A comparison on one key attribute, as in the legacy KeyConditions: an operator name ({@code EQ},
 * {@code LT}, {@code LE}, {@code GT}, {@code GE}, {@code BETWEEN}, {@code BEGINS_WITH}; before the key
 * schema is applied also the non-indexable ones) and its values (two for BETWEEN, one otherwise).
 */
public record RangeCondition(String attributeName, String operator, List<AttributeValue> values) {

    public RangeCondition {
        values = List.copyOf(values);
    }

    /** Whether a key value satisfies the comparison. */
    public boolean test(AttributeValue v) {
        return switch (operator) {
            case "EQ" -> Evaluation.compare(Comparator.EQ, v, values.get(0));
            case "LT" -> Evaluation.compare(Comparator.LT, v, values.get(0));
            case "LE" -> Evaluation.compare(Comparator.LE, v, values.get(0));
            case "GT" -> Evaluation.compare(Comparator.GT, v, values.get(0));
            case "GE" -> Evaluation.compare(Comparator.GE, v, values.get(0));
            case "BETWEEN" -> Evaluation.between(v, values.get(0), values.get(1));
            case "BEGINS_WITH" -> Evaluation.beginsWith(v, values.get(0));
            default -> throw new IllegalStateException("not a key condition operator: " + operator);
        };
    }

    /**
     * The lowest key a sorted scan must start from, or null to start at the first key. For BEGINS_WITH
     * this is the prefix itself, and the scan must keep only keys passing {@link #test} (no upper bound).
     */
    public AttributeValue lowerBound() {
        return switch (operator) {
            case "EQ", "GT", "GE", "BETWEEN", "BEGINS_WITH" -> values.get(0);
            default -> null;
        };
    }

    /** Whether a key equal to {@link #lowerBound()} is included. */
    public boolean lowerInclusive() {
        return !operator.equals("GT");
    }

    /** The highest key a sorted scan may reach, or null to scan to the last key (see {@link #lowerBound()}). */
    public AttributeValue upperBound() {
        return switch (operator) {
            case "EQ", "LT", "LE" -> values.get(0);
            case "BETWEEN" -> values.get(1);
            default -> null;
        };
    }

    /** Whether a key equal to {@link #upperBound()} is included. */
    public boolean upperInclusive() {
        return !operator.equals("LT");
    }
}
