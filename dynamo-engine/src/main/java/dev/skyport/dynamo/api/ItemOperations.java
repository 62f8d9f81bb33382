package dev.skyport.dynamo.api;

import dev.skyport.dynamo.expr.Condition;
import dev.skyport.dynamo.expr.Legacy;
import dev.skyport.dynamo.expr.Projection;
import dev.skyport.dynamo.expr.Update;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.dynamo.storage.PrimaryKey;
import dev.skyport.dynamo.storage.TableData;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** PutItem, GetItem, UpdateItem and DeleteItem; Query and Scan live in {@link QueryScan}. */
final class ItemOperations {

    private final Engine engine;

    private ItemOperations(Engine engine) {
        this.engine = engine;
    }

    static void register(Engine engine, Map<String, Operation> operations) {
        ItemOperations ops = new ItemOperations(engine);
        operations.put(DynamoApi.DYNAMODB + ".PutItem", ops::put);
        operations.put(DynamoApi.DYNAMODB + ".GetItem", (r, c) -> ops.get(r));
        operations.put(DynamoApi.DYNAMODB + ".DeleteItem", ops::delete);
        operations.put(DynamoApi.DYNAMODB + ".UpdateItem", ops::update);
        QueryScan queryScan = new QueryScan(engine);
        operations.put(DynamoApi.DYNAMODB + ".Query", (r, c) -> queryScan.query(r));
        operations.put(DynamoApi.DYNAMODB + ".Scan", (r, c) -> queryScan.scan(r));
    }

