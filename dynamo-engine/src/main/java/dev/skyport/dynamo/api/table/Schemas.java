package dev.skyport.dynamo.api.table;

import static dev.skyport.dynamo.api.table.ControlPlane.INVALID;

import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading and checking key schemas, attribute definitions and projections as CreateTable and UpdateTable get them. */
final class Schemas {

    /** The limit the service puts on a Given value for capacity units. */
    static final long MAX_CAPACITY = 1_000_000_000_000L;

    /** One KeySchemaElement. */
    record Element(String name, String keyType) {
    }

    private Schemas() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object list) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object o : l) {
                out.add(o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String member) {
        return parent == null ? null : (Map<String, Object>) parent.get(member);
    }

    static String string(Map<String, Object> parent, String member) {
        return parent == null ? null : (String) parent.get(member);
    }

    static Long number(Map<String, Object> parent, String member) {
        Object v = parent == null ? null : parent.get(member);
        return v == null ? null : ((Number) v).longValue();
    }

    static List<Element> elements(Object keySchema) {
        List<Element> out = new ArrayList<>();
        for (Map<String, Object> e : maps(keySchema)) {
            out.add(new Element(string(e, "AttributeName"), string(e, "KeyType")));
        }
        return out;
    }

    static List<String> names(List<Element> elements) {
        return elements.stream().map(Element::name).toList();
    }

    /** AttributeDefinitions as name to type, in the client's order (a later duplicate does not replace). */
    static Map<String, String> attributeTypes(List<Map<String, Object>> definitions) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> d : definitions) {
            types.putIfAbsent(string(d, "AttributeName"), string(d, "AttributeType"));
        }
        return types;
    }

    static String list(List<String> names) {
        return "[" + String.join(", ", names) + "]";
    }

    /** The key-schema checks a secondary index gets, in the service's order. */
    static void checkIndexKeySchema(List<Element> keys, List<String> defined) {
        List<String> names = names(keys);
        if (names.stream().anyMatch(n -> !defined.contains(n))) {
            throw notDefined(names, defined);
        }
        checkKeyOrder(keys);
    }

    static DynamoException notDefined(List<String> keys, List<String> defined) {
        return DynamoException.validation(INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
                + "Keys: " + list(keys) + ", AttributeDefinitions: " + list(defined));
    }

    /** Distinct names, HASH first, RANGE second. */
    static void checkKeyOrder(List<Element> keys) {
        if (keys.size() > 1 && keys.get(0).name().equals(keys.get(1).name())) {
            throw DynamoException.validation(
                    "Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        if (!"HASH".equals(keys.get(0).keyType())) {
            throw DynamoException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (keys.size() > 1 && !"RANGE".equals(keys.get(1).keyType())) {
            throw DynamoException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
    }

    /** The projection checks of a secondary index, in the service's order. */
    static void checkProjection(Map<String, Object> projection) {
        String type = string(projection, "ProjectionType");
        if (type == null) {
            throw DynamoException.validation(INVALID + "Unknown ProjectionType: null");
        }
        Object nonKey = projection.get("NonKeyAttributes");
        if (nonKey != null && !"INCLUDE".equals(type)) {
            throw DynamoException.validation(INVALID + "ProjectionType is " + type + ", but NonKeyAttributes is specified");
        }
        if (nonKey == null && "INCLUDE".equals(type)) {
            throw DynamoException.validation(INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        }
        if (nonKey instanceof List<?> attributes) {
            Set<Object> seen = new HashSet<>();
            for (Object a : attributes) {
                if (!seen.add(a)) {
                    throw DynamoException.validation(INVALID + "Duplicate element in NonKeyAttributes: " + a);
                }
            }
        }
    }

    static KeySchema keySchema(List<Element> keys, Map<String, String> types) {
        String hash = keys.get(0).name();
        String range = keys.size() > 1 ? keys.get(1).name() : null;
        return new KeySchema(hash, types.get(hash), range, range == null ? null : types.get(range));
    }

    @SuppressWarnings("unchecked")
    static IndexDefinition index(Map<String, Object> index, boolean global, Map<String, String> types, String status,
                                 boolean backfilling, long read, long write) {
        Map<String, Object> projection = map(index, "Projection");
        List<String> nonKey = (List<String>) projection.get("NonKeyAttributes");
        return new IndexDefinition(string(index, "IndexName"), global, keySchema(elements(index.get("KeySchema")), types),
                string(projection, "ProjectionType"), nonKey, status, backfilling, read, write);
    }

    /** The out-of-bounds check of a ProvisionedThroughput ({@code suffix} names an index). */
    static void checkCapacityBounds(Map<String, Object> throughput, String suffix) {
        Long read = number(throughput, "ReadCapacityUnits");
        Long write = number(throughput, "WriteCapacityUnits");
        if (read != null && read > MAX_CAPACITY) {
            throw DynamoException.validation("Given value " + read + " for ReadCapacityUnits is out of bounds" + suffix);
        }
        if (write != null && write > MAX_CAPACITY) {
            throw DynamoException.validation("Given value " + write + " for WriteCapacityUnits is out of bounds" + suffix);
        }
    }
}
