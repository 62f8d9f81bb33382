package dev.skyport.dynamo.api;

import dev.skyport.dynamo.expr.Condition;
import dev.skyport.dynamo.expr.Projection;
import dev.skyport.dynamo.expr.RangeCondition;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.ItemSize;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.PartitionKey;
import dev.skyport.dynamo.storage.PrimaryKey;
import dev.skyport.dynamo.storage.ItemStore.StoredItem;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableData.IndexEntryKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Item iteration in the service's order for every read path (Query, Scan, PartiQL SELECT): one
 * partition narrowed by a sort key condition, or all partitions in token order, of a table or an
 * index, resuming after an ExclusiveStartKey. Iterators are lazy and read the live, lock-free maps.
 */
public final class ItemReads {

    private ItemReads() {
    }

    /** What a read goes through: the table itself ({@code index} null) or one of its secondary indexes. */
    public record Source(TableData table, IndexDefinition index) {

        /** The key the read is ordered by: the index's, or the table's. */
        public KeySchema key() {
            return index == null ? table.definition().key() : index.key();
        }

        public boolean local() {
            return index != null && !index.global();
        }

        /** The attributes a LastEvaluatedKey carries: the table's key, plus the index's when reading one. */
        public Map<String, AttributeValue> lastKey(Map<String, AttributeValue> item) {
            Map<String, AttributeValue> last = new LinkedHashMap<>(table.definition().key().keyOf(item));
            if (index != null) {
                last.putAll(index.key().keyOf(item));
            }
            return last;
        }
    }

    /** The service's page size limit: a page ends once it has read 1 MB of items. */
    public static final long PAGE_BYTES = 1024 * 1024;

    /**
     * One page: the items that passed the filter (projected), the LastEvaluatedKey when the page ended
     * before the items did, the bytes read and how many items were evaluated (ScannedCount).
     */
    public record Page(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastKey, long bytes,
                       int scanned) {
    }

