package dev.skyport.dynamo.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the service describes about a table except its items. Immutable: control-plane
 * operations swap in a changed copy, which is also what the journal records.
 *
 * @param attributeDefinitions attribute name to type (S, N, B), in the order the client gave them
 * @param streamViewType null when no stream is enabled
 * @param streamLabel label of the latest stream (kept after the stream is disabled, as the service does)
 * @param ttlAttribute null when TTL was never enabled
 * @param ttlStatus ENABLED, DISABLED, ENABLING, DISABLING
 * @param history what the service reports about the table's past; null means none yet, which is also
 *                what a definition journaled before this field existed reads back as
 */
public record TableDefinition(
        String name,
        String tableId,
        String arn,
        long createdMillis,
        String status,
        KeySchema key,
        Map<String, String> attributeDefinitions,
        List<IndexDefinition> globalIndexes,
        List<IndexDefinition> localIndexes,
        String billingMode,
        long readCapacity,
        long writeCapacity,
        String streamViewType,
        String streamLabel,
        String ttlAttribute,
        String ttlStatus,
        Map<String, String> tags,
        boolean deletionProtection,
        String tableClass,
        TableHistory history) {

    public TableDefinition {
        // Insertion order matters: the service describes attributes and tags in the order they were given.
        attributeDefinitions = Collections.unmodifiableMap(new LinkedHashMap<>(attributeDefinitions));
        globalIndexes = List.copyOf(globalIndexes);
        localIndexes = List.copyOf(localIndexes);
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        history = history == null ? TableHistory.initial(billingMode, createdMillis) : history;
    }

    public IndexDefinition index(String indexName) {
        for (IndexDefinition index : globalIndexes) {
            if (index.name().equals(indexName)) {
                return index;
            }
        }
        for (IndexDefinition index : localIndexes) {
            if (index.name().equals(indexName)) {
                return index;
            }
        }
        return null;
    }

    public boolean streamEnabled() {
        return streamViewType != null;
    }

    public TableDefinition withStatus(String newStatus) {
        return new TableDefinition(name, tableId, arn, createdMillis, newStatus, key, attributeDefinitions,
                globalIndexes, localIndexes, billingMode, readCapacity, writeCapacity, streamViewType, streamLabel,
                ttlAttribute, ttlStatus, tags, deletionProtection, tableClass, history);
    }

    public TableDefinition withTags(Map<String, String> newTags) {
        return new TableDefinition(name, tableId, arn, createdMillis, status, key, attributeDefinitions,
                globalIndexes, localIndexes, billingMode, readCapacity, writeCapacity, streamViewType, streamLabel,
                ttlAttribute, ttlStatus, newTags, deletionProtection, tableClass, history);
    }

    public TableDefinition withTtl(String attribute, String newStatus) {
        return new TableDefinition(name, tableId, arn, createdMillis, status, key, attributeDefinitions,
                globalIndexes, localIndexes, billingMode, readCapacity, writeCapacity, streamViewType, streamLabel,
                attribute, newStatus, tags, deletionProtection, tableClass, history);
    }
}
