package dev.skyport.dynamo.api;

import dev.skyport.dynamo.expr.Condition;
import dev.skyport.dynamo.expr.KeyCondition;
import dev.skyport.dynamo.expr.KeyConditions;
import dev.skyport.dynamo.expr.Legacy;
import dev.skyport.dynamo.expr.Projection;
import dev.skyport.dynamo.expr.RangeCondition;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.model.ItemSize;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.PartitionKey;
import dev.skyport.dynamo.storage.PrimaryKey;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableData.IndexEntryKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** Query and Scan over tables and secondary indexes, with the service's paging (Limit, 1 MB pages). */
final class QueryScan {

    private static final long PAGE_BYTES = 1024 * 1024;

    private final Engine engine;

    QueryScan(Engine engine) {
        this.engine = engine;
    }

    /** What a Query or Scan reads from: the table itself or one of its indexes. */
    private record Source(TableData table, IndexDefinition index, KeySchema key) {

        boolean local() {
            return index != null && !index.global();
        }

        /** The attributes a LastEvaluatedKey carries: the table's key plus the index's. */
        Map<String, AttributeValue> lastKey(Map<String, AttributeValue> item) {
            Map<String, AttributeValue> last = new LinkedHashMap<>(table.definition().key().keyOf(item));
            if (index != null) {
                last.putAll(key.keyOf(item));
            }
            return last;
        }
    }

