package dev.skyport.dynamo.storage.journal;

import dev.skyport.dynamo.json.Json;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.TableDefinition;
import dev.skyport.dynamo.storage.TableHistory;
import dev.skyport.dynamo.storage.TableHistory.ThroughputHistory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Table definitions as JSON (field by name), so a later version can add fields and still read old
 * files: a missing field reads as null, 0 or false (a missing history as the one a new table gets).
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
        m.put("history", history(d.history()));
        return Json.writeAscii(m);
    }

    public static TableDefinition decode(byte[] json) {
        Map<String, Object> m;
        try {
            m = map(Json.parseText(new String(json, StandardCharsets.UTF_8)));
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
                    str(m, "tableClass"),
                    history(map(m.get("history"))));
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

    private static Map<String, Object> history(TableHistory h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", throughput(h.table()));
        // Sorted, so the same history always encodes to the same bytes.
        Map<String, Object> indexes = new TreeMap<>();
        h.indexes().forEach((name, t) -> indexes.put(name, throughput(t)));
        m.put("indexes", indexes);
        m.put("payPerRequestSinceMillis", h.payPerRequestSinceMillis());
        m.put("tableClassUpdatedMillis", h.tableClassUpdatedMillis());
        m.put("maxReadRequestUnits", h.maxReadRequestUnits());
        m.put("maxWriteRequestUnits", h.maxWriteRequestUnits());
        m.put("warmRead", h.warmRead());
        m.put("warmWrite", h.warmWrite());
        m.put("kmsKeyArn", h.kmsKeyArn());
        return m;
    }

    /** Null when absent, which the definition turns into the history a new table gets. */
    private static TableHistory history(Map<String, Object> m) {
        if (m == null) {
            return null;
        }
        Map<String, ThroughputHistory> indexes = new LinkedHashMap<>();
        Object tree = m.get("indexes");
        if (tree != null) {
            for (Map.Entry<String, Object> e : map(tree).entrySet()) {
                indexes.put(e.getKey(), throughput(map(e.getValue())));
            }
        }
        return new TableHistory(throughput(map(m.get("table"))), indexes, nullableLng(m, "payPerRequestSinceMillis"),
                nullableLng(m, "tableClassUpdatedMillis"), nullableLng(m, "maxReadRequestUnits"),
                nullableLng(m, "maxWriteRequestUnits"), nullableLng(m, "warmRead"), nullableLng(m, "warmWrite"),
                str(m, "kmsKeyArn"));
    }

    private static Map<String, Object> throughput(ThroughputHistory t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lastIncreaseMillis", t.lastIncreaseMillis());
        m.put("lastDecreaseMillis", t.lastDecreaseMillis());
        m.put("decreasesToday", t.decreasesToday());
        return m;
    }

    private static ThroughputHistory throughput(Map<String, Object> m) {
        return m == null ? ThroughputHistory.NONE : new ThroughputHistory(nullableLng(m, "lastIncreaseMillis"),
                nullableLng(m, "lastDecreaseMillis"), Math.toIntExact(lng(m, "decreasesToday")));
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

    private static Long nullableLng(Map<String, Object> m, String field) {
        Object v = m.get(field);
        return v == null ? null : ((BigDecimal) v).longValueExact();
    }

    private static boolean bool(Map<String, Object> m, String field) {
        Object v = m.get(field);
        return v != null && (Boolean) v;
    }
}
