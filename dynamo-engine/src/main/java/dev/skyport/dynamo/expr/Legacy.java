package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.AttributeValues;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.model.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parameters that came before expressions (Expected, QueryFilter, ScanFilter, KeyConditions,
 * AttributeUpdates), checked with the service's messages and turned into the same conditions, updates
 * and key conditions the expressions give, so that there is one evaluator.
 *
 * <p>Trees are the request's parsed JSON (maps, lists, strings, numbers, booleans), already checked
 * against the request shape (so operators and actions are among the allowed names).
 */
public final class Legacy {

    private static final String INVALID = "One or more parameter values were invalid: ";
    private static final Set<String> EQUALITY_TYPES = Set.of("S", "N", "B", "SS", "NS", "BS");
    private static final Set<String> SCALAR_TYPES = Set.of("S", "N", "B");
    private static final Set<String> SET_TYPES = Set.of("SS", "NS", "BS");

    private Legacy() {
    }

    /**
     * The Expected parameter of PutItem, UpdateItem and DeleteItem, its conditions joined with the
     * ConditionalOperator (AND unless OR). Null when it holds no condition.
     */
    public static Condition expected(Map<String, Object> tree, String conditionalOperator) {
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            if (e.getValue() == null) {
                throw DynamoException.validation(INVALID + "ExpectedAttributeValue must not be null for Attribute: "
                        + e.getKey());
            }
            conditions.add(expectation(e.getKey(), map(e.getValue()), "Expected"));
        }
        return join(conditions, conditionalOperator);
    }

    private static Condition expectation(String attribute, Map<String, Object> c, String parameterName) {
        boolean hasList = c.get("AttributeValueList") != null;
        boolean hasValue = c.get("Value") != null;
        Object exists = c.get("Exists");
        String operator = (String) c.get("ComparisonOperator");
        if (hasList && hasValue) {
            throw DynamoException.validation(INVALID
                    + "Value and AttributeValueList cannot be used together for Attribute: " + attribute);
        }
        if (operator != null) {
            if (exists != null) {
                throw DynamoException.validation(INVALID
                        + "Exists and ComparisonOperator cannot be used together for Attribute: " + attribute);
            }
            boolean takesValues = !operator.equals("NULL") && !operator.equals("NOT_NULL");
            if (takesValues && !hasList && !hasValue) {
                throw DynamoException.validation(INVALID + "Value or AttributeValueList must be used with "
                        + "ComparisonOperator: " + operator + " for Attribute: " + attribute);
            }
            List<AttributeValue> values = hasList ? values(c.get("AttributeValueList"))
                    : hasValue ? List.of(AttributeValues.value(c.get("Value"))) : List.of();
            checkCount(operator, values.size());
            checkSameType(values);
            checkBetweenOrder(operator, values);
            return comparison(attribute, operator, values, parameterName);
        }
        if (hasList) {
            throw DynamoException.validation(INVALID
                    + "AttributeValueList can only be used with a ComparisonOperator for Attribute: " + attribute);
        }
        boolean mustExist = exists == null || bool(exists);
        if (mustExist && !hasValue) {
            throw DynamoException.validation(INVALID + "Value must be provided when Exists is "
                    + (exists == null ? "null" : "true") + " for Attribute: " + attribute);
        }
        if (!mustExist && hasValue) {
            throw DynamoException.validation(INVALID
                    + "Value cannot be used when Exists is false for Attribute: " + attribute);
        }
        DocumentPath path = DocumentPath.attribute(attribute);
        return mustExist
                ? new Condition.Compare(Comparator.EQ, new Operand.Path(path),
                        new Operand.Value(AttributeValues.value(c.get("Value"))))
                : new Condition.AttributeNotExists(path);
    }

    /**
     * The QueryFilter of a Query or the ScanFilter of a Scan ({@code parameterName} says which), its
     * conditions joined with the ConditionalOperator. Null when it holds no condition.
     */
    public static Condition filter(Map<String, Object> tree, String conditionalOperator, String parameterName) {
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            Map<String, Object> c = condition(e.getKey(), e.getValue());
            String operator = (String) c.get("ComparisonOperator");
            List<AttributeValue> values = checkedValues(operator, c);
            conditions.add(comparison(e.getKey(), operator, values, parameterName));
        }
        return join(conditions, conditionalOperator);
    }

    /** The legacy KeyConditions of a Query on a key with the given attributes. */
    public static KeyCondition keyConditions(Map<String, Object> tree, String hashKeyName, String rangeKeyName) {
        return KeyConditions.forSchema(keyConditionComparisons(tree), hashKeyName, rangeKeyName);
    }

    /** The checks the service makes on KeyConditions before it looks the table up. */
    public static List<RangeCondition> keyConditionComparisons(Map<String, Object> tree) {
        List<RangeCondition> comparisons = new ArrayList<>();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            Map<String, Object> c = condition(e.getKey(), e.getValue());
            String operator = (String) c.get("ComparisonOperator");
            comparisons.add(new RangeCondition(e.getKey(), operator, checkedValues(operator, c)));
        }
        KeyConditions.checkCount(comparisons);
        return comparisons;
    }

    /** The AttributeUpdates of UpdateItem: PUT (the default), ADD and DELETE of top-level attributes. */
    public static Update attributeUpdates(Map<String, Object> tree) {
        List<UpdateAction> actions = new ArrayList<>();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            Map<String, Object> u = map(e.getValue());
            String action = u.get("Action") == null ? "PUT" : (String) u.get("Action");
            AttributeValue value = u.get("Value") == null ? null : AttributeValues.value(u.get("Value"));
            DocumentPath path = DocumentPath.attribute(e.getKey());
            if (value == null && !action.equals("DELETE")) {
                throw DynamoException.validation(INVALID
                        + "Only DELETE action is allowed when no attribute value is specified");
            }
            actions.add(switch (action) {
                case "PUT" -> new UpdateAction.SetAction(path, new Operand.Value(value));
                case "ADD" -> {
                    if (!value.type().equals("N") && !value.type().equals("L") && !SET_TYPES.contains(value.type())) {
                        throw DynamoException.validation(INVALID + "ADD action is not supported for the type "
                                + value.type());
                    }
                    yield new UpdateAction.AddAction(path, value);
                }
                case "DELETE" -> {
                    if (value == null) {
                        yield new UpdateAction.RemoveAction(path);
                    }
                    if (!SET_TYPES.contains(value.type())) {
                        throw DynamoException.validation(INVALID
                                + "DELETE action with value is not supported for the type " + value.type());
                    }
                    yield new UpdateAction.DeleteAction(path, value);
                }
                default -> throw new IllegalArgumentException("AttributeUpdates." + e.getKey() + ": unknown Action "
                        + action);
            });
        }
        return Update.ofLegacy(actions);
    }

    /** A QueryFilter, ScanFilter or KeyConditions entry's values, checked in the service's order. */
    private static List<AttributeValue> checkedValues(String operator, Map<String, Object> c) {
        Object list = c.get("AttributeValueList");
        List<AttributeValue> values = list == null ? List.of() : values(list);
        checkCount(operator, values.size());
        checkSameType(values);
        checkOperandTypes(operator, values);
        return values;
    }

    /**
     * The value types an operator takes, and for BETWEEN bounds in order. Also applied to the
     * comparisons of a KeyConditionExpression.
     */
    static void checkOperandTypes(String operator, List<AttributeValue> values) {
        Set<String> allowed = switch (operator) {
            case "EQ", "NE" -> EQUALITY_TYPES;
            case "BEGINS_WITH" -> Set.of("S", "B");
            default -> SCALAR_TYPES;
        };
        for (AttributeValue v : values) {
            if (!allowed.contains(v.type())) {
                throw DynamoException.validation(INVALID + "ComparisonOperator " + operator + " is not valid for "
                        + v.type() + " AttributeValue type");
            }
        }
        checkBetweenOrder(operator, values);
    }

    private static void checkCount(String operator, int count) {
        boolean ok = switch (operator) {
            case "NULL", "NOT_NULL" -> count == 0;
            case "IN" -> count > 0;
            case "BETWEEN" -> count == 2;
            default -> count == 1;
        };
        if (!ok) {
            throw DynamoException.validation(INVALID + "Invalid number of argument(s) for the " + operator
                    + " ComparisonOperator");
        }
    }

    private static void checkSameType(List<AttributeValue> values) {
        for (AttributeValue v : values) {
            if (!v.type().equals(values.get(0).type())) {
                throw DynamoException.validation(INVALID
                        + "AttributeValues inside AttributeValueList must be of same type");
            }
        }
    }

    private static void checkBetweenOrder(String operator, List<AttributeValue> values) {
        if (operator.equals("BETWEEN") && values.size() == 2 && Values.isScalarKeyType(values.get(0))
                && values.get(0).type().equals(values.get(1).type()) && Values.compare(values.get(0), values.get(1)) > 0) {
            throw DynamoException.validation(
                    "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
        }
    }

    private static Condition comparison(String attribute, String operator, List<AttributeValue> values,
                                        String parameterName) {
        DocumentPath path = DocumentPath.attribute(attribute);
        Operand subject = new Operand.Path(path);
        return switch (operator) {
            case "EQ", "NE", "LT", "LE", "GT", "GE" ->
                    new Condition.Compare(Comparator.valueOf(operator), subject, new Operand.Value(values.get(0)));
            case "NOT_NULL" -> new Condition.AttributeExists(path);
            case "NULL" -> new Condition.AttributeNotExists(path);
            case "CONTAINS" -> new Condition.Contains(subject, new Operand.Value(values.get(0)));
            case "NOT_CONTAINS" -> new Condition.Not(new Condition.Contains(subject, new Operand.Value(values.get(0))));
            case "BEGINS_WITH" -> new Condition.BeginsWith(subject, new Operand.Value(values.get(0)));
            case "IN" -> new Condition.In(subject, values.stream().<Operand>map(Operand.Value::new).toList());
            case "BETWEEN" -> new Condition.Between(subject, new Operand.Value(values.get(0)),
                    new Operand.Value(values.get(1)));
            default -> throw new IllegalArgumentException(parameterName + "." + attribute
                    + ": unknown ComparisonOperator " + operator);
        };
    }

    private static Condition join(List<Condition> conditions, String conditionalOperator) {
        boolean or = "OR".equals(conditionalOperator);
        Condition joined = null;
        for (Condition c : conditions) {
            joined = joined == null ? c : or ? new Condition.Or(joined, c) : new Condition.And(joined, c);
        }
        return joined;
    }

    private static List<AttributeValue> values(Object list) {
        List<AttributeValue> values = new ArrayList<>();
        for (Object tree : (List<?>) list) {
            values.add(AttributeValues.value(tree));
        }
        return values;
    }

    private static Map<String, Object> condition(String attribute, Object tree) {
        if (tree == null) {
            throw DynamoException.validation("The filter condition for an attribute cannot be null: " + attribute);
        }
        return map(tree);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object tree) {
        // An update sent as JSON null is read as one with no members (and then lacks its value).
        return tree == null ? Map.of() : (Map<String, Object>) tree;
    }

    /** A boolean as the service reads one: true, or a string such as "true", "1" or "yes". */
    private static boolean bool(Object v) {
        return v instanceof Boolean b ? b
                : v instanceof String s && Set.of("TRUE", "1", "YES").contains(s.toUpperCase(Locale.ROOT));
    }
}
