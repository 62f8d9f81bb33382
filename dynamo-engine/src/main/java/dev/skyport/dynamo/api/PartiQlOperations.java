package dev.skyport.dynamo.api;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.AttributeValues;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.model.ItemSize;
import dev.skyport.dynamo.partiql.Executor;
import dev.skyport.dynamo.partiql.ItemRules;
import dev.skyport.dynamo.partiql.NextTokens;
import dev.skyport.dynamo.partiql.Parser;
import dev.skyport.dynamo.partiql.Plan;
import dev.skyport.dynamo.partiql.Planner;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.dynamo.storage.PrimaryKey;
import dev.skyport.dynamo.storage.TableData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: the wire side of PartiQL. Statements
 * are parsed, planned and run by {@code dev.skyport.dynamo.partiql}; this class reads the request
 * members, shapes the responses, charges capacity, and runs batches (each statement on its own, errors
 * reported per statement) and transactions (all statements or none, as TransactWriteItems and
 * TransactGetItems do).
 */
final class PartiQlOperations {

    static final String MIXED_BATCH = "Statements in a BatchExecuteStatement request must be either all reads or all writes";
    static final String MIXED_TRANSACTION =
            "Statements in an ExecuteTransaction request must be either all reads or all writes";
    /** How long a read transaction waits for another transaction's marks to clear, as TransactGetItems does. */
    private static final long READ_MARK_PATIENCE_NANOS = TransactionOperations.GET_MARK_PATIENCE_NANOS;

    /** The item operations' key and item checks, so statements fail exactly as PutItem and UpdateItem do. */
    static final ItemRules RULES = new ItemRules() {
        @Override
        public PrimaryKey key(TableData table, Map<String, AttributeValue> key) {
            return Items.key(table, key);
        }

        @Override
        public PrimaryKey item(TableData table, Map<String, AttributeValue> item) {
            // An INSERT's item is built from literals and parameters, each converted on its own.
            AttributeValues.checkNesting(item);
            Items.checkSize(item, "Item size has exceeded the maximum allowed size");
            return Items.item(table, item);
        }

        @Override
        public void updated(TableData table, Map<String, AttributeValue> item) {
            Items.checkSize(item, "Item size to update has exceeded the maximum allowed size");
            Items.checkIndexKeys(table.definition(), item);
        }
    };

    private final Engine engine;
    private final Planner planner;
    private final Executor executor;
    private final TransactTokens tokens;

    private PartiQlOperations(Engine engine) {
        this.engine = engine;
        this.planner = new Planner(engine::table, RULES);
        this.executor = new Executor(engine.database(), RULES);
        this.tokens = new TransactTokens(engine.clock());
    }

    static void register(Engine engine, Map<String, Operation> operations) {
        PartiQlOperations ops = new PartiQlOperations(engine);
        operations.put(DynamoApi.DYNAMODB + ".ExecuteStatement", ops::executeStatement);
        operations.put(DynamoApi.DYNAMODB + ".BatchExecuteStatement", ops::batchExecuteStatement);
        operations.put(DynamoApi.DYNAMODB + ".ExecuteTransaction", ops::executeTransaction);
    }

    // ---------------------------------------------------------------- ExecuteStatement

    Object executeStatement(Request request, RequestContext context) {
        String text = request.string("Statement");
        Plan plan = planner.plan(Parser.parse(text), parameters(request), Planner.Mode.STATEMENT);
        Map<String, Object> response = new LinkedHashMap<>();
        switch (plan) {
            case Plan.Read read -> {
                boolean consistent = request.bool("ConsistentRead");
                if (consistent && read.index() != null && read.index().global()) {
                    throw DynamoException.validation("Consistent reads are not supported on global secondary indexes");
                }
                String fingerprint = NextTokens.fingerprint(text, request.list("Parameters"));
                Map<String, AttributeValue> start = request.has("NextToken")
                        ? NextTokens.decode(request.string("NextToken"), fingerprint) : null;
                ItemReads.Page page = executor.read(read, start, request.integer("Limit"));
                response.put("Items", page.items());
                if (page.lastKey() != null) {
                    response.put("NextToken", NextTokens.encode(page.lastKey(), fingerprint));
                    response.put("LastEvaluatedKey", page.lastKey());
                }
                Capacity.add(request, response, read.tableName(), Capacity.readUnits(page.bytes(), consistent));
            }
            case Plan.Write write -> {
                Executor.Outcome outcome = executor.write(write, oldOnFailure(request));
                context.awaitDurable(outcome.durable());
                response.put("Items", outcome.returned());
                Capacity.add(request, response, write.tableName(),
                        Capacity.writeUnits(outcome.before(), outcome.after()));
            }
            case Plan.Get get -> throw new IllegalStateException("single-item reads are planned for batches only");
        }
        return response;
    }

