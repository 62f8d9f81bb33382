package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.ItemSize;
import dev.skyport.dynamo.model.Values;
import dev.skyport.dynamo.storage.ItemStore.StoredItem;
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
 * The items themselves are kept encoded in an {@link ItemStore}; the sorted maps hold their handles.
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

    private final ItemStore store = new ItemStore();
    private final ConcurrentSkipListMap<PartitionKey, ConcurrentSkipListMap<AttributeValue, StoredItem>>
            partitions = new ConcurrentSkipListMap<>();
    private final Map<String, IndexData> indexes = new ConcurrentHashMap<>();
    private volatile TableDefinition definition;
    private volatile long itemCount;
    private volatile long sizeBytes;

    public TableData(TableDefinition definition) {
        this.definition = definition;
        for (IndexDefinition index : definition.globalIndexes()) {
            indexes.put(index.name(), new IndexData(index, store));
        }
        for (IndexDefinition index : definition.localIndexes()) {
            indexes.put(index.name(), new IndexData(index, store));
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
            IndexData created = new IndexData(index, store);
            for (var partition : partitions.values()) {
                for (StoredItem stored : partition.values()) {
                    Map<String, AttributeValue> item = stored.item();
                    created.add(keyOf(item), item, newDefinition.key());
                }
            }
            indexes.put(index.name(), created);
        }
        for (var it = indexes.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!names.contains(entry.getKey())) {
                it.remove();
                entry.getValue().clear();
            }
        }
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

    /** The item with this key, decoded anew for the caller, or null. */
    public Map<String, AttributeValue> get(PrimaryKey key) {
        var partition = partitions.get(key.partition());
        StoredItem stored = partition == null ? null : partition.get(key.range());
        return stored == null ? null : stored.item();
    }

    /** Stores an item, replacing any with the same key (called under the database's write lock). */
    public void put(Map<String, AttributeValue> item) {
        PrimaryKey key = keyOf(item);
        var partition = partitions.computeIfAbsent(key.partition(),
                p -> new ConcurrentSkipListMap<>(RANGE_ORDER));
        long size = ItemSize.of(item);
        StoredItem stored = partition.get(key.range());
        if (stored == null) {
            partition.put(key.range(), store.add(item, size));
            itemCount++;
            sizeBytes += size;
            index(key, null, item);
        } else {
            Map<String, AttributeValue> old = indexes.isEmpty() ? null : stored.item();
            sizeBytes += size - stored.size();
            store.replace(stored, item, size);
            index(key, old, item);
        }
        store.compact();
    }

    /** Removes an item, if there is one (called under the database's write lock). */
    public void delete(PrimaryKey key) {
        var partition = partitions.get(key.partition());
        if (partition == null) {
            return;
        }
        StoredItem stored = partition.remove(key.range());
        if (stored != null) {
            Map<String, AttributeValue> old = indexes.isEmpty() ? null : stored.item();
            itemCount--;
            sizeBytes -= stored.size();
            store.remove(stored);
            index(key, old, null);
            if (partition.isEmpty()) {
                partitions.remove(key.partition(), partition);
            }
            store.compact();
        }
    }

    /** All partitions in scan order (token order); an item deleted while iterating reads as null. */
    public NavigableMap<PartitionKey, ConcurrentSkipListMap<AttributeValue, StoredItem>> partitions() {
        return partitions;
    }

    /** The items of one partition in range order, or null when it has none. */
    public NavigableMap<AttributeValue, StoredItem> partition(AttributeValue hash) {
        return partitions.get(PartitionKey.of(hash));
    }

    public IndexData index(String name) {
        return indexes.get(name);
    }

    /** Moves the item's index entries from {@code old} (null: none) to {@code item} (null: none). */
    private void index(PrimaryKey key, Map<String, AttributeValue> old, Map<String, AttributeValue> item) {
        if (indexes.isEmpty()) {
            return;
        }
        KeySchema tableKey = definition.key();
        for (IndexData index : indexes.values()) {
            index.change(key, old, item, tableKey);
        }
    }

    /** One secondary index: partitions by the index hash key, entries ordered by index range key then table key. */
    public static final class IndexData {

        private final ConcurrentSkipListMap<PartitionKey, ConcurrentSkipListMap<IndexEntryKey, StoredItem>>
                partitions = new ConcurrentSkipListMap<>();
        private final ItemStore store;
        private volatile IndexDefinition definition;
        private volatile long itemCount;
        private volatile long sizeBytes;

        IndexData(IndexDefinition definition, ItemStore store) {
            this.definition = definition;
            this.store = store;
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

        public NavigableMap<PartitionKey, ConcurrentSkipListMap<IndexEntryKey, StoredItem>> partitions() {
            return partitions;
        }

        public NavigableMap<IndexEntryKey, StoredItem> partition(AttributeValue hash) {
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
            change(tableKey, null, item, tableSchema);
        }

        /** Replaces the entry of {@code old} by the entry of {@code item}; an unmoved entry is rewritten in place. */
        void change(PrimaryKey tableKey, Map<String, AttributeValue> old, Map<String, AttributeValue> item,
                    KeySchema tableSchema) {
            IndexEntryKey from = old == null ? null : entryKey(tableKey, old);
            IndexEntryKey to = item == null ? null : entryKey(tableKey, item);
            if (from != null && to != null && from.equals(to)) {
                StoredItem stored = partitions.get(to.partition()).get(to);
                Map<String, AttributeValue> projected = definition.project(item, tableSchema);
                long size = ItemSize.of(projected);
                sizeBytes += size - stored.size();
                store.replace(stored, projected, size);
                return;
            }
            if (from != null) {
                remove(from);
            }
            if (to != null) {
                Map<String, AttributeValue> projected = definition.project(item, tableSchema);
                long size = ItemSize.of(projected);
                partitions.computeIfAbsent(to.partition(), p -> new ConcurrentSkipListMap<>())
                        .put(to, store.add(projected, size));
                itemCount++;
                sizeBytes += size;
            }
        }

        private void remove(IndexEntryKey entry) {
            var partition = partitions.get(entry.partition());
            StoredItem old = partition == null ? null : partition.remove(entry);
            if (old != null) {
                itemCount--;
                sizeBytes -= old.size();
                store.remove(old);
                if (partition.isEmpty()) {
                    partitions.remove(entry.partition(), partition);
                }
            }
        }

        /** Gives the entries' space back to the store (the index was dropped). */
        void clear() {
            for (var partition : partitions.values()) {
                for (StoredItem stored : partition.values()) {
                    store.remove(stored);
                }
            }
            partitions.clear();
            itemCount = 0;
            sizeBytes = 0;
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