    /**
     * Reads one page as Query, Scan and PartiQL SELECT do: at most {@code limit} items evaluated (null
     * for no limit) and at most 1 MB read; the filter applies after the limit, as on the service.
     * {@code fetchBase} reads each item from the table (a local index query asking for attributes the
     * index does not project).
     */
    public static Page page(Source source, Iterator<Map<String, AttributeValue>> items, Integer limit,
                            Condition filter, Projection projection, boolean fetchBase) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        int scanned = 0;
        long bytes = 0;
        Map<String, AttributeValue> last = null;
        boolean more = false;
        while (items.hasNext()) {
            if ((limit != null && scanned >= limit) || bytes >= PAGE_BYTES) {
                more = true;
                break;
            }
            Map<String, AttributeValue> item = items.next();
            if (fetchBase) {
                Map<String, AttributeValue> base = source.table().get(source.table().keyOf(item));
                if (base != null) {
                    item = base;
                }
            }
            scanned++;
            bytes += ItemSize.of(item);
            last = item;
            if (filter != null && !filter.test(item)) {
                continue;
            }
            out.add(projection == null ? item : projection.apply(item));
        }
        return new Page(out, more && last != null ? source.lastKey(last) : null, bytes, scanned);
    }

    /** The items of one partition, in key order or reversed, that the sort key condition admits, after the start key. */
    public static Iterator<Map<String, AttributeValue>> partition(Source source, AttributeValue hash,
                                                                 RangeCondition range,
                                                                 Map<String, AttributeValue> startKey,
                                                                 boolean forward) {
        KeySchema key = source.key();
        Iterator<Map<String, AttributeValue>> it;
        if (source.index() == null) {
            NavigableMap<AttributeValue, StoredItem> view = source.table().partition(hash);
            if (view == null) {
                return Collections.emptyIterator();
            }
            if (range != null) {
                view = bounded(view, range, v -> v, v -> v);
            }
            if (startKey != null) {
                AttributeValue after = key.hasRange() ? startKey.get(key.rangeName()) : TableData.NO_RANGE;
                view = forward ? view.tailMap(after, false) : view.headMap(after, false);
            }
            it = decoded((forward ? view : view.descendingMap()).values().iterator());
        } else {
            TableData.IndexData index = source.table().index(source.index().name());
            NavigableMap<IndexEntryKey, StoredItem> view = index == null ? null : index.partition(hash);
            if (view == null) {
                return Collections.emptyIterator();
            }
            if (range != null) {
                view = bounded(view, range, IndexEntryKey::lowest, IndexEntryKey::highest);
            }
            if (startKey != null) {
                IndexEntryKey position = indexPosition(source, startKey);
                view = forward ? view.tailMap(position, false) : view.headMap(position, false);
            }
            it = decoded((forward ? view : view.descendingMap()).values().iterator());
        }
        return range != null && range.operator().equals("BEGINS_WITH") ? prefixed(it, range, key.rangeName()) : it;
    }

    /**
     * Every item of the table or index in scan (token) order, after the start key; with
     * {@code totalSegments > 1} only the partitions of one parallel-scan segment.
     */
    public static Iterator<Map<String, AttributeValue>> scan(Source source, Map<String, AttributeValue> startKey,
                                                            int segment, int totalSegments) {
        if (source.index() == null) {
            var partitions = source.table().partitions();
            if (startKey == null) {
                return flatten(partitions, null, null, segment, totalSegments);
            }
            KeySchema key = source.key();
            PartitionKey first = PartitionKey.of(startKey.get(key.hashName()));
            AttributeValue after = key.hasRange() ? startKey.get(key.rangeName()) : TableData.NO_RANGE;
            return flatten(partitions.tailMap(first, true), first, after, segment, totalSegments);
        }
        TableData.IndexData index = source.table().index(source.index().name());
        if (index == null) {
            return Collections.emptyIterator();
        }
        var partitions = index.partitions();
        if (startKey == null) {
            return flatten(partitions, null, null, segment, totalSegments);
        }
        PartitionKey first = PartitionKey.of(startKey.get(source.key().hashName()));
        return flatten(partitions.tailMap(first, true), first, indexPosition(source, startKey), segment,
                totalSegments);
    }

    /**
     * Iterators {@code from} to {@code to - 1}, one after the other, each made only when reached; a part
     * that is null ends the concatenation early.
     */
    public static Iterator<Map<String, AttributeValue>> concat(int from, int to,
                                                              IntFunction<Iterator<Map<String, AttributeValue>>> parts) {
        return new Concatenation(from, to, parts);
    }

    /** Where an index entry with the start key's index sort key and table key sits among the entries. */
    private static IndexEntryKey indexPosition(Source source, Map<String, AttributeValue> startKey) {
        KeySchema tableKey = source.table().definition().key();
        PrimaryKey tablePk = PrimaryKey.of(startKey.get(tableKey.hashName()),
                tableKey.hasRange() ? startKey.get(tableKey.rangeName()) : TableData.NO_RANGE);
        AttributeValue indexRange = source.key().hasRange()
                ? startKey.get(source.key().rangeName()) : TableData.NO_RANGE;
        return new IndexEntryKey(null, indexRange, tablePk, 0);
    }

    /** Narrows a sorted partition to a sort key condition; BEGINS_WITH is bounded below and filtered. */
    private static <K> NavigableMap<K, StoredItem> bounded(
            NavigableMap<K, StoredItem> map, RangeCondition range,
            Function<AttributeValue, K> low, Function<AttributeValue, K> high) {
        List<AttributeValue> v = range.values();
        return switch (range.operator()) {
            case "EQ" -> map.subMap(low.apply(v.get(0)), true, high.apply(v.get(0)), true);
            case "LT" -> map.headMap(low.apply(v.get(0)), false);
            case "LE" -> map.headMap(high.apply(v.get(0)), true);
            case "GT" -> map.tailMap(high.apply(v.get(0)), false);
            case "GE" -> map.tailMap(low.apply(v.get(0)), true);
            case "BETWEEN" -> map.subMap(low.apply(v.get(0)), true, high.apply(v.get(1)), true);
            case "BEGINS_WITH" -> map.tailMap(low.apply(v.get(0)), true);
            default -> throw new IllegalStateException("not a sort key operator: " + range.operator());
        };
    }

    /**
     * The items whose sort key begins with the prefix. They are contiguous in key order, so the iterator
     * skips up to the first one and stops after the last, in either direction.
     */
    private static Iterator<Map<String, AttributeValue>> prefixed(Iterator<Map<String, AttributeValue>> it,
                                                                 RangeCondition range, String rangeName) {
        return new Iterator<>() {
            private boolean inside;
            private Map<String, AttributeValue> next = advance();

            private Map<String, AttributeValue> advance() {
                while (it.hasNext()) {
                    Map<String, AttributeValue> item = it.next();
                    AttributeValue value = item.get(rangeName);
                    if (value != null && range.test(value)) {
                        inside = true;
                        return item;
                    }
                    if (inside) {
                        return null;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Map<String, AttributeValue> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Map<String, AttributeValue> current = next;
                next = advance();
                return current;
            }
        };
    }

    /** The items of consecutive partitions of one segment; in {@code first} only those after {@code firstAfter}. */
    private static <K> Iterator<Map<String, AttributeValue>> flatten(
            NavigableMap<PartitionKey, ? extends NavigableMap<K, StoredItem>> partitions,
            PartitionKey first, K firstAfter, int segment, int totalSegments) {
        Iterator<? extends Map.Entry<PartitionKey, ? extends NavigableMap<K, StoredItem>>> entries =
                partitions.entrySet().iterator();
        return new Concatenation(0, Integer.MAX_VALUE, i -> {
            while (entries.hasNext()) {
                var entry = entries.next();
                if (totalSegments > 1 && entry.getKey().segment(totalSegments) != segment) {
                    continue;
                }
                NavigableMap<K, StoredItem> items = entry.getValue();
                if (first != null && entry.getKey().equals(first)) {
                    items = items.tailMap(firstAfter, false);
                }
                return decoded(items.values().iterator());
            }
            return null;
        });
    }

    /** The items behind stored handles, decoded one at a time; an item deleted meanwhile is skipped. */
    private static Iterator<Map<String, AttributeValue>> decoded(Iterator<StoredItem> handles) {
        return new Iterator<>() {
            private Map<String, AttributeValue> next;

            @Override
            public boolean hasNext() {
                while (next == null && handles.hasNext()) {
                    next = handles.next().item();
                }
                return next != null;
            }

            @Override
            public Map<String, AttributeValue> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Map<String, AttributeValue> item = next;
                next = null;
                return item;
            }
        };
    }

    private static final class Concatenation implements Iterator<Map<String, AttributeValue>> {
        private final IntFunction<Iterator<Map<String, AttributeValue>>> parts;
        private final int to;
        private int nextPart;
        private Iterator<Map<String, AttributeValue>> current = Collections.emptyIterator();

        Concatenation(int from, int to, IntFunction<Iterator<Map<String, AttributeValue>>> parts) {
            this.parts = parts;
            this.nextPart = from;
            this.to = to;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                if (nextPart >= to) {
                    return false;
                }
                Iterator<Map<String, AttributeValue>> part = parts.apply(nextPart++);
                if (part == null) {
                    nextPart = to;
                    return false;
                }
                current = part;
            }
            return true;
        }

        @Override
        public Map<String, AttributeValue> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
