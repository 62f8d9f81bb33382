package dev.skyport.dynamo.api;

import dev.skyport.dynamo.expr.Projection;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.AttributeValues;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.model.ItemSize;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.dynamo.storage.PrimaryKey;
import dev.skyport.dynamo.storage.TableData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BatchGetItem and BatchWriteItem. Both first validate the whole request (every table's entry, every
 * key and item, the totals) without touching tables, then look each table up and check keys against
 * its schema, and only then read or write; a batch write is not atomic, each item write is.
 */
final class BatchOperations {

    /** Keys a BatchGetItem call may ask for, across all tables. */
    static final int MAX_GET_KEYS = 100;
    /** Put and delete requests a BatchWriteItem call may carry, across all tables. */
    static final int MAX_WRITE_REQUESTS = 25;
    /** BatchGetItem answers at most this many bytes of items; the rest comes back as UnprocessedKeys. */
    static final long MAX_GET_RESPONSE_BYTES = 16L * 1024 * 1024;

    private final Engine engine;

    private BatchOperations(Engine engine) {
        this.engine = engine;
    }

    static void register(Engine engine, Map<String, Operation> operations) {
        BatchOperations ops = new BatchOperations(engine);
        operations.put(DynamoApi.DYNAMODB + ".BatchGetItem", (r, c) -> ops.getItems(r));
        operations.put(DynamoApi.DYNAMODB + ".BatchWriteItem", ops::writeItems);
    }

    // ---------------------------------------------------------------- BatchGetItem

    /** One table's entry of a BatchGetItem request, validated. */
    private record GetEntry(String tableName, Request keysAndAttributes, Projection projection,
                            List<Map<String, AttributeValue>> keys) {
    }