    // ---------------------------------------------------------------- BatchExecuteStatement

    /**
     * Runs each statement on its own. A statement that cannot run (malformed, unknown table, failed
     * condition, duplicate key) is reported in its place in Responses with an Error; the others still run.
     * Only mixing reads with writes fails the whole call.
     */
    Object batchExecuteStatement(Request request, RequestContext context) {
        List<Object> members = request.list("Statements");
        int n = members.size();
        Request[] statements = new Request[n];
        Plan[] plans = new Plan[n];
        DynamoException[] failures = new DynamoException[n];
        boolean reads = false;
        boolean writes = false;
        for (int i = 0; i < n; i++) {
            statements[i] = new Request(asMap(members.get(i)));
            try {
                plans[i] = planner.plan(Parser.parse(statements[i].string("Statement")), parameters(statements[i]),
                        Planner.Mode.BATCH);
                reads |= plans[i] instanceof Plan.Get;
                writes |= plans[i] instanceof Plan.Write;
            } catch (DynamoException e) {
                failures[i] = e;
            }
        }
        if (reads && writes) {
            throw DynamoException.validation(MIXED_BATCH);
        }
        List<Object> responses = new ArrayList<>(n);
        Map<String, Double> units = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> response = new LinkedHashMap<>();
            if (failures[i] != null) {
                response.put("Error", batchError(failures[i]));
                responses.add(response);
                continue;
            }
            Plan plan = plans[i];
            response.put("TableName", plan.tableName());
            switch (plan) {
                case Plan.Get get -> {
                    Executor.Got got = executor.get(get);
                    if (got.item() != null) {
                        response.put("Item", got.item());
                    }
                    units.merge(plan.tableName(),
                            Capacity.readUnits(got.bytes(), statements[i].bool("ConsistentRead")), Double::sum);
                }
                case Plan.Write write -> {
                    try {
                        Executor.Outcome outcome = executor.write(write, oldOnFailure(statements[i]));
                        context.awaitDurable(outcome.durable());
                        if (!outcome.returned().isEmpty()) {
                            response.put("Item", outcome.returned().get(0));
                        }
                        units.merge(plan.tableName(), Capacity.writeUnits(outcome.before(), outcome.after()),
                                Double::sum);
                    } catch (DynamoException e) {
                        response.put("Error", batchError(e));
                    }
                }
                case Plan.Read read -> throw new IllegalStateException("batches plan single-item reads");
            }
            responses.add(response);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Responses", responses);
        if (Capacity.wanted(request)) {
            List<Object> consumed = new ArrayList<>();
            units.forEach((table, u) -> consumed.add(Capacity.consumed(request.string("ReturnConsumedCapacity"), table, u)));
            out.put("ConsumedCapacity", consumed);
        }
        return out;
    }

    /** A BatchStatementError: the exception's name as the service's error code, its message, the item. */
    private static Map<String, Object> batchError(DynamoException e) {
        String type = e.type().substring(e.type().indexOf('#') + 1);
        String code = switch (type) {
            case "ConditionalCheckFailedException" -> "ConditionalCheckFailed";
            case "DuplicateItemException" -> "DuplicateItem";
            case "ValidationException" -> "ValidationError";
            case "ResourceNotFoundException" -> "ResourceNotFound";
            case "TransactionConflictException" -> "TransactionConflict";
            case "ItemCollectionSizeLimitExceededException" -> "ItemCollectionSizeLimitExceeded";
            case "ProvisionedThroughputExceededException" -> "ProvisionedThroughputExceeded";
            case "RequestLimitExceeded" -> "RequestLimitExceeded";
            default -> "InternalServerError";
        };
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Code", code);
        if (e.getMessage() != null) {
            error.put("Message", e.getMessage());
        }
        if (e.extra().get("Item") != null) {
            error.put("Item", e.extra().get("Item"));
        }
        return error;
    }

