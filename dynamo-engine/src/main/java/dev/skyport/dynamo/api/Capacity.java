package dev.skyport.dynamo.api;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.ItemSize;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/** ConsumedCapacity as the service reports it when ReturnConsumedCapacity is TOTAL or INDEXES. */
final class Capacity {

    private Capacity() {
    }

    static boolean wanted(Request request) {
        String mode = request.string("ReturnConsumedCapacity");
        return "TOTAL".equals(mode) || "INDEXES".equals(mode);
    }

    /** Write units: one per started KB of the larger of the old and new item. */
    static double writeUnits(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        double units = Math.max(units(before, 1024), units(after, 1024));
        return Math.max(units, 1);
    }

    /** Read units: one per started 4 KB, half for eventually consistent reads. */
    static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, Math.ceil(bytes / 4096.0));
        return consistent ? units : units / 2;
    }

    private static double units(Map<String, AttributeValue> item, int per) {
        return item == null ? 0 : Math.ceil(ItemSize.of(item) / (double) per);
    }

    /** Adds ConsumedCapacity to {@code response} when the request asked for it. */
    static void add(Request request, Map<String, Object> response, String table, double units) {
        if (!wanted(request)) {
            return;
        }
        response.put("ConsumedCapacity", consumed(request.string("ReturnConsumedCapacity"), table, units));
    }

    /**
     * Adds ConsumedCapacity for a single-item write, counting index writes as the service does: an
     * index entry written or removed costs by its projected size, a moved entry costs both, and an
     * unchanged projection costs nothing.
     */
    static void addWrite(Request request, Map<String, Object> response, TableData table,
                         Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        if (!wanted(request)) {
            return;
        }
        double tableUnits = writeUnits(before, after);
        Map<String, Object> global = new LinkedHashMap<>();
        Map<String, Object> local = new LinkedHashMap<>();
        double total = tableUnits;
        TableDefinition definition = table.definition();
        for (IndexDefinition index : definition.globalIndexes()) {
            double units = indexUnits(index, definition, before, after);
            if (units > 0) {
                global.put(index.name(), Map.of("CapacityUnits", units));
                total += units;
            }
        }
        for (IndexDefinition index : definition.localIndexes()) {
            double units = indexUnits(index, definition, before, after);
            if (units > 0) {
                local.put(index.name(), Map.of("CapacityUnits", units));
                total += units;
            }
        }
        Map<String, Object> consumed = new LinkedHashMap<>();
        consumed.put("TableName", definition.name());
        consumed.put("CapacityUnits", total);
        if ("INDEXES".equals(request.string("ReturnConsumedCapacity"))) {
            consumed.put("Table", Map.of("CapacityUnits", tableUnits));
            if (!global.isEmpty()) {
                consumed.put("GlobalSecondaryIndexes", global);
            }
            if (!local.isEmpty()) {
                consumed.put("LocalSecondaryIndexes", local);
            }
        }
        response.put("ConsumedCapacity", consumed);
    }

    private static double indexUnits(IndexDefinition index, TableDefinition table, Map<String, AttributeValue> before,
                                     Map<String, AttributeValue> after) {
        Map<String, AttributeValue> old = indexed(index, table, before);
        Map<String, AttributeValue> now = indexed(index, table, after);
        if (old == null && now == null) {
            return 0;
        }
        if (old == null || now == null) {
            return units(old == null ? now : old, 1024);
        }
        boolean moved = !index.key().keyOf(old).equals(index.key().keyOf(now));
        if (moved) {
            return units(old, 1024) + units(now, 1024);
        }
        return old.equals(now) ? 0 : Math.max(units(old, 1024), units(now, 1024));
    }

    /** The item as the index holds it, or null when the (sparse) index does not hold it. */
    private static Map<String, AttributeValue> indexed(IndexDefinition index, TableDefinition table,
                                                       Map<String, AttributeValue> item) {
        if (item == null) {
            return null;
        }
        KeySchema key = index.key();
        if (!item.containsKey(key.hashName()) || (key.hasRange() && !item.containsKey(key.rangeName()))) {
            return null;
        }
        return index.project(item, table.key());
    }

    static Map<String, Object> consumed(String mode, String table, double units) {
        Map<String, Object> consumed = new LinkedHashMap<>();
        consumed.put("TableName", table);
        consumed.put("CapacityUnits", units);
        if ("INDEXES".equals(mode)) {
            consumed.put("Table", Map.of("CapacityUnits", units));
        }
        return consumed;
    }
}
