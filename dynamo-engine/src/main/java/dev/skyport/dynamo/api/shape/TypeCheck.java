package dev.skyport.dynamo.api.shape;

import dev.skyport.dynamo.model.DynamoException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Step 1 of request validation: the service's deserializer binding the JSON tree to the input
 * shape. A value of the wrong JSON type is a SerializationException with the deserializer's own
 * words; unknown members and nulls are dropped; numbers and booleans are converted to the member's
 * Java type. Members are read in document order, as a streaming deserializer reads them.
 */
final class TypeCheck {

    /** What the deserializer says when a scalar arrives where a list or map nested in a container is expected. */
    static final String PARAMETERIZED_CAST = "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl"
            + " cannot be cast to class java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl"
            + " and java.lang.Class are in module java.base of loader 'bootstrap')";

    private static final String START_OF_STRUCTURE = "Start of structure or map found where not expected";

    private TypeCheck() {
    }

    static Map<String, Object> structure(Shape shape, Map<String, Object> data) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, data.size() * 2));
        for (Map.Entry<String, Object> e : data.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            Shape.Member m = shape.members.get(e.getKey());
            if (m == null) {
                continue;
            }
            out.put(m.name, value(m.target, v, false));
        }
        return out;
    }

    /**
     * Binds one value. {@code nested} is true for list elements and map values, which the
     * deserializer reaches through a parameterized type and reports differently.
     */
    @SuppressWarnings("unchecked")
    private static Object value(Shape shape, Object v, boolean nested) {
        if (v == null) {
            return null;
        }
        switch (shape.kind) {
            case STRING:
                if (v instanceof String) {
                    return v;
                }
                throw scalarMismatch(v, "String");
            case BOOLEAN:
                return bool(v);
            case INTEGER:
            case LONG:
            case DOUBLE:
                return number(shape.kind, v);
            case BLOB:
                return blob(v);
            case TIMESTAMP:
                return timestamp(v);
            case LIST: {
                if (v instanceof List<?> list) {
                    List<Object> out = new ArrayList<>(list.size());
                    for (Object o : list) {
                        out.add(value(shape.element, o, true));
                    }
                    return out;
                }
                if (v instanceof Map<?, ?>) {
                    throw ser(START_OF_STRUCTURE);
                }
                throw ser(nested ? PARAMETERIZED_CAST : "Unexpected field type");
            }
            case MAP: {
                if (v instanceof Map<?, ?> map) {
                    Map<String, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
                    for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                        out.put(e.getKey(), value(shape.value, e.getValue(), true));
                    }
                    return out;
                }
                if (v instanceof List<?>) {
                    throw ser("Unrecognized collection type " + shape.javaType());
                }
                throw ser(nested ? PARAMETERIZED_CAST : "Unexpected field type");
            }
            case STRUCTURE: {
                if (v instanceof Map<?, ?> map) {
                    return structure(shape, (Map<String, Object>) map);
                }
                if (v instanceof List<?>) {
                    throw ser("Unrecognized collection type class " + shape.javaType());
                }
                throw ser(nested ? "Unexpected value type in payload" : "Unexpected field type");
            }
            default:
                throw new IllegalStateException("unhandled shape kind " + shape.kind);
        }
    }

    private static DynamoException scalarMismatch(Object v, String javaName) {
        return scalarMismatch(v, javaName, "java.lang." + javaName);
    }

    private static DynamoException scalarMismatch(Object v, String javaName, String javaClass) {
        if (v instanceof Boolean b) {
            return ser((b ? "TRUE_VALUE" : "FALSE_VALUE") + " cannot be converted to " + javaName);
        }
        if (v instanceof BigDecimal d) {
            return ser(numberToken(d) + " cannot be converted to " + javaName);
        }
        if (v instanceof String) {
            return ser("STRING_VALUE cannot be converted to " + javaName);
        }
        if (v instanceof List<?>) {
            return ser("Unrecognized collection type class " + javaClass);
        }
        return ser(START_OF_STRUCTURE);
    }

    /** NUMBER_VALUE for integral numbers (1, 1.0, 1e2), DECIMAL_VALUE otherwise. */
    private static String numberToken(BigDecimal d) {
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0 ? "NUMBER_VALUE" : "DECIMAL_VALUE";
    }

    private static Boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return switch (s.toUpperCase(Locale.ROOT)) {
                case "TRUE", "1", "YES" -> Boolean.TRUE;
                case "FALSE", "0", "NO" -> Boolean.FALSE;
                default -> throw ser("Unexpected token received from parser");
            };
        }
        throw scalarMismatch(v, "Boolean");
    }

    private static Object number(Shape.Kind kind, Object v) {
        String javaName = switch (kind) {
            case INTEGER -> "Integer";
            case LONG -> "Long";
            default -> "Double";
        };
        if (!(v instanceof BigDecimal d)) {
            throw scalarMismatch(v, javaName);
        }
        switch (kind) {
            case DOUBLE:
                return d.doubleValue();
            case INTEGER: {
                BigDecimal whole = truncate(d);
                if (whole.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0
                        || whole.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                    throw ser("Numeric value (" + d.toPlainString() + ") out of range of int");
                }
                return whole.intValue();
            }
            default: {
                BigDecimal whole = truncate(d);
                if (whole.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0
                        || whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                    throw ser("Numeric value (" + d.toPlainString() + ") out of range of long");
                }
                return whole.longValue();
            }
        }
    }

    /** Drops the fraction, as the deserializer does when it reads 1.5 into an Integer. */
    private static BigDecimal truncate(BigDecimal d) {
        return d.scale() <= 0 ? d : d.setScale(0, java.math.RoundingMode.DOWN);
    }

    private static String blob(Object v) {
        if (v instanceof String s) {
            if (s.length() % 4 != 0) {
                throw ser("Base64 encoded length is expected a multiple of 4 bytes but found: " + s.length());
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(s);
            } catch (IllegalArgumentException e) {
                throw ser("Invalid last non-pad Base64 character dectected");
            }
            if (!Base64.getEncoder().encodeToString(bytes).equals(s)) {
                throw ser("Invalid last non-pad Base64 character dectected");
            }
            return s;
        }
        if (v instanceof List<?>) {
            throw ser("Unrecognized collection type class java.nio.ByteBuffer");
        }
        if (v instanceof Map<?, ?>) {
            throw ser(START_OF_STRUCTURE);
        }
        throw ser("only base-64-encoded strings are convertible to bytes");
    }

    /** Timestamps are epoch seconds; they stay BigDecimal. */
    private static Object timestamp(Object v) {
        if (v instanceof BigDecimal || v instanceof String) {
            return v;
        }
        throw scalarMismatch(v, "Date", "java.util.Date");
    }

    private static DynamoException ser(String message) {
        return DynamoException.serialization(message);
    }
}
