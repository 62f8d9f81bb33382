package dev.skyport.dynamo.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts request JSON trees into {@link AttributeValue}s, applying the service's attribute value
 * rules and messages (nesting, empty sets, duplicates in sets, NULL must be true, number limits).
 */
public final class AttributeValues {

    /**
     * Maps and lists are kept nested while their level is below this: an item's own attributes are level
     * 0, the contents of a top-level map or list level 1. A value on its own (an expression attribute
     * value, a PartiQL parameter) starts at level 0, so it may be one level deeper than what can be stored.
     */
    public static final int NESTING_LEVELS = 32;
    public static final String TOO_DEEP = "Nesting Levels have exceeded supported limits: "
            + "Attributes in the item have nested levels beyond supported limit";
    /** The service takes attribute names (map keys included) up to 65,535 bytes of UTF-8. */
    public static final int MAX_NAME_BYTES = 65_535;
    public static final String NAME_TOO_LARGE = "Attribute name is too large, must be less than 65536 bytes";

    private AttributeValues() {
    }

    /** Converts {@code {"name": {"S": "..."}, ...}}; a null tree gives null. */
    public static Map<String, AttributeValue> item(Object tree) {
        return tree == null ? null : item(tree, 0);
    }

    /** Converts one attribute value tree such as {@code {"S": "x"}}. */
    public static AttributeValue value(Object tree) {
        return value(tree, 0);
    }

    /** Refuses an item built from other parts (a PartiQL INSERT) that nests deeper than the service keeps. */
    public static void checkNesting(Map<String, AttributeValue> item) {
        for (AttributeValue value : item.values()) {
            checkNesting(value, 1);
        }
    }

    private static void checkNesting(AttributeValue value, int level) {
        Iterable<AttributeValue> children = switch (value) {
            case AttributeValue.M m -> m.values().values();
            case AttributeValue.L l -> l.values();
            default -> null;
        };
        if (children != null) {
            checkLevel(level);
            for (AttributeValue child : children) {
                checkNesting(child, level + 1);
            }
        }
    }

    private static void checkLevel(int level) {
        if (level >= NESTING_LEVELS) {
            throw DynamoException.validation(TOO_DEEP);
        }
    }

