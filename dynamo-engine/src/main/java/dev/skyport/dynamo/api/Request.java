package dev.skyport.dynamo.api;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.AttributeValues;
import java.util.List;
import java.util.Map;

/**
 * Typed read access to a validated request tree. Members are as the shape validator normalized them:
 * absent members are null, integers are {@code Integer}/{@code Long}, booleans {@code Boolean}.
 */
public record Request(Map<String, Object> tree) {

    public boolean has(String member) {
        return tree.get(member) != null;
    }

    public String string(String member) {
        return (String) tree.get(member);
    }

    public Integer integer(String member) {
        Object v = tree.get(member);
        return v == null ? null : ((Number) v).intValue();
    }

    public Long longValue(String member) {
        Object v = tree.get(member);
        return v == null ? null : ((Number) v).longValue();
    }

    public boolean bool(String member) {
        return Boolean.TRUE.equals(tree.get(member));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String member) {
        return (Map<String, Object>) tree.get(member);
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String member) {
        return (List<Object>) tree.get(member);
    }

    public Request nested(String member) {
        Map<String, Object> m = map(member);
        return m == null ? null : new Request(m);
    }

    /** An item or key member converted to attribute values (service validation applies). */
    public Map<String, AttributeValue> item(String member) {
        return AttributeValues.item(tree.get(member));
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> stringMap(String member) {
        return (Map<String, String>) tree.get(member);
    }
}