    Object getItems(Request request) {
        Map<String, Object> requestItems = request.map("RequestItems");
        if (requestItems == null || requestItems.isEmpty()) {
            throw DynamoException.validation("The requestItems parameter is required for BatchGetItem");
        }
        List<GetEntry> entries = new ArrayList<>(requestItems.size());
        int keyCount = 0;
        boolean anyExpression = false;
        boolean anyAttributesToGet = false;
        for (Map.Entry<String, Object> e : requestItems.entrySet()) {
            @SuppressWarnings("unchecked")
            Request entry = new Request((Map<String, Object>) e.getValue());
            RequestExpressions.checkParams(entry, List.of("ProjectionExpression"), List.of("AttributesToGet"));
            anyExpression |= entry.has("ProjectionExpression");
            anyAttributesToGet |= entry.has("AttributesToGet");
            if (anyExpression && anyAttributesToGet) {
                // Each table's entry may be consistent on its own; the request as a whole may not mix.
                throw DynamoException.validation("Can not use both expression and non-expression parameters in the "
                        + "same request: Non-expression parameters: {AttributesToGet} Expression parameters: "
                        + "{ProjectionExpression}");
            }
            Projection attributesToGet = ItemOperations.attributesToGet(entry);
            RequestExpressions expressions = RequestExpressions.parse(entry);
            Projection projection = expressions.projection() != null ? expressions.projection() : attributesToGet;
            List<Object> rawKeys = entry.list("Keys");
            List<Map<String, AttributeValue>> keys = new ArrayList<>(rawKeys.size());
            Set<Map<String, AttributeValue>> seen = new HashSet<>();
            for (Object rawKey : rawKeys) {
                Map<String, AttributeValue> key = AttributeValues.item(rawKey);
                if (!seen.add(key)) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
                if (++keyCount > MAX_GET_KEYS) {
                    throw DynamoException.validation("Too many items requested for the BatchGetItem call");
                }
            }
            entries.add(new GetEntry(e.getKey(), entry, projection, keys));
        }

        List<TableData> tables = new ArrayList<>(entries.size());
        List<List<PrimaryKey>> primaryKeys = new ArrayList<>(entries.size());
        for (GetEntry entry : entries) {
            TableData table = engine.table(entry.tableName());
            List<PrimaryKey> resolved = new ArrayList<>(entry.keys().size());
            for (Map<String, AttributeValue> key : entry.keys()) {
                resolved.add(Items.key(table, key));
            }
            tables.add(table);
            primaryKeys.add(resolved);
        }

        Map<String, Object> responses = new LinkedHashMap<>();
        Map<String, Object> unprocessed = new LinkedHashMap<>();
        List<Object> consumed = new ArrayList<>();
        String capacityMode = Capacity.wanted(request) ? request.string("ReturnConsumedCapacity") : null;
        long responseBytes = 0;
        for (int t = 0; t < entries.size(); t++) {
            GetEntry entry = entries.get(t);
            TableData table = tables.get(t);
            boolean consistent = entry.keysAndAttributes().bool("ConsistentRead");
            List<Object> found = new ArrayList<>();
            List<Object> leftOver = new ArrayList<>();
            double units = 0;
            for (int k = 0; k < entry.keys().size(); k++) {
                Map<String, AttributeValue> item = table.get(primaryKeys.get(t).get(k));
                if (item == null) {
                    units += Capacity.readUnits(0, consistent);
                    continue;
                }
                Map<String, AttributeValue> out = entry.projection() == null ? item : entry.projection().apply(item);
                long size = ItemSize.of(out);
                if (responseBytes + size > MAX_GET_RESPONSE_BYTES) {
                    leftOver.add(entry.keys().get(k));
                    continue;
                }
                responseBytes += size;
                units += Capacity.readUnits(ItemSize.of(item), consistent);
                found.add(out);
            }
            responses.put(table.definition().name(), found);
            if (!leftOver.isEmpty()) {
                Map<String, Object> keysAndAttributes = new LinkedHashMap<>(entry.keysAndAttributes().tree());
                keysAndAttributes.values().removeIf(v -> v == null);
                keysAndAttributes.put("Keys", leftOver);
                unprocessed.put(table.definition().name(), keysAndAttributes);
            }
            if (capacityMode != null) {
                consumed.add(Capacity.consumed(capacityMode, table.definition().name(), units));
            }
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Responses", responses);
        response.put("UnprocessedKeys", unprocessed);
        if (capacityMode != null) {
            response.put("ConsumedCapacity", consumed);
        }
        return response;
    }

    // ---------------------------------------------------------------- BatchWriteItem

    /** One put (item set) or delete (key set) of a BatchWriteItem request. */
    private record WriteRequest(Map<String, AttributeValue> item, Map<String, AttributeValue> key) {
        boolean isPut() {
            return item != null;
        }
    }

    Object writeItems(Request request, RequestContext context) {
        Map<String, Object> requestItems = request.map("RequestItems");
        if (requestItems == null || requestItems.isEmpty()) {
            throw DynamoException.validation("The requestItems parameter is required for BatchWriteItem");
        }
        int total = 0;
        for (Object list : requestItems.values()) {
            total += ((List<?>) list).size();
        }
        if (total > MAX_WRITE_REQUESTS) {
            throw DynamoException.validation("Too many items requested for the BatchWriteItem call");
        }

        Map<String, List<WriteRequest>> byTable = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : requestItems.entrySet()) {
            List<?> raw = (List<?>) e.getValue();
            for (Object r : raw) {
                Request writeRequest = new Request(asMap(r));
                if (writeRequest.has("PutRequest") == writeRequest.has("DeleteRequest")) {
                    throw DynamoException.validation("Supplied AttributeValue has more than one datatypes set, "
                            + "must contain exactly one of the supported datatypes");
                }
            }
            List<WriteRequest> writes = new ArrayList<>(raw.size());
            for (Object r : raw) {
                Request writeRequest = new Request(asMap(r));
                if (writeRequest.has("PutRequest")) {
                    Map<String, AttributeValue> item = writeRequest.nested("PutRequest").item("Item");
                    Items.checkSize(item, "Item size has exceeded the maximum allowed size");
                    writes.add(new WriteRequest(item, null));
                } else {
                    writes.add(new WriteRequest(null, writeRequest.nested("DeleteRequest").item("Key")));
                }
            }
            byTable.put(e.getKey(), writes);
        }

        List<TableData> tables = new ArrayList<>(byTable.size());
        List<List<PrimaryKey>> keys = new ArrayList<>(byTable.size());
        for (Map.Entry<String, List<WriteRequest>> e : byTable.entrySet()) {
            TableData table = engine.table(e.getKey());
            Set<PrimaryKey> seen = new HashSet<>();
            List<PrimaryKey> resolved = new ArrayList<>(e.getValue().size());
            for (WriteRequest write : e.getValue()) {
                PrimaryKey key = write.isPut() ? putKey(table, write.item()) : Items.key(table, write.key());
                if (!seen.add(key)) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                resolved.add(key);
            }
            tables.add(table);
            keys.add(resolved);
        }

        Map<String, Object> unprocessed = new LinkedHashMap<>();
        Map<String, Object> collectionMetrics = new LinkedHashMap<>();
        List<Object> consumed = new ArrayList<>();
        String capacityMode = Capacity.wanted(request) ? request.string("ReturnConsumedCapacity") : null;
        boolean wantMetrics = "SIZE".equals(request.string("ReturnItemCollectionMetrics"));
        int t = 0;
        for (List<WriteRequest> writes : byTable.values()) {
            TableData table = tables.get(t);
            List<PrimaryKey> tableKeys = keys.get(t++);
            double units = 0;
            List<Object> leftOver = new ArrayList<>();
            Set<AttributeValue> collections = new LinkedHashSet<>();
            for (int i = 0; i < writes.size(); i++) {
                WriteRequest write = writes.get(i);
                Database.WriteResult result;
                try {
                    result = engine.database().write(table, tableKeys.get(i),
                            before -> write.isPut() ? write.item() : null);
                } catch (DynamoException e) {
                    if (!e.type().endsWith("#TransactionConflictException")) {
                        throw e;
                    }
                    // The item is part of a transaction in flight: the caller retries it later.
                    leftOver.add(write.isPut() ? Map.of("PutRequest", Map.of("Item", write.item()))
                            : Map.of("DeleteRequest", Map.of("Key", write.key())));
                    continue;
                }
                context.awaitDurable(result.durable());
                units += Capacity.writeUnits(result.before(), write.isPut() ? write.item() : null);
                collections.add(tableKeys.get(i).hash());
            }
            String name = table.definition().name();
            if (!leftOver.isEmpty()) {
                unprocessed.put(name, leftOver);
            }
            if (capacityMode != null) {
                consumed.add(Capacity.consumed(capacityMode, name, units));
            }
            if (wantMetrics && !table.definition().localIndexes().isEmpty() && !collections.isEmpty()) {
                collectionMetrics.put(name, itemCollectionMetrics(table, collections));
            }
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("UnprocessedItems", unprocessed);
        if (!collectionMetrics.isEmpty()) {
            response.put("ItemCollectionMetrics", collectionMetrics);
        }
        if (capacityMode != null) {
            response.put("ConsumedCapacity", consumed);
        }
        return response;
    }

    /** A put's key; a missing or mistyped key attribute reads as a key that does not match the schema. */
    private static PrimaryKey putKey(TableData table, Map<String, AttributeValue> item) {
        try {
            return Items.item(table, item);
        } catch (DynamoException e) {
            String message = e.getMessage();
            if (message != null && (message.startsWith("One or more parameter values were invalid: Missing the key ")
                    || message.startsWith("One or more parameter values were invalid: Type mismatch for key "))) {
                throw DynamoException.validation("The provided key element does not match the schema");
            }
            throw e;
        }
    }

    /** ItemCollectionMetrics entries, one per item collection (hash key value) a batch touched. */
    static List<Object> itemCollectionMetrics(TableData table, Set<AttributeValue> hashValues) {
        String hashName = table.definition().key().hashName();
        List<Object> metrics = new ArrayList<>(hashValues.size());
        for (AttributeValue hash : hashValues) {
            metrics.add(Map.of(
                    "ItemCollectionKey", Map.of(hashName, hash),
                    "SizeEstimateRangeGB", List.of(0.0, 1.0)));
        }
        return metrics;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object tree) {
        return (Map<String, Object>) tree;
    }
}