    // ---------------------------------------------------------------- ExecuteTransaction

    /**
     * All statements or none. Reads (SELECTs of single items) and writes (INSERT, UPDATE, DELETE and
     * EXISTS checks) cannot be mixed. Isolation is TransactWriteItems': the items are marked in the
     * database, every statement is decided against the current items, and the writes are committed as
     * one journal record; any failure cancels with a reason per statement, in statement order.
     */
    Object executeTransaction(Request request, RequestContext context) {
        List<Object> members = request.list("TransactStatements");
        List<Request> statements = new ArrayList<>(members.size());
        List<Plan> plans = new ArrayList<>(members.size());
        Set<Database.ItemRef> targets = new HashSet<>();
        boolean reads = false;
        boolean writes = false;
        for (Object member : members) {
            Request statement = new Request(asMap(member));
            Plan plan = planner.plan(Parser.parse(statement.string("Statement")), parameters(statement),
                    Planner.Mode.TRANSACTION);
            Database.ItemRef ref = switch (plan) {
                case Plan.Get get -> get.ref();
                case Plan.Write write -> write.ref();
                case Plan.Read read -> throw new IllegalStateException("transactions plan single-item reads");
            };
            if (!targets.add(ref)) {
                throw DynamoException.validation(TransactionOperations.MULTIPLE_OPERATIONS);
            }
            reads |= plan instanceof Plan.Get;
            writes |= plan instanceof Plan.Write;
            statements.add(statement);
            plans.add(plan);
        }
        if (reads && writes) {
            throw DynamoException.validation(MIXED_TRANSACTION);
        }
        return reads ? readTransaction(request, plans) : writeTransaction(request, context, statements, plans, members);
    }

    private Object readTransaction(Request request, List<Plan> plans) {
        List<Database.ItemRef> refs = new ArrayList<>(plans.size());
        for (Plan plan : plans) {
            refs.add(((Plan.Get) plan).ref());
        }
        Database database = engine.database();
        Object transaction = new Object();
        int conflict = markPatiently(database, refs, transaction);
        if (conflict >= 0) {
            TransactCancellation reasons = new TransactCancellation(plans.size());
            reasons.conflict(conflict);
            throw reasons.exception();
        }
        List<Map<String, AttributeValue>> stored = new ArrayList<>(plans.size());
        try {
            for (Plan plan : plans) {
                Plan.Get get = (Plan.Get) plan;
                stored.add(get.table().get(get.key()));
            }
        } finally {
            database.unmark(refs, transaction);
        }
        List<Object> responses = new ArrayList<>(plans.size());
        Map<String, Double> units = new LinkedHashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            Plan.Get get = (Plan.Get) plans.get(i);
            Executor.Got got = executor.get(get, stored.get(i));
            units.merge(get.tableName(), 2 * Capacity.readUnits(got.bytes(), true), Double::sum);
            responses.add(got.item() == null ? Map.of() : Map.of("Item", got.item()));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Responses", responses);
        if (Capacity.wanted(request)) {
            response.put("ConsumedCapacity", TransactionOperations.transactionalCapacity(
                    request.string("ReturnConsumedCapacity"), units, "ReadCapacityUnits"));
        }
        return response;
    }

    /** A committed write transaction: what it charged, what a replay of its token charges, when it is durable. */
    private record Committed(Map<String, Double> writeUnits, Map<String, Double> replayReadUnits,
                             CompletableFuture<Void> durable) {
    }