    Object query(Request request) {
        RequestExpressions.checkParams(request,
                List.of("ProjectionExpression", "FilterExpression", "KeyConditionExpression"),
                List.of("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"));
        Condition legacyFilter = request.has("QueryFilter")
                ? Legacy.filter(request.map("QueryFilter"), request.string("ConditionalOperator"), "QueryFilter")
                : null;
        Projection attributesToGet = ItemOperations.attributesToGet(request);
        Map<String, AttributeValue> startKey = startKey(request);
        if (!request.has("KeyConditions") && !request.has("KeyConditionExpression")) {
            throw DynamoException.validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        RequestExpressions expressions = RequestExpressions.parse(request);
        // The service reports malformed key conditions before it looks the table up.
        List<RangeCondition> comparisons = expressions.keyCondition() != null
                ? KeyConditions.comparisons(expressions.keyCondition())
                : Legacy.keyConditionComparisons(request.map("KeyConditions"));
        Source source = source(request);
        KeyCondition keyCondition = KeyConditions.forSchema(comparisons, source.key().hashName(),
                source.key().rangeName());
        checkKeyTypes(source.key(), keyCondition);
        checkStartKey(source, startKey);
        if (startKey != null && !keyCondition.hashValue().equals(startKey.get(source.key().hashName()))) {
            throw DynamoException.validation(
                    "The provided starting key is outside query boundaries based on provided conditions");
        }
        Condition filter = expressions.filter() != null ? expressions.filter() : legacyFilter;
        checkFilterAvoidsKeys(filter, source.key(), expressions.filter() != null ? "Filter Expression" : "QueryFilter");
        Projection projection = expressions.projection() != null ? expressions.projection() : attributesToGet;
        String select = select(request, source, projection);
        boolean forward = !Boolean.FALSE.equals(request.tree().get("ScanIndexForward"));

        Iterator<Map<String, AttributeValue>> items;
        if (source.index() == null) {
            NavigableMap<AttributeValue, Map<String, AttributeValue>> partition =
                    source.table().partition(keyCondition.hashValue());
            items = partition == null ? java.util.Collections.emptyIterator()
                    : slice(partition, keyCondition.range(), startKey == null ? null
                    : startKey.getOrDefault(source.key().rangeName(), TableData.NO_RANGE), forward);
        } else {
            TableData.IndexData index = source.table().index(source.index().name());
            NavigableMap<IndexEntryKey, Map<String, AttributeValue>> partition =
                    index.partition(keyCondition.hashValue());
            items = partition == null ? java.util.Collections.emptyIterator()
                    : sliceIndex(source, partition, keyCondition.range(), startKey, forward);
        }
        return page(request, source, items, keyCondition.range(), filter, projection, select);
    }

    Object scan(Request request) {
        RequestExpressions.checkParams(request, List.of("ProjectionExpression", "FilterExpression"),
                List.of("AttributesToGet", "ScanFilter", "ConditionalOperator"));
        Projection attributesToGet = ItemOperations.attributesToGet(request);
        Condition legacyFilter = request.has("ScanFilter")
                ? Legacy.filter(request.map("ScanFilter"), request.string("ConditionalOperator"), "ScanFilter")
                : null;
        Map<String, AttributeValue> startKey = startKey(request);
        Integer segment = request.integer("Segment");
        Integer totalSegments = request.integer("TotalSegments");
        if (segment != null && segment != 0 && totalSegments == null) {
            throw DynamoException.validation("The TotalSegments parameter is required but was not present in the "
                    + "request when Segment parameter is present");
        }
        if (totalSegments != null && totalSegments != 0) {
            if (segment == null) {
                throw DynamoException.validation("The Segment parameter is required but was not present in the "
                        + "request when parameter TotalSegments is present");
            }
            if (segment >= totalSegments) {
                throw DynamoException.validation("The Segment parameter is zero-based and must be less than "
                        + "parameter TotalSegments: Segment: " + segment + " is not less than TotalSegments: "
                        + totalSegments);
            }
        }
        RequestExpressions expressions = RequestExpressions.parse(request);
        Source source = source(request);
        Condition filter = expressions.filter() != null ? expressions.filter() : legacyFilter;
        Projection projection = expressions.projection() != null ? expressions.projection() : attributesToGet;
        String select = select(request, source, projection);
        checkStartKey(source, startKey);
        int total = totalSegments == null ? 1 : totalSegments;
        int seg = segment == null ? 0 : segment;
        Iterator<Map<String, AttributeValue>> items = source.index() == null
                ? scanTable(source, startKey, seg, total)
                : scanIndex(source, startKey, seg, total);
        return page(request, source, items, null, filter, projection, select);
    }

    private Source source(Request request) {
        TableData table = engine.table(request.string("TableName"));
        String indexName = request.string("IndexName");
        if (indexName == null) {
            return new Source(table, null, table.definition().key());
        }
        IndexDefinition index = table.definition().index(indexName);
        if (index == null) {
            throw DynamoException.validation("The table does not have the specified index: " + indexName);
        }
        if (index.global() && request.bool("ConsistentRead")) {
            throw DynamoException.validation("Consistent reads are not supported on global secondary indexes");
        }
        return new Source(table, index, index.key());
    }

    /** Converts ExclusiveStartKey; some of the service's messages get a prefix, some do not. */
    private static Map<String, AttributeValue> startKey(Request request) {
        if (!request.has("ExclusiveStartKey")) {
            return null;
        }
        try {
            return request.item("ExclusiveStartKey");
        } catch (DynamoException e) {
            String message = e.getMessage();
            if (!e.type().endsWith("#ValidationException") || message == null
                    || message.matches(".*(contains duplicates|number set|numeric value|significant digits|number with magnitude).*")) {
                throw e;
            }
            throw DynamoException.validation("The provided starting key is invalid: " + message);
        }
    }

    /** A start key must hold exactly the table's and the index's key attributes, typed as the schema says. */
    private static void checkStartKey(Source source, Map<String, AttributeValue> startKey) {
        if (startKey == null) {
            return;
        }
        Map<String, AttributeValue> expected = new LinkedHashMap<>();
        KeySchema tableKey = source.table().definition().key();
        for (KeySchema key : source.index() == null ? List.of(tableKey) : List.of(tableKey, source.key())) {
            expected.put(key.hashName(), startKey.get(key.hashName()));
            if (key.hasRange()) {
                expected.put(key.rangeName(), startKey.get(key.rangeName()));
            }
        }
        if (expected.size() != startKey.size() || expected.containsValue(null)) {
            throw DynamoException.validation("The provided starting key is invalid");
        }
        try {
            Items.key(source.table(), tableKey.keyOf(startKey));
        } catch (DynamoException e) {
            throw DynamoException.validation("The provided starting key is invalid: " + e.getMessage());
        }
        if (source.index() != null) {
            KeySchema indexKey = source.key();
            if (!startKey.get(indexKey.hashName()).type().equals(indexKey.hashType())
                    || (indexKey.hasRange() && !startKey.get(indexKey.rangeName()).type().equals(indexKey.rangeType()))) {
                throw DynamoException.validation("The provided starting key is invalid: "
                        + "The provided key element does not match the schema");
            }
        }
    }

    private static void checkKeyTypes(KeySchema key, KeyCondition condition) {
        if (!condition.hashValue().type().equals(key.hashType())) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
        RangeCondition range = condition.range();
        if (range != null) {
            for (AttributeValue v : range.values()) {
                if (!v.type().equals(key.rangeType())) {
                    throw DynamoException.validation("One or more parameter values were invalid: "
                            + "Condition parameter type does not match schema type");
                }
            }
        }
    }

    private static void checkFilterAvoidsKeys(Condition filter, KeySchema key, String parameter) {
        if (filter == null) {
            return;
        }
        for (String attribute : filter.topLevelAttributes()) {
            if (key.isKeyAttribute(attribute)) {
                throw DynamoException.validation(parameter + " can only contain non-primary key attributes: "
                        + "Primary key attribute: " + attribute);
            }
        }
    }

    private static String select(Request request, Source source, Projection projection) {
        String select = request.string("Select");
        if (select == null) {
            return projection != null ? "SPECIFIC_ATTRIBUTES"
                    : source.index() != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES";
        }
        if (projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            String what = request.has("ProjectionExpression") ? "ProjectionExpression" : "AttributesToGet";
            throw DynamoException.validation("One or more parameter values were invalid: Select type " + select
                    + " is not supported with " + what + "; use SPECIFIC_ATTRIBUTES");
        }
        if (select.equals("ALL_PROJECTED_ATTRIBUTES") && source.index() == null) {
            throw DynamoException.validation("One or more parameter values were invalid: "
                    + "Select type ALL_PROJECTED_ATTRIBUTES is supported only for index queries");
        }
        if (select.equals("ALL_ATTRIBUTES") && source.index() != null && source.index().global()
                && !"ALL".equals(source.index().projectionType())) {
            throw DynamoException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
                    + "is not supported for global secondary index " + source.index().name()
                    + " because its projection type is not ALL");
        }
        return select;
    }

