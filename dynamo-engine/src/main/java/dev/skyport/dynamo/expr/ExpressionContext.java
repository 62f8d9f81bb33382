package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.AttributeValues;
import dev.skyport.dynamo.model.DynamoException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all its
 * expressions: it checks the maps as the service does, resolves {@code #name} and {@code :value}
 * placeholders, and remembers which were used so that unused ones can be refused afterwards.
 */
public final class ExpressionContext {

    // The service's limit on the length of a placeholder, "#" or ":" included.
    private static final int MAX_KEY_LENGTH = 255;

    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    /**
     * Checks the maps in the service's order (names empty, name keys, values empty, value keys). Either
     * may be null when the request does not carry it.
     */
    public ExpressionContext(Map<String, String> names, Map<String, AttributeValue> values) {
        checkKeys("ExpressionAttributeNames", names == null ? null : names.keySet(), '#');
        checkKeys("ExpressionAttributeValues", values == null ? null : values.keySet(), ':');
        if (names != null) {
            for (String name : names.values()) {
                if (name != null) {
                    AttributeValues.checkName(name);
                }
            }
        }
        this.names = names == null ? Map.of() : names;
        this.values = values == null ? Map.of() : values;
    }

    /** A context for a request without expression attribute names or values. */
    public static ExpressionContext empty() {
        return new ExpressionContext(null, null);
    }

    /**
     * A context from the request's JSON trees (a map of strings, and a map of attribute value trees),
     * so that a bad value is reported as the service reports it: after the keys are checked, and with
     * the key it belongs to.
     */
    @SuppressWarnings("unchecked")
    public static ExpressionContext fromRequest(Map<String, ?> namesTree, Map<String, ?> valuesTree) {
        checkKeys("ExpressionAttributeNames", namesTree == null ? null : namesTree.keySet(), '#');
        checkKeys("ExpressionAttributeValues", valuesTree == null ? null : valuesTree.keySet(), ':');
        Map<String, AttributeValue> values = null;
        if (valuesTree != null) {
            values = new LinkedHashMap<>();
            for (Map.Entry<String, ?> e : valuesTree.entrySet()) {
                try {
                    values.put(e.getKey(), AttributeValues.value(e.getValue()));
                } catch (DynamoException ex) {
                    if (!ex.type().endsWith("#ValidationException")) {
                        throw ex;
                    }
                    throw DynamoException.validation("ExpressionAttributeValues contains invalid value: "
                            + ex.getMessage() + " for key " + e.getKey());
                }
            }
        }
        return new ExpressionContext((Map<String, String>) namesTree, values);
    }

    private static void checkKeys(String parameter, Set<String> keys, char prefix) {
        if (keys == null) {
            return;
        }
        if (keys.isEmpty()) {
            throw DynamoException.validation(parameter + " must not be empty");
        }
        for (String key : keys) {
            String problem;
            if (key.isEmpty()) {
                problem = "The expression attribute map contains an empty key;";
            } else if (key.length() > MAX_KEY_LENGTH) {
                // The service gives the size for names but not for values.
                problem = "The expression attribute map contains a key that is too long;"
                        + (prefix == '#' ? " size of key: " + key.length() : "");
            } else if (!isPlaceholder(key, prefix)) {
                problem = "Syntax error; key: \"" + key + "\"";
            } else {
                continue;
            }
            throw DynamoException.validation(parameter + " contains invalid key: " + problem);
        }
    }

    private static boolean isPlaceholder(String key, char prefix) {
        if (key.length() < 2 || key.charAt(0) != prefix) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            if (!Lexer.isIdChar(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The attribute name a {@code #name} stands for, or null when the request does not define it. */
    String name(String placeholder) {
        usedNames.add(placeholder);
        return names.get(placeholder);
    }

    /** The value a {@code :value} stands for, or null when the request does not define it. */
    AttributeValue value(String placeholder) {
        usedValues.add(placeholder);
        return values.get(placeholder);
    }

    /** Refuses names, then values, that no expression of the request used. */
    public void checkAllUsed() {
        List<String> unusedNames = unused(names.keySet(), usedNames);
        if (!unusedNames.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        List<String> unusedValues = unused(values.keySet(), usedValues);
        if (!unusedValues.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeValues unused in expressions: "
                    + "keys: {" + String.join(", ", unusedValues) + "}");
        }
    }

    private static List<String> unused(Set<String> defined, Set<String> used) {
        List<String> unused = new ArrayList<>();
        for (String key : defined) {
            if (!used.contains(key)) {
                unused.add(key);
            }
        }
        return unused;
    }
}
