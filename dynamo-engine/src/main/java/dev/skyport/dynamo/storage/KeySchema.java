package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;
import java.util.LinkedHashMap;
import java.util.Map;

/** The key of a table or index: a hash attribute and an optional range attribute, each with its scalar type. */
public record KeySchema(String hashName, String hashType, String rangeName, String rangeType) {

    public boolean hasRange() {
        return rangeName != null;
    }

    /** The key attributes of an item, in schema order; assumes the item carries them. */
    public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>(4);
        key.put(hashName, item.get(hashName));
        if (rangeName != null) {
            key.put(rangeName, item.get(rangeName));
        }
        return key;
    }

    public boolean isKeyAttribute(String name) {
        return name.equals(hashName) || name.equals(rangeName);
    }
}