    private Object page(Request request, Source source, Iterator<Map<String, AttributeValue>> items,
                        RangeCondition range, Condition filter, Projection projection, String select) {
        Integer limit = request.integer("Limit");
        boolean fetchBase = source.local() && !"ALL".equals(source.index().projectionType())
                && ("ALL_ATTRIBUTES".equals(select) || projection != null);
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
            if (!"COUNT".equals(select)) {
                out.add(projection == null ? item : projection.apply(item));
            } else {
                out.add(item);
            }
        }
        Map<String, Object> response = new LinkedHashMap<>();
        if (!"COUNT".equals(select)) {
            response.put("Items", out);
        }
        response.put("Count", out.size());
        response.put("ScannedCount", scanned);
        if (more && last != null) {
            response.put("LastEvaluatedKey", source.lastKey(last));
        }
        if (Capacity.wanted(request)) {
            Capacity.add(request, response, source.table().definition().name(),
                    Capacity.readUnits(bytes, request.bool("ConsistentRead")));
        }
        return response;
    }

    /** The items of one table partition that match the range condition, after the start key. */
    private static Iterator<Map<String, AttributeValue>> slice(
            NavigableMap<AttributeValue, Map<String, AttributeValue>> partition, RangeCondition range,
            AttributeValue after, boolean forward) {
        NavigableMap<AttributeValue, Map<String, AttributeValue>> view = partition;
        if (range != null) {
            view = bounded(view, range, v -> v, v -> v);
        }
        if (after != null) {
            view = forward ? view.tailMap(after, false) : view.headMap(after, false);
        }
        if (!forward) {
            view = view.descendingMap();
        }
        Iterator<Map<String, AttributeValue>> it = view.values().iterator();
        return range != null && range.operator().equals("BEGINS_WITH") ? filtered(it, range, range.attributeName()) : it;
    }

    private static Iterator<Map<String, AttributeValue>> sliceIndex(
            Source source, NavigableMap<IndexEntryKey, Map<String, AttributeValue>> partition, RangeCondition range,
            Map<String, AttributeValue> startKey, boolean forward) {
        NavigableMap<IndexEntryKey, Map<String, AttributeValue>> view = partition;
        if (range != null) {
            view = bounded(view, range, IndexEntryKey::lowest, IndexEntryKey::highest);
        }
        if (startKey != null) {
            KeySchema tableKey = source.table().definition().key();
            PrimaryKey tablePk = PrimaryKey.of(startKey.get(tableKey.hashName()),
                    tableKey.hasRange() ? startKey.get(tableKey.rangeName()) : TableData.NO_RANGE);
            AttributeValue indexRange = source.key().hasRange()
                    ? startKey.get(source.key().rangeName()) : TableData.NO_RANGE;
            IndexEntryKey position = new IndexEntryKey(null, indexRange, tablePk, 0);
            view = forward ? view.tailMap(position, false) : view.headMap(position, false);
        }
        if (!forward) {
            view = view.descendingMap();
        }
        Iterator<Map<String, AttributeValue>> it = view.values().iterator();
        String rangeName = source.key().rangeName();
        return range != null && range.operator().equals("BEGINS_WITH") ? filtered(it, range, rangeName) : it;
    }

    /** Narrows a sorted partition to a range condition's bounds; BEGINS_WITH is bounded below and filtered. */
    private static <K> NavigableMap<K, Map<String, AttributeValue>> bounded(
            NavigableMap<K, Map<String, AttributeValue>> map, RangeCondition range,
            java.util.function.Function<AttributeValue, K> low, java.util.function.Function<AttributeValue, K> high) {
        List<AttributeValue> v = range.values();
        return switch (range.operator()) {
            case "EQ" -> map.subMap(low.apply(v.get(0)), true, high.apply(v.get(0)), true);
            case "LT" -> map.headMap(low.apply(v.get(0)), false);
            case "LE" -> map.headMap(high.apply(v.get(0)), true);
            case "GT" -> map.tailMap(high.apply(v.get(0)), false);
            case "GE" -> map.tailMap(low.apply(v.get(0)), true);
            case "BETWEEN" -> map.subMap(low.apply(v.get(0)), true, high.apply(v.get(1)), true);
            case "BEGINS_WITH" -> map.tailMap(low.apply(v.get(0)), true);
            default -> throw new IllegalStateException("range operator " + range.operator());
        };
    }

    /** Keeps the items whose range key begins with the prefix (the slice is bounded only below). */
    private static Iterator<Map<String, AttributeValue>> filtered(Iterator<Map<String, AttributeValue>> it,
                                                                 RangeCondition range, String rangeName) {
        return new Iterator<>() {
            private Map<String, AttributeValue> next = advance();

            private Map<String, AttributeValue> advance() {
                while (it.hasNext()) {
                    Map<String, AttributeValue> item = it.next();
                    AttributeValue value = item.get(rangeName);
                    if (value != null && range.test(value)) {
                        return item;
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
                Map<String, AttributeValue> current = next;
                next = advance();
                return current;
            }
        };
    }

    private static Iterator<Map<String, AttributeValue>> scanTable(Source source, Map<String, AttributeValue> startKey,
                                                                   int segment, int total) {
        var partitions = source.table().partitions();
        KeySchema key = source.key();
        NavigableMap<PartitionKey, ? extends NavigableMap<AttributeValue, Map<String, AttributeValue>>> view = partitions;
        PartitionKey first = null;
        AttributeValue firstAfter = null;
        if (startKey != null) {
            first = PartitionKey.of(startKey.get(key.hashName()));
            firstAfter = key.hasRange() ? startKey.get(key.rangeName()) : TableData.NO_RANGE;
            view = partitions.tailMap(first, true);
        }
        return flatten(view, first, firstAfter, segment, total);
    }

    private static <K> Iterator<Map<String, AttributeValue>> flatten(
            NavigableMap<PartitionKey, ? extends NavigableMap<K, Map<String, AttributeValue>>> view,
            PartitionKey first, K firstAfter, int segment, int total) {
        Iterator<? extends Map.Entry<PartitionKey, ? extends NavigableMap<K, Map<String, AttributeValue>>>> parts =
                view.entrySet().iterator();
        return new Iterator<>() {
            private Iterator<Map<String, AttributeValue>> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (!parts.hasNext()) {
                        return false;
                    }
                    var entry = parts.next();
                    if (total > 1 && entry.getKey().segment(total) != segment) {
                        continue;
                    }
                    NavigableMap<K, Map<String, AttributeValue>> items = entry.getValue();
                    if (first != null && entry.getKey().equals(first)) {
                        items = items.tailMap(firstAfter, false);
                    }
                    current = items.values().iterator();
                }
                return true;
            }

            @Override
            public Map<String, AttributeValue> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private static Iterator<Map<String, AttributeValue>> scanIndex(Source source, Map<String, AttributeValue> startKey,
                                                                   int segment, int total) {
        TableData.IndexData index = source.table().index(source.index().name());
        var partitions = index.partitions();
        NavigableMap<PartitionKey, ? extends NavigableMap<IndexEntryKey, Map<String, AttributeValue>>> view = partitions;
        PartitionKey first = null;
        IndexEntryKey firstAfter = null;
        if (startKey != null) {
            KeySchema tableKey = source.table().definition().key();
            first = PartitionKey.of(startKey.get(source.key().hashName()));
            PrimaryKey tablePk = PrimaryKey.of(startKey.get(tableKey.hashName()),
                    tableKey.hasRange() ? startKey.get(tableKey.rangeName()) : TableData.NO_RANGE);
            AttributeValue indexRange = source.key().hasRange()
                    ? startKey.get(source.key().rangeName()) : TableData.NO_RANGE;
            firstAfter = new IndexEntryKey(null, indexRange, tablePk, 0);
            view = partitions.tailMap(first, true);
        }
        return flatten(view, first, firstAfter, segment, total);
    }
}
