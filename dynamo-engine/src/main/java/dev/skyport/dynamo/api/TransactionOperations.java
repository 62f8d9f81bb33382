package dev.skyport.dynamo.api;

import dev.skyport.dynamo.expr.Condition;
import dev.skyport.dynamo.expr.Projection;
import dev.skyport.dynamo.expr.Update;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.AttributeValues;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.model.ItemSize;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.dynamo.storage.PrimaryKey;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * TransactWriteItems and TransactGetItems.
 *
 * <p>Checks come in two kinds, as on the service. What can be judged from the request (expressions,
 * attribute values, tables, empty key values, a Put's size, one item targeted twice, the 4 MB total)
 * fails the whole call with its own exception. What depends on an action's item or on the item a
 * key addresses (conditions, key types, an update's outcome) becomes that action's cancellation
 * reason, and the call fails with TransactionCanceledException listing a reason for every action.
 *
 * <p>Isolation: a transaction marks all its items in the {@link Database} (cancelling with
 * TransactionConflict when another transaction holds one), evaluates every action against the
 * current items (single-item writes to marked items are refused meanwhile), commits all changes as
 * one journal record, then unmarks. TransactGetItems reads under marks as well, so it sees no
 * transaction half applied.
 */
final class TransactionOperations {

    /** The service's limit on the aggregate size of a transaction's items. */
    static final long MAX_AGGREGATE_BYTES = 4L * 1024 * 1024;
    /** How long TransactGetItems waits for another transaction's marks to clear before cancelling. */
    static final long GET_MARK_PATIENCE_NANOS = 5_000_000;

    static final String MULTIPLE_OPERATIONS = "Transaction request cannot include multiple operations on one item";
    static final String AGGREGATE_SIZE = "Collection size of items exceeded, which can also be caused by the "
            + "aggregate size of the items in the transaction exceeding the 4MB limit";
    static final String NO_ACTION = "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request";
    static final String SEVERAL_ACTIONS = "TransactItems can only contain one of Check, Put, Update or Delete";
    static final String KEY_MISMATCH = "The provided key element does not match the schema";

    private final Engine engine;
    private final TransactTokens tokens;

    private TransactionOperations(Engine engine) {
        this.engine = engine;
        this.tokens = new TransactTokens(engine.clock());
    }

    static void register(Engine engine, Map<String, Operation> operations) {
        TransactionOperations ops = new TransactionOperations(engine);
        operations.put(DynamoApi.DYNAMODB + ".TransactWriteItems", ops::writeItems);
        operations.put(DynamoApi.DYNAMODB + ".TransactGetItems", (r, c) -> ops.getItems(r));
    }

    // ---------------------------------------------------------------- TransactWriteItems

    private enum Kind {
        CONDITION_CHECK("ConditionCheck"), PUT("Put"), DELETE("Delete"), UPDATE("Update");

        final String member;

        Kind(String member) {
            this.member = member;
        }
    }

    /**
     * One validated write action. {@code primaryKey} is null when the key does not fit the table's
     * schema; {@code invalidKey} then holds the action's ValidationError message.
     */
    private record WriteAction(Kind kind, Request request, TableData table, Map<String, AttributeValue> key,
                               Map<String, AttributeValue> item, PrimaryKey primaryKey, String invalidKey,
                               Condition condition, Update update, long requestBytes) {

        Database.ItemRef ref() {
            return primaryKey == null ? null : new Database.ItemRef(table.definition().name(), primaryKey);
        }
    }

    /** What a committed transaction reports: write units, a replay's read units, collection metrics. */
    private record Committed(Map<String, Double> writeUnits, Map<String, Double> replayReadUnits,
                             Map<String, Object> collectionMetrics, CompletableFuture<Void> durable) {
    }

    Object writeItems(Request request, RequestContext context) {
        List<Object> transactItems = request.list("TransactItems");
        List<WriteAction> actions = new ArrayList<>(transactItems.size());
        Set<Database.ItemRef> targets = new HashSet<>();
        long aggregate = 0;
        for (Object transactItem : transactItems) {
            WriteAction action = parseWrite(new Request(asMap(transactItem)));
            Database.ItemRef ref = action.ref();
            if (ref != null && !targets.add(ref)) {
                throw DynamoException.validation(MULTIPLE_OPERATIONS);
            }
            aggregate += action.requestBytes();
            actions.add(action);
        }
        if (aggregate > MAX_AGGREGATE_BYTES) {
            throw DynamoException.validation(AGGREGATE_SIZE);
        }

        String token = request.string("ClientRequestToken");
        if (token == null) {
            return writeResponse(request, execute(actions, context));
        }
        TransactTokens.Outcome previous = tokens.claim(token, transactItems);
        if (previous != null) {
            context.awaitDurable(previous.durable());
            return replayResponse(request, previous);
        }
        Committed committed;
        try {
            committed = execute(actions, context);
        } catch (RuntimeException e) {
            tokens.release(token);
            throw e;
        }
        tokens.complete(token, transactItems, committed.replayReadUnits(), committed.collectionMetrics(),
                committed.durable());
        return writeResponse(request, committed);
    }

    private WriteAction parseWrite(Request transactItem) {
        Kind kind = null;
        int present = 0;
        for (Kind k : Kind.values()) {
            if (transactItem.has(k.member)) {
                kind = k;
                present++;
            }
        }
        if (present == 0) {
            throw DynamoException.validation(NO_ACTION);
        }
        if (present > 1) {
            throw DynamoException.validation(SEVERAL_ACTIONS);
        }
        Request action = transactItem.nested(kind.member);
        switch (kind) {
            case PUT -> {
                RequestExpressions.checkParams(action, List.of("ConditionExpression"), List.of());
                Map<String, AttributeValue> item = action.item("Item");
                Items.checkSize(item, "Item size has exceeded the maximum allowed size");
                RequestExpressions expressions = RequestExpressions.parse(action);
                TableData table = engine.table(action.string("TableName"));
                PrimaryKey primaryKey = null;
                String invalid = null;
                try {
                    primaryKey = Items.item(table, item);
                } catch (DynamoException e) {
                    invalid = actionLevel(e);
                }
                return new WriteAction(kind, action, table, null, item, primaryKey, invalid,
                        expressions.condition(), null, ItemSize.of(item));
            }
            case UPDATE -> {
                RequestExpressions.checkParams(action, List.of("UpdateExpression", "ConditionExpression"), List.of());
                Map<String, AttributeValue> key = action.item("Key");
                RequestExpressions expressions = RequestExpressions.parse(action);
                TableData table = engine.table(action.string("TableName"));
                KeyCheck check = checkKey(table, key);
                Update update = expressions.update();
                if (update != null) {
                    for (String attribute : update.topLevelAttributes()) {
                        if (table.definition().key().isKeyAttribute(attribute)) {
                            throw DynamoException.validation("One or more parameter values were invalid: Cannot update "
                                    + "attribute " + attribute + ". This attribute is part of the key");
                        }
                    }
                }
                return new WriteAction(kind, action, table, key, null, check.primaryKey(), check.invalid(),
                        expressions.condition(), update, ItemSize.of(key) + valuesSize(action));
            }
            default -> {
                RequestExpressions.checkParams(action, List.of("ConditionExpression"), List.of());
                Map<String, AttributeValue> key = action.item("Key");
                RequestExpressions expressions = RequestExpressions.parse(action);
                TableData table = engine.table(action.string("TableName"));
                KeyCheck check = checkKey(table, key);
                return new WriteAction(kind, action, table, key, null, check.primaryKey(), check.invalid(),
                        expressions.condition(), null, ItemSize.of(key));
            }
        }
    }

    private Committed execute(List<WriteAction> actions, RequestContext context) {
        Database database = engine.database();
        List<Database.ItemRef> refs = new ArrayList<>(actions.size());
        for (WriteAction action : actions) {
            if (action.ref() != null) {
                refs.add(action.ref());
            }
        }
        Object transaction = new Object();
        int conflict = database.mark(refs, transaction);
        if (conflict >= 0) {
            TransactCancellation cancellation = new TransactCancellation(actions.size());
            for (int i = 0; i < actions.size(); i++) {
                if (refs.get(conflict).equals(actions.get(i).ref())) {
                    cancellation.conflict(i);
                }
            }
            throw cancellation.exception();
        }
        try {
            TransactCancellation cancellation = new TransactCancellation(actions.size());
            List<Database.Change> changes = new ArrayList<>(actions.size());
            Map<String, Double> writeUnits = new LinkedHashMap<>();
            Map<String, Double> readUnits = new LinkedHashMap<>();
            Map<String, Set<AttributeValue>> collections = new LinkedHashMap<>();
            for (int i = 0; i < actions.size(); i++) {
                WriteAction action = actions.get(i);
                if (action.invalidKey() != null) {
                    cancellation.invalid(i, action.invalidKey());
                    continue;
                }
                Map<String, AttributeValue> before = action.table().get(action.primaryKey());
                Map<String, AttributeValue> after;
                try {
                    ItemOperations.check(action.condition(), before, action.request());
                    after = switch (action.kind()) {
                        case PUT -> action.item();
                        case DELETE -> null;
                        case CONDITION_CHECK -> before;
                        case UPDATE -> updated(action, before);
                    };
                } catch (DynamoException e) {
                    if (e.type().endsWith("#ConditionalCheckFailedException")) {
                        cancellation.conditionFailed(i, e.extra().get("Item"));
                    } else {
                        cancellation.invalid(i, actionLevel(e));
                    }
                    continue;
                }
                String tableName = action.table().definition().name();
                boolean writes = action.kind() != Kind.CONDITION_CHECK;
                writeUnits.merge(tableName, 2 * Capacity.writeUnits(before, writes ? after : null), Double::sum);
                long readSize = Math.max(before == null ? 0 : ItemSize.of(before), after == null ? 0 : ItemSize.of(after));
                readUnits.merge(tableName, 2 * Capacity.readUnits(readSize, true), Double::sum);
                if (writes) {
                    changes.add(new Database.Change(action.table(), action.primaryKey(), after));
                    if (!action.table().definition().localIndexes().isEmpty()) {
                        collections.computeIfAbsent(tableName, n -> new LinkedHashSet<>()).add(action.primaryKey().hash());
                    }
                }
            }
            if (cancellation.failed()) {
                throw cancellation.exception();
            }
            CompletableFuture<Void> durable = database.commit(changes);
            context.awaitDurable(durable);
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (Map.Entry<String, Set<AttributeValue>> e : collections.entrySet()) {
                metrics.put(e.getKey(), BatchOperations.itemCollectionMetrics(engine.table(e.getKey()), e.getValue()));
            }
            return new Committed(writeUnits, readUnits, metrics, durable);
        } finally {
            database.unmark(refs, transaction);
        }
    }

    /** The item an Update action leaves, checked as the service checks it once the item is known. */
    private static Map<String, AttributeValue> updated(WriteAction action, Map<String, AttributeValue> before) {
        Map<String, AttributeValue> start = before != null ? before : action.key();
        Map<String, AttributeValue> after = action.update() == null ? start : action.update().apply(start);
        TableDefinition definition = action.table().definition();
        Items.checkUpdated(definition, after);
        return after;
    }

    private Map<String, Object> writeResponse(Request request, Committed committed) {
        Map<String, Object> response = new LinkedHashMap<>();
        if (Capacity.wanted(request)) {
            response.put("ConsumedCapacity", transactionalCapacity(request.string("ReturnConsumedCapacity"),
                    committed.writeUnits(), "WriteCapacityUnits"));
        }
        if ("SIZE".equals(request.string("ReturnItemCollectionMetrics")) && !committed.collectionMetrics().isEmpty()) {
            response.put("ItemCollectionMetrics", committed.collectionMetrics());
        }
        return response;
    }

    /** A same-token replay: nothing written again; capacity is what reading the items costs. */
    private static Map<String, Object> replayResponse(Request request, TransactTokens.Outcome previous) {
        Map<String, Object> response = new LinkedHashMap<>();
        if (Capacity.wanted(request)) {
            response.put("ConsumedCapacity", transactionalCapacity(request.string("ReturnConsumedCapacity"),
                    previous.replayReadUnits(), "ReadCapacityUnits"));
        }
        if ("SIZE".equals(request.string("ReturnItemCollectionMetrics")) && previous.collectionMetrics() != null
                && !previous.collectionMetrics().isEmpty()) {
            response.put("ItemCollectionMetrics", previous.collectionMetrics());
        }
        return response;
    }

    // ---------------------------------------------------------------- TransactGetItems

    private record GetAction(TableData table, PrimaryKey primaryKey, String invalidKey, Projection projection) {

        Database.ItemRef ref() {
            return primaryKey == null ? null : new Database.ItemRef(table.definition().name(), primaryKey);
        }
    }

    Object getItems(Request request) {
        List<Object> transactItems = request.list("TransactItems");
        List<GetAction> actions = new ArrayList<>(transactItems.size());
        Set<Database.ItemRef> targets = new HashSet<>();
        for (int i = 0; i < transactItems.size(); i++) {
            Request get = new Request(asMap(transactItems.get(i))).nested("Get");
            if (get == null) {
                throw DynamoException.validation("1 validation error detected: Value null at 'transactItems."
                        + (i + 1) + ".member.get' failed to satisfy constraint: Member must not be null");
            }
            RequestExpressions.checkParams(get, List.of("ProjectionExpression"), List.of());
            Map<String, AttributeValue> key = get.item("Key");
            RequestExpressions expressions = RequestExpressions.parse(get);
            TableData table = engine.table(get.string("TableName"));
            KeyCheck check = checkKey(table, key);
            GetAction action = new GetAction(table, check.primaryKey(), check.invalid(), expressions.projection());
            Database.ItemRef ref = action.ref();
            if (ref != null && !targets.add(ref)) {
                throw DynamoException.validation(MULTIPLE_OPERATIONS);
            }
            actions.add(action);
        }
        TransactCancellation invalid = new TransactCancellation(actions.size());
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i).invalidKey() != null) {
                invalid.invalid(i, actions.get(i).invalidKey());
            }
        }
        if (invalid.failed()) {
            throw invalid.exception();
        }

        List<Database.ItemRef> refs = new ArrayList<>(actions.size());
        for (GetAction action : actions) {
            refs.add(action.ref());
        }
        Database database = engine.database();
        Object transaction = new Object();
        int conflict = markPatiently(database, refs, transaction);
        if (conflict >= 0) {
            TransactCancellation cancellation = new TransactCancellation(actions.size());
            cancellation.conflict(conflict);
            throw cancellation.exception();
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>(actions.size());
        try {
            for (GetAction action : actions) {
                items.add(action.table().get(action.primaryKey()));
            }
        } finally {
            database.unmark(refs, transaction);
        }

        long aggregate = 0;
        List<Object> responses = new ArrayList<>(actions.size());
        Map<String, Double> readUnits = new LinkedHashMap<>();
        for (int i = 0; i < actions.size(); i++) {
            GetAction action = actions.get(i);
            Map<String, AttributeValue> item = items.get(i);
            long size = item == null ? 0 : ItemSize.of(item);
            aggregate += size;
            readUnits.merge(action.table().definition().name(), 2 * Capacity.readUnits(size, true), Double::sum);
            if (item == null) {
                responses.add(Map.of());
            } else {
                responses.add(Map.of("Item", action.projection() == null ? item : action.projection().apply(item)));
            }
        }
        if (aggregate > MAX_AGGREGATE_BYTES) {
            throw DynamoException.validation(AGGREGATE_SIZE);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        if (Capacity.wanted(request)) {
            response.put("ConsumedCapacity", transactionalCapacity(request.string("ReturnConsumedCapacity"),
                    readUnits, "ReadCapacityUnits"));
        }
        response.put("Responses", responses);
        return response;
    }

    /**
     * Marks for a read. Other transactions hold their marks only for the moment they take to check
     * and commit, so a reader waits that long rather than failing against another reader.
     */
    private static int markPatiently(Database database, List<Database.ItemRef> refs, Object transaction) {
        long deadline = System.nanoTime() + GET_MARK_PATIENCE_NANOS;
        while (true) {
            int conflict = database.mark(refs, transaction);
            if (conflict < 0 || System.nanoTime() - deadline > 0) {
                return conflict;
            }
            Thread.yield();
        }
    }

    // ---------------------------------------------------------------- shared

    /** A key checked against its table: where the item lives, or the action's ValidationError message. */
    private record KeyCheck(PrimaryKey primaryKey, String invalid) {
    }

    /**
     * Empty key values fail the request; a key that does not match the schema (attributes, types)
     * is the action's ValidationError.
     */
    private static KeyCheck checkKey(TableData table, Map<String, AttributeValue> key) {
        try {
            return new KeyCheck(Items.key(table, key), null);
        } catch (DynamoException e) {
            return new KeyCheck(null, actionLevel(e));
        }
    }

    /**
     * Returns the message of a validation error that belongs to one action (its cancellation reason);
     * rethrows errors that fail the whole request: empty key values, key sizes, anything not a
     * ValidationException.
     */
    private static String actionLevel(DynamoException e) {
        String message = e.getMessage();
        if (!e.type().endsWith("#ValidationException") || message == null
                || message.contains("cannot contain an empty")
                || message.contains("Size of hashkey has exceeded")
                || message.contains("Aggregated size of all range keys has exceeded")) {
            throw e;
        }
        return message;
    }

    /** Bytes an Update contributes to the transaction's aggregate size: its key and its values. */
    private static long valuesSize(Request action) {
        Map<String, Object> values = action.map("ExpressionAttributeValues");
        if (values == null) {
            return 0;
        }
        long size = 0;
        for (Object value : values.values()) {
            size += ItemSize.of(AttributeValues.value(value));
        }
        return size;
    }

    /**
     * ConsumedCapacity of a transaction, one entry per table in the order the request names them;
     * INDEXES details the table's units as read or write units.
     */
    static List<Object> transactionalCapacity(String mode, Map<String, Double> units, String unitsName) {
        List<Object> consumed = new ArrayList<>(units.size());
        for (Map.Entry<String, Double> e : units.entrySet()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("TableName", e.getKey());
            entry.put("CapacityUnits", e.getValue());
            if ("INDEXES".equals(mode)) {
                Map<String, Object> table = new LinkedHashMap<>();
                table.put("CapacityUnits", e.getValue());
                table.put(unitsName, e.getValue());
                entry.put("Table", table);
            }
            consumed.add(entry);
        }
        return consumed;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object tree) {
        return (Map<String, Object>) tree;
    }
}
