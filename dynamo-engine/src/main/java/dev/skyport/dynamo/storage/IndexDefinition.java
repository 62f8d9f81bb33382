package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A global or local secondary index: its key, projection and state. Immutable; a change makes a new
 * definition.
 */
public record IndexDefinition(
        String name,
        boolean global,
        KeySchema key,
        String projectionType,
        List<String> nonKeyAttributes,
        String status,
        boolean backfilling,
        long readCapacity,
        long writeCapacity) {

    public IndexDefinition {
        nonKeyAttributes = nonKeyAttributes == null ? null : List.copyOf(nonKeyAttributes);
    }

    public IndexDefinition withStatus(String newStatus, boolean newBackfilling) {
        return new IndexDefinition(name, global, key, projectionType, nonKeyAttributes, newStatus, newBackfilling,
                readCapacity, writeCapacity);
    }

    /** The attributes of {@code item} this index stores, given the table's key. */
    public Map<String, AttributeValue> project(Map<String, AttributeValue> item, KeySchema tableKey) {
        if ("ALL".equals(projectionType)) {
            return item;
        }
        Map<String, AttributeValue> projected = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String attr = e.getKey();
            if (tableKey.isKeyAttribute(attr) || key.isKeyAttribute(attr)
                    || ("INCLUDE".equals(projectionType) && nonKeyAttributes != null && nonKeyAttributes.contains(attr))) {
                projected.put(attr, e.getValue());
            }
        }
        return projected;
    }

    /** True when the projection holds every attribute named (key attributes always are). */
    public boolean projects(String attribute, KeySchema tableKey) {
        return "ALL".equals(projectionType) || tableKey.isKeyAttribute(attribute) || key.isKeyAttribute(attribute)
                || ("INCLUDE".equals(projectionType) && nonKeyAttributes != null && nonKeyAttributes.contains(attribute));
    }
}
