package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.ItemSize;
import dev.skyport.dynamo.model.Values;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The items of one table and of its secondary indexes, ordered as the service orders them.
 * Readers never lock; writers call {@link #put} and {@link #delete} only while holding the
 * database's write lock, so each item and its index entries change together for writers.
 */
public final class TableData {

    /** Range-key order with {@link #NO_RANGE} standing for "hash-only table" (sorts first). */
    public static final Comparator<AttributeValue> RANGE_ORDER = (a, b) -> {
        boolean na = a instanceof AttributeValue.Null;
        boolean nb = b instanceof AttributeValue.Null;
        if (na || nb) {
            return na == nb ? 0 : na ? -1 : 1;
        }
        return Values.compare(a, b);
    };

    public static final AttributeValue NO_RANGE = AttributeValue.Null.INSTANCE;

    private final ConcurrentSkipListMap<PartitionKey, ConcurrentSkipListMap<AttributeValue, Map<String, AttributeValue>>>
            partitions = new ConcurrentSkipListMap<>();
    private final Map<String, IndexData> indexes = new ConcurrentHashMap<>();
    private volatile TableDefinition definition;
    private volatile long itemCount;
    private volatile long sizeBytes;

    public TableData(TableDefinition definition) {
        this.definition = definition;
        for (IndexDefinition index : definition.globalIndexes()) {
            indexes.put(index.name(), new IndexData(index));
        }
        for (IndexDefinition index : definition.localIndexes()) {
            indexes.put(index.name(), new IndexData(index));
        }
    }

    public TableDefinition definition() {
        return definition;
    }

    /**
     * Replaces the definition (called under the database's write lock). Indexes that appeared are built
     * from the table's current items right away, so an index never misses an item, also on replay;
     * removed ones are dropped.
     */
    public void define(TableDefinition newDefinition) {
        this.definition = newDefinition;
        java.util.Set<String> names = new java.util.HashSet<>();
        List<IndexDefinition> all = new java.util.ArrayList<>(newDefinition.globalIndexes());
        all.addAll(newDefinition.localIndexes());
        for (IndexDefinition index : all) {
            names.add(index.name());
            IndexData existing = indexes.get(index.name());
            if (existing != null) {
                existing.definition = index;
                continue;
            }
            IndexData created = new IndexData(index);
            for (var partition : partitions.values()) {
                for (Map<String, AttributeValue> item : partition.values()) {
                    created.add(keyOf(item), item, newDefinition.key());
                }
            }
            indexes.put(index.name(), created);
        }
        indexes.keySet().retainAll(names);
    }

    public long itemCount() {
        return itemCount;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public PrimaryKey keyOf(Map<String, AttributeValue> item) {
        KeySchema key = definition.key();
        return PrimaryKey.of(item.get(key.hashName()), key.hasRange() ? item.get(key.rangeName()) : NO_RANGE);
    }

    public Map<String, AttributeValue> get(PrimaryKey key) {
        var partition = partitions.get(key.partition());
        return partition == null ? null : partition.get(key.range());
    }

    /** Stores an item (replacing any with the same key); returns the previous item or null. */
    public Map<String, AttributeValue> put(Map<String, AttributeValue> item) {
        PrimaryKey key = keyOf(item);
        var partition = partitions.computeIfAbsent(key.partition(),
                p -> new ConcurrentSkipListMap<>(RANGE_ORDER));
        Map<String, AttributeValue> old = partition.put(key.range(), item);
        long delta = ItemSize.of(item);
        if (old != null) {
            delta -= ItemSize.of(old);
            unindex(key, old);
        } else {
            itemCount++;
        }
        sizeBytes += delta;
        index(key, item);
        return old;
    }

    /** Removes an item; returns it, or null when there was none. */
    public Map<String, AttributeValue> delete(PrimaryKey key) {
        var partition = partitions.get(key.partition());
        if (partition == null) {
            return null;
        }
        Map<String, AttributeValue> old = partition.remove(key.range());
        if (old != null) {
            itemCount--;
            sizeBytes -= ItemSize.of(old);
            unindex(key, old);
            if (partition.isEmpty()) {
                partitions.remove(key.partition(), partition);
            }
        }
        return old;
    }

    /** All partitions in scan order (token order). */
    public NavigableMap<PartitionKey, ConcurrentSkipListMap<AttributeValue, Map<String, AttributeValue>>> partitions() {
        return partitions;
    }

    /** The items of one partition in range order, or null when it has none. */
    public NavigableMap<AttributeValue, Map<String, AttributeValue>> partition(AttributeValue hash) {
        return partitions.get(PartitionKey.of(hash));
    }

    public IndexData index(String name) {
        return indexes.get(name);
    }

    private void index(PrimaryKey key, Map<String, AttributeValue> item) {
        if (indexes.isEmpty()) {
            return;
        }
        KeySchema tableKey = definition.key();
        for (IndexData index : indexes.values()) {
            index.add(key, item, tableKey);
        }
    }

    private void unindex(PrimaryKey key, Map<String, AttributeValue> item) {
        for (IndexData index : indexes.values()) {
            index.remove(key, item);
        }
    }

    /** One secondary index: partitions by the index hash key, entries ordered by index range key then table key. */
    public static final class IndexData {

        private final ConcurrentSkipListMap<PartitionKey, ConcurrentSkipListMap<IndexEntryKey, Map<String, AttributeValue>>>
                partitions = new ConcurrentSkipListMap<>();
        private volatile IndexDefinition definition;
        private volatile long itemCount;
        private volatile long sizeBytes;

        IndexData(IndexDefinition definition) {
            this.definition = definition;
        }

        public IndexDefinition definition() {
            return definition;
        }

        public long itemCount() {
            return itemCount;
        }

        public long sizeBytes() {
            return sizeBytes;
        }

        public NavigableMap<PartitionKey, ConcurrentSkipListMap<IndexEntryKey, Map<String, AttributeValue>>> partitions() {
            return partitions;
        }

        public NavigableMap<IndexEntryKey, Map<String, AttributeValue>> partition(AttributeValue hash) {
            return partitions.get(PartitionKey.of(hash));
        }

        /** The index entry key of an item, or null when the item is not in this (sparse) index. */
        public IndexEntryKey entryKey(PrimaryKey tableKey, Map<String, AttributeValue> item) {
            KeySchema key = definition.key();
            AttributeValue hash = item.get(key.hashName());
            if (hash == null || !hash.type().equals(key.hashType())) {
                return null;
            }
            AttributeValue range = NO_RANGE;
            if (key.hasRange()) {
                range = item.get(key.rangeName());
                if (range == null || !range.type().equals(key.rangeType())) {
                    return null;
                }
            }
            return new IndexEntryKey(PartitionKey.of(hash), range, tableKey, 0);
        }

        void add(PrimaryKey tableKey, Map<String, AttributeValue> item, KeySchema tableSchema) {
            IndexEntryKey entry = entryKey(tableKey, item);
            if (entry == null) {
                return;
            }
            Map<String, AttributeValue> projected = definition.project(item, tableSchema);
            Map<String, AttributeValue> old = partitions.computeIfAbsent(entry.partition(),
                    p -> new ConcurrentSkipListMap<>()).put(entry, projected);
            if (old == null) {
                itemCount++;
            } else {
                sizeBytes -= ItemSize.of(old);
            }
            sizeBytes += ItemSize.of(projected);
        }

        void remove(PrimaryKey tableKey, Map<String, AttributeValue> item) {
            IndexEntryKey entry = entryKey(tableKey, item);
            if (entry == null) {
                return;
            }
            var partition = partitions.get(entry.partition());
            if (partition == null) {
                return;
            }
            Map<String, AttributeValue> old = partition.remove(entry);
            if (old != null) {
                itemCount--;
                sizeBytes -= ItemSize.of(old);
                if (partition.isEmpty()) {
                    partitions.remove(entry.partition(), partition);
                }
            }
        }
    }

    /**
     * An index entry's place: index range key, then the table's key (index keys need not be unique).
     * {@code bound} -1 / +1 makes a search key that sorts before / after every entry with that range value.
     */
    public record IndexEntryKey(PartitionKey partition, AttributeValue range, PrimaryKey tableKey, int bound)
            implements Comparable<IndexEntryKey> {

        public static IndexEntryKey lowest(AttributeValue range) {
            return new IndexEntryKey(null, range, null, -1);
        }

        public static IndexEntryKey highest(AttributeValue range) {
            return new IndexEntryKey(null, range, null, 1);
        }

        @Override
        public int compareTo(IndexEntryKey other) {
            int c = RANGE_ORDER.compare(range, other.range);
            if (c != 0) {
                return c;
            }
            if (bound != 0 || other.bound != 0) {
                return Integer.compare(bound, other.bound);
            }
            return tableKey.compareTo(other.tableKey);
        }
    }
}