    Object put(Request request, RequestContext context) {
        RequestExpressions.checkParams(request, List.of("ConditionExpression"), List.of("Expected"));
        Map<String, AttributeValue> item = request.item("Item");
        String returnValues = request.string("ReturnValues");
        if (returnValues != null && !returnValues.equals("ALL_OLD") && !returnValues.equals("NONE")) {
            throw DynamoException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        Items.checkSize(item, "Item size has exceeded the maximum allowed size");
        Condition expected = legacyExpected(request);
        RequestExpressions expressions = RequestExpressions.parse(request);
        Condition condition = expressions.condition() != null ? expressions.condition() : expected;
        TableData table = engine.table(request.string("TableName"));
        PrimaryKey key = Items.item(table, item);
        Database.WriteResult result = engine.database().write(table, key, before -> {
            check(condition, before, request);
            return item;
        });
        context.awaitDurable(result.durable());
        Map<String, Object> response = new LinkedHashMap<>();
        if ("ALL_OLD".equals(returnValues) && result.before() != null) {
            response.put("Attributes", result.before());
        }
        Capacity.addWrite(request, response, table, result.before(), item);
        collectionMetrics(request, response, table, item);
        return response;
    }

    Object get(Request request) {
        RequestExpressions.checkParams(request, List.of("ProjectionExpression"), List.of("AttributesToGet"));
        Map<String, AttributeValue> keyItem = request.item("Key");
        Projection attributesToGet = attributesToGet(request);
        RequestExpressions expressions = RequestExpressions.parse(request);
        Projection projection = expressions.projection() != null ? expressions.projection() : attributesToGet;
        TableData table = engine.table(request.string("TableName"));
        PrimaryKey key = Items.key(table, keyItem);
        Map<String, AttributeValue> item = table.get(key);
        Map<String, Object> response = new LinkedHashMap<>();
        if (item != null) {
            response.put("Item", projection == null ? item : projection.apply(item));
        }
        if (Capacity.wanted(request)) {
            long size = item == null ? 0 : dev.skyport.dynamo.model.ItemSize.of(item);
            Capacity.add(request, response, table.definition().name(),
                    Capacity.readUnits(size, request.bool("ConsistentRead")));
        }
        return response;
    }

    Object delete(Request request, RequestContext context) {
        RequestExpressions.checkParams(request, List.of("ConditionExpression"), List.of("Expected"));
        Map<String, AttributeValue> keyItem = request.item("Key");
        String returnValues = request.string("ReturnValues");
        if (returnValues != null && !returnValues.equals("ALL_OLD") && !returnValues.equals("NONE")) {
            throw DynamoException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        Condition expected = legacyExpected(request);
        RequestExpressions expressions = RequestExpressions.parse(request);
        Condition condition = expressions.condition() != null ? expressions.condition() : expected;
        TableData table = engine.table(request.string("TableName"));
        PrimaryKey key = Items.key(table, keyItem);
        Database.WriteResult result = engine.database().write(table, key, before -> {
            check(condition, before, request);
            return null;
        });
        context.awaitDurable(result.durable());
        Map<String, Object> response = new LinkedHashMap<>();
        if ("ALL_OLD".equals(returnValues) && result.before() != null) {
            response.put("Attributes", result.before());
        }
        Capacity.addWrite(request, response, table, result.before(), null);
        collectionMetrics(request, response, table, keyItem);
        return response;
    }

    Object update(Request request, RequestContext context) {
        RequestExpressions.checkParams(request, List.of("UpdateExpression", "ConditionExpression"),
                List.of("AttributeUpdates", "Expected"));
        Map<String, AttributeValue> keyItem = request.item("Key");
        Update legacyUpdate = request.has("AttributeUpdates") ? Legacy.attributeUpdates(request.map("AttributeUpdates"))
                : null;
        Condition expected = legacyExpected(request);
        RequestExpressions expressions = RequestExpressions.parse(request);
        Condition condition = expressions.condition() != null ? expressions.condition() : expected;
        Update update = expressions.update() != null ? expressions.update() : legacyUpdate;
        TableData table = engine.table(request.string("TableName"));
        PrimaryKey key = Items.key(table, keyItem);
        if (update != null) {
            for (String attribute : update.topLevelAttributes()) {
                if (table.definition().key().isKeyAttribute(attribute)) {
                    throw DynamoException.validation("One or more parameter values were invalid: Cannot update "
                            + "attribute " + attribute + ". This attribute is part of the key");
                }
            }
        }
        String returnValues = request.string("ReturnValues");
        Database.WriteResult result = engine.database().write(table, key, before -> {
            check(condition, before, request);
            Map<String, AttributeValue> start = before != null ? before : keyItem;
            Map<String, AttributeValue> after = update == null ? start : update.apply(start);
            Items.checkUpdated(table.definition(), after);
            return after;
        });
        context.awaitDurable(result.durable());
        Map<String, Object> response = new LinkedHashMap<>();
        if (returnValues != null && !returnValues.equals("NONE")) {
            Map<String, AttributeValue> attributes = switch (returnValues) {
                case "ALL_OLD" -> result.before();
                case "ALL_NEW" -> result.after();
                case "UPDATED_OLD" -> updated(update, result.before());
                case "UPDATED_NEW" -> updated(update, result.after());
                default -> null;
            };
            if (attributes != null && !attributes.isEmpty()) {
                response.put("Attributes", attributes);
            }
        }
        Capacity.addWrite(request, response, table, result.before(), result.after());
        collectionMetrics(request, response, table, keyItem);
        return response;
    }

    private static Map<String, AttributeValue> updated(Update update, Map<String, AttributeValue> item) {
        if (item == null || update == null) {
            return null;
        }
        return update.updatedAttributes(item);
    }

    /** Fails the write with ConditionalCheckFailedException (with the item when asked) unless the condition holds. */
    static void check(Condition condition, Map<String, AttributeValue> before, Request request) {
        if (condition == null || condition.test(before)) {
            return;
        }
        Map<String, Object> extra = Map.of();
        if ("ALL_OLD".equals(request.string("ReturnValuesOnConditionCheckFailure")) && before != null) {
            extra = Map.of("Item", before);
        }
        throw DynamoException.conditionalCheckFailed(extra);
    }

    static Condition legacyExpected(Request request) {
        if (!request.has("Expected")) {
            return null;
        }
        return Legacy.expected(request.map("Expected"), request.string("ConditionalOperator"));
    }

    static Projection attributesToGet(Request request) {
        List<Object> names = request.list("AttributesToGet");
        if (names == null) {
            return null;
        }
        Set<Object> seen = new HashSet<>();
        for (Object name : names) {
            if (!seen.add(name)) {
                throw DynamoException.validation(
                        "One or more parameter values were invalid: Duplicate value in attribute name: " + name);
            }
        }
        return Projection.ofAttributes(names.stream().map(String.class::cast).toList());
    }

    /** ItemCollectionMetrics, which the service returns only for tables with local secondary indexes. */
    static void collectionMetrics(Request request, Map<String, Object> response, TableData table,
                                  Map<String, AttributeValue> item) {
        if (!"SIZE".equals(request.string("ReturnItemCollectionMetrics"))
                || table.definition().localIndexes().isEmpty()) {
            return;
        }
        String hashName = table.definition().key().hashName();
        response.put("ItemCollectionMetrics", Map.of(
                "ItemCollectionKey", Map.of(hashName, item.get(hashName)),
                "SizeEstimateRangeGB", List.of(0.0, 1.0)));
    }
}