    private Object writeTransaction(Request request, RequestContext context, List<Request> statements,
                                    List<Plan> plans, List<Object> members) {
        String token = request.string("ClientRequestToken");
        if (token == null) {
            return writeResponse(request, commit(context, statements, plans).writeUnits(), "WriteCapacityUnits");
        }
        TransactTokens.Outcome previous = tokens.claim(token, members);
        if (previous != null) {
            // The same request again within the idempotency window: answered, not run again.
            context.awaitDurable(previous.durable());
            return writeResponse(request, previous.replayReadUnits(), "ReadCapacityUnits");
        }
        Committed committed;
        try {
            committed = commit(context, statements, plans);
        } catch (RuntimeException e) {
            tokens.release(token);
            throw e;
        }
        tokens.complete(token, members, committed.replayReadUnits(), Map.of(), committed.durable());
        return writeResponse(request, committed.writeUnits(), "WriteCapacityUnits");
    }

    private Committed commit(RequestContext context, List<Request> statements, List<Plan> plans) {
        Database database = engine.database();
        List<Database.ItemRef> refs = new ArrayList<>(plans.size());
        for (Plan plan : plans) {
            refs.add(((Plan.Write) plan).ref());
        }
        Object transaction = new Object();
        int conflict = database.mark(refs, transaction);
        if (conflict >= 0) {
            TransactCancellation reasons = new TransactCancellation(plans.size());
            reasons.conflict(conflict);
            throw reasons.exception();
        }
        try {
            TransactCancellation reasons = new TransactCancellation(plans.size());
            List<Database.Change> changes = new ArrayList<>(plans.size());
            Map<String, Double> writeUnits = new LinkedHashMap<>();
            Map<String, Double> readUnits = new LinkedHashMap<>();
            for (int i = 0; i < plans.size(); i++) {
                Plan.Write write = (Plan.Write) plans.get(i);
                Map<String, AttributeValue> before = write.table().get(write.key());
                Map<String, AttributeValue> after;
                try {
                    after = executor.apply(write, before, oldOnFailure(statements.get(i)));
                } catch (DynamoException e) {
                    reasons.failed(i, e);
                    continue;
                }
                boolean writes = !(write instanceof Plan.Check);
                writeUnits.merge(write.tableName(), 2 * Capacity.writeUnits(before, writes ? after : null), Double::sum);
                long size = Math.max(before == null ? 0 : ItemSize.of(before), after == null ? 0 : ItemSize.of(after));
                readUnits.merge(write.tableName(), 2 * Capacity.readUnits(size, true), Double::sum);
                if (writes) {
                    changes.add(new Database.Change(write.table(), write.key(), after));
                }
            }
            if (reasons.failed()) {
                throw reasons.exception();
            }
            CompletableFuture<Void> durable = database.commit(changes);
            context.awaitDurable(durable);
            return new Committed(writeUnits, readUnits, durable);
        } finally {
            database.unmark(refs, transaction);
        }
    }

    private static Map<String, Object> writeResponse(Request request, Map<String, Double> units, String unitsName) {
        Map<String, Object> response = new LinkedHashMap<>();
        if (Capacity.wanted(request)) {
            response.put("ConsumedCapacity", TransactionOperations.transactionalCapacity(
                    request.string("ReturnConsumedCapacity"), units, unitsName));
        }
        return response;
    }

    /** Marks for a read, waiting briefly for a writing transaction's marks to clear. */
    private static int markPatiently(Database database, List<Database.ItemRef> refs, Object transaction) {
        long deadline = System.nanoTime() + READ_MARK_PATIENCE_NANOS;
        while (true) {
            int conflict = database.mark(refs, transaction);
            if (conflict < 0 || System.nanoTime() - deadline > 0) {
                return conflict;
            }
            Thread.yield();
        }
    }


    // ---------------------------------------------------------------- shared

    /** The Parameters member as attribute values (none when absent). */
    private static List<AttributeValue> parameters(Request statement) {
        List<Object> trees = statement.list("Parameters");
        if (trees == null) {
            return List.of();
        }
        List<AttributeValue> values = new ArrayList<>(trees.size());
        for (Object tree : trees) {
            values.add(AttributeValues.value(tree));
        }
        return values;
    }

    private static boolean oldOnFailure(Request statement) {
        return "ALL_OLD".equals(statement.string("ReturnValuesOnConditionCheckFailure"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object tree) {
        return (Map<String, Object>) tree;
    }
}
