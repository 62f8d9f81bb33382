package dev.skyport.dynamo.api;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.ItemSize;
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
