package dev.skyport.dynamo.storage.journal;

import dev.skyport.dynamo.json.Json;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.TableDefinition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Table definitions as JSON (field by name), so a later version can add fields and still read old
 * files: a missing field reads as null, 0 or false.
 */
public final class DefinitionCodec {

    private DefinitionCodec() {
    }

    public static byte[] encode(TableDefinition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("tableId", d.tableId());
        m.put("arn", d.arn());
        m.put("createdMillis", d.createdMillis());
        m.put("status", d.status());
        m.put("key", key(d.key()));
        m.put("attributeDefinitions", d.attributeDefinitions());
        m.put("globalIndexes", indexes(d.globalIndexes()));
        m.put("localIndexes", indexes(d.localIndexes()));
        m.put("billingMode", d.billingMode());
        m.put("readCapacity", d.readCapacity());
        m.put("writeCapacity", d.writeCapacity());
        m.put("streamViewType", d.streamViewType());
        m.put("streamLabel", d.streamLabel());
        m.put("ttlAttribute", d.ttlAttribute());
        m.put("ttlStatus", d.ttlStatus());
        m.put("tags", d.tags());
        m.put("deletionProtection", d.deletionProtection());
        m.put("tableClass", d.tableClass());
        return Json.write(m);
    }

    public static TableDefinition decode(byte[] json) {
        Map<String, Object> m;
        try {
            m = map(Json.parse(json));
        } catch (RuntimeException e) {
            throw new CorruptDataException("bad table definition", e);
        }
        if (m == null) {
            throw new CorruptDataException("bad table definition");
        }
        try {
            return new TableDefinition(
                    str(m, "name"),
                    str(m, "tableId"),
                    str(m, "arn"),
                    lng(m, "createdMillis"),
                    str(m, "status"),
                    key(map(m.get("key"))),
                    strings(m.get("attributeDefinitions")),
                    indexes(m.get("globalIndexes")),
                    indexes(m.get("localIndexes")),
                    str(m, "billingMode"),
                    lng(m, "readCapacity"),
                    lng(m, "writeCapacity"),
                    str(m, "streamViewType"),
                    str(m, "streamLabel"),
                    str(m, "ttlAttribute"),
                    str(m, "ttlStatus"),
                    strings(m.get("tags")),
                    bool(m, "deletionProtection"),
                    str(m, "tableClass"));
        } catch (ClassCastException | ArithmeticException | NullPointerException e) {
            throw new CorruptDataException("bad table definition", e);
        }
    }

    private static Map<String, Object> key(KeySchema k) {
        if (k == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hashName", k.hashName());
        m.put("hashType", k.hashType());
        m.put("rangeName", k.rangeName());
        m.put("rangeType", k.rangeType());
        return m;
    }

    private static KeySchema key(Map<String, Object> m) {
        return m == null ? null
                : new KeySchema(str(m, "hashName"), str(m, "hashType"), str(m, "rangeName"), str(m, "rangeType"));
    }

    private static List<Object> indexes(List<IndexDefinition> indexes) {
        List<Object> list = new ArrayList<>(indexes.size());
        for (IndexDefinition i : indexes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("global", i.global());
            m.put("key", key(i.key()));
            m.put("projectionType", i.projectionType());
            m.put("nonKeyAttributes", i.nonKeyAttributes());
            m.put("status", i.status());
            m.put("backfilling", i.backfilling());
            m.put("readCapacity", i.readCapacity());
            m.put("writeCapacity", i.writeCapacity());
            list.add(m);
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static List<IndexDefinition> indexes(Object tree) {
        List<IndexDefinition> list = new ArrayList<>();
        if (tree == null) {
            return list;
        }
        for (Object o : (List<Object>) tree) {
            Map<String, Object> m = map(o);
            List<String> nonKey = null;
            if (m.get("nonKeyAttributes") != null) {
                nonKey = new ArrayList<>();
                for (Object a : (List<Object>) m.get("nonKeyAttributes")) {
                    nonKey.add((String) a);
                }
            }
            list.add(new IndexDefinition(str(m, "name"), bool(m, "global"), key(map(m.get("key"))),
                    str(m, "projectionType"), nonKey, str(m, "status"), bool(m, "backfilling"),
                    lng(m, "readCapacity"), lng(m, "writeCapacity")));
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, String> strings(Object tree) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tree != null) {
            for (Map.Entry<String, Object> e : map(tree).entrySet()) {
                out.put(e.getKey(), (String) e.getValue());
            }
        }
        return out;
    }

    private static String str(Map<String, Object> m, String field) {
        return (String) m.get(field);
    }

    private static long lng(Map<String, Object> m, String field) {
        Object v = m.get(field);
        return v == null ? 0 : ((BigDecimal) v).longValueExact();
    }

    private static boolean bool(Map<String, Object> m, String field) {
        Object v = m.get(field);
        return v != null && (Boolean) v;
    }
}