    // The level is checked on the way down, so a value nested too deeply fails before anything below
    // it is read, and the problem met first in document order is the one reported, as in the service.
    @SuppressWarnings("unchecked")
    private static Map<String, AttributeValue> item(Object tree, int level) {
        if (!(tree instanceof Map<?, ?> map)) {
            throw DynamoException.serialization("Start of structure or map found where not expected");
        }
        checkLevel(level);
        Map<String, AttributeValue> item = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
            checkName(e.getKey());
            item.put(e.getKey(), value(e.getValue(), level + 1));
        }
        return item;
    }

    /** Refuses an attribute name over the service's limit; names of up to 21,845 chars need no counting. */
    public static void checkName(String name) {
        if (name.length() > MAX_NAME_BYTES / 3 && ItemSize.utf8Length(name) > MAX_NAME_BYTES) {
            throw DynamoException.validation(NAME_TOO_LARGE);
        }
    }

    @SuppressWarnings("unchecked")
    private static AttributeValue value(Object tree, int level) {
        if (!(tree instanceof Map<?, ?> raw)) {
            throw DynamoException.serialization("Unexpected value type in payload");
        }
        Map<String, Object> map = (Map<String, Object>) raw;
        // Null members are as if absent, as in the service's deserializer.
        int present = 0;
        for (Object v : map.values()) {
            if (v != null) {
                present++;
            }
        }
        if (present == 0) {
            throw DynamoException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        AttributeValue result = null;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            AttributeValue converted = convert(e.getKey(), e.getValue(), level);
            if (result == null) {
                result = converted;
            }
        }
        if (present > 1) {
            throw DynamoException.validation("Supplied AttributeValue has more than one datatypes set, "
                    + "must contain exactly one of the supported datatypes");
        }
        if (result == null) {
            throw DynamoException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        return result;
    }

    private static AttributeValue convert(String type, Object v, int level) {
        switch (type) {
            case "S":
                return new AttributeValue.S(string(v));
            case "N":
                return new AttributeValue.N(Numbers.parse(string(v)));
            case "B":
                return new AttributeValue.B(blob(v));
            case "BOOL":
                return AttributeValue.bool(bool(v));
            case "NULL":
                if (!bool(v)) {
                    throw DynamoException.validation(
                            "One or more parameter values were invalid: Null attribute value types must have the value of true");
                }
                return AttributeValue.Null.INSTANCE;
            case "SS": {
                List<Object> list = list(v);
                if (list.isEmpty()) {
                    throw DynamoException.validation(
                            "One or more parameter values were invalid: An string set  may not be empty");
                }
                Set<String> set = new LinkedHashSet<>();
                for (Object o : list) {
                    set.add(string(member(o, "An string set may not have a null string as a member")));
                }
                if (set.size() != list.size()) {
                    throw DynamoException.validation("One or more parameter values were invalid: Input collection "
                            + listText(list) + " contains duplicates.");
                }
                return new AttributeValue.SS(set);
            }
            case "NS": {
                List<Object> list = list(v);
                if (list.isEmpty()) {
                    throw DynamoException.validation(
                            "One or more parameter values were invalid: An number set  may not be empty");
                }
                Set<BigDecimal> set = new LinkedHashSet<>();
                for (Object o : list) {
                    set.add(Numbers.parse(string(member(o, "An number set may not have a null number as a member"))));
                }
                if (set.size() != list.size()) {
                    throw DynamoException.validation("Input collection contains duplicates");
                }
                return new AttributeValue.NS(set);
            }
            case "BS": {
                List<Object> list = list(v);
                if (list.isEmpty()) {
                    throw DynamoException.validation(
                            "One or more parameter values were invalid: Binary sets should not be empty");
                }
                Set<Bytes> set = new LinkedHashSet<>();
                for (Object o : list) {
                    set.add(blob(member(o, "A binary set may not have a null binary as a member")));
                }
                if (set.size() != list.size()) {
                    throw DynamoException.validation("One or more parameter values were invalid: Input collection "
                            + listText(list) + "of type BS contains duplicates.");
                }
                return new AttributeValue.BS(set);
            }
            case "L": {
                List<Object> list = list(v);
                checkLevel(level);
                List<AttributeValue> values = new ArrayList<>(list.size());
                for (Object o : list) {
                    values.add(value(o, level + 1));
                }
                return new AttributeValue.L(values);
            }
            case "M": {
                if (!(v instanceof Map<?, ?>)) {
                    throw DynamoException.serialization("Unexpected field type");
                }
                return new AttributeValue.M(item(v, level));
            }
            default:
                throw DynamoException.serialization("Unexpected field type");
        }
    }

    private static String string(Object v) {
        return switch (v) {
            case String s -> s;
            case Boolean b -> throw DynamoException.serialization(
                    (b ? "TRUE_VALUE" : "FALSE_VALUE") + " cannot be converted to String");
            case BigDecimal d -> throw DynamoException.serialization(
                    (d.stripTrailingZeros().scale() <= 0 ? "NUMBER_VALUE" : "DECIMAL_VALUE")
                            + " cannot be converted to String");
            case List<?> l -> throw DynamoException.serialization(
                    "Unrecognized collection type class java.lang.String");
            default -> throw DynamoException.serialization("Start of structure or map found where not expected");
        };
    }

    /** A set or list element: a JSON null there is the service's ValidationException, not a value. */
    private static Object member(Object element, String whenNull) {
        if (element == null) {
            throw DynamoException.validation("One or more parameter values were invalid: " + whenNull);
        }
        return element;
    }

    private static boolean bool(Object v) {
        return switch (v) {
            case Boolean b -> b;
            case String s -> switch (s.toUpperCase()) {
                case "TRUE", "1", "YES" -> true;
                case "FALSE", "0", "NO" -> false;
                default -> throw DynamoException.serialization("Unexpected token received from parser");
            };
            case BigDecimal d -> throw DynamoException.serialization(
                    (d.stripTrailingZeros().scale() <= 0 ? "NUMBER_VALUE" : "DECIMAL_VALUE")
                            + " cannot be converted to Boolean");
            case List<?> l -> throw DynamoException.serialization(
                    "Unrecognized collection type class java.lang.Boolean");
            default -> throw DynamoException.serialization("Start of structure or map found where not expected");
        };
    }

    private static Bytes blob(Object v) {
        if (!(v instanceof String s)) {
            if (v instanceof List<?>) {
                throw DynamoException.serialization("Unrecognized collection type class java.nio.ByteBuffer");
            }
            if (v instanceof Map<?, ?>) {
                throw DynamoException.serialization("Start of structure or map found where not expected");
            }
            throw DynamoException.serialization("only base-64-encoded strings are convertible to bytes");
        }
        if (s.length() % 4 != 0) {
            throw DynamoException.serialization(
                    "Base64 encoded length is expected a multiple of 4 bytes but found: " + s.length());
        }
        try {
            return Bytes.wrap(Base64.getDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            throw DynamoException.serialization("Invalid last non-pad Base64 character dectected");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object v) {
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        if (v instanceof Map<?, ?>) {
            throw DynamoException.serialization("Start of structure or map found where not expected");
        }
        throw DynamoException.serialization("Unexpected field type");
    }

    private static String listText(List<Object> list) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(list.get(i));
        }
        return sb.append(']').toString();
    }
}
