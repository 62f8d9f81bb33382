package dev.skyport.dynamo.api;

import dev.skyport.dynamo.expr.Condition;
import dev.skyport.dynamo.expr.KeyCondition;
import dev.skyport.dynamo.expr.KeyConditions;
import dev.skyport.dynamo.expr.Legacy;
import dev.skyport.dynamo.expr.Projection;
import dev.skyport.dynamo.expr.RangeCondition;
import dev.skyport.dynamo.api.ItemReads.Source;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.TableData;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query and Scan over tables and secondary indexes, with the service's paging (Limit, 1 MB pages). */
final class QueryScan {

    private final Engine engine;

    QueryScan(Engine engine) {
        this.engine = engine;
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
        String select = select(request, source, projection, true);
        boolean forward = !Boolean.FALSE.equals(request.tree().get("ScanIndexForward"));

        Iterator<Map<String, AttributeValue>> items = ItemReads.partition(source, keyCondition.hashValue(),
                keyCondition.range(), startKey, forward);
        return page(request, source, items, filter, projection, select);
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
        if (segment != null && totalSegments == null) {
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
        String select = select(request, source, projection, false);
        checkStartKey(source, startKey);
        int total = totalSegments == null ? 1 : totalSegments;
        int seg = segment == null ? 0 : segment;
        Iterator<Map<String, AttributeValue>> items = ItemReads.scan(source, startKey, seg, total);
        return page(request, source, items, filter, projection, select);
    }

    private Source source(Request request) {
        TableData table = engine.table(request.string("TableName"));
        String indexName = request.string("IndexName");
        if (indexName == null) {
            return new Source(table, null);
        }
        IndexDefinition index = table.definition().index(indexName);
        if (index == null) {
            throw DynamoException.validation("The table does not have the specified index: " + indexName);
        }
        if (index.global() && request.bool("ConsistentRead")) {
            throw DynamoException.validation("Consistent reads are not supported on global secondary indexes");
        }
        return new Source(table, index);
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

    /**
     * The Select value in force, checked against the projection and the source. Query words these
     * refusals as a one-error validation message, Scan gives them bare (both recorded in 2026).
     */
    private static String select(Request request, Source source, Projection projection, boolean query) {
        String select = request.string("Select");
        String prefix = query ? "1 validation error detected: " : "";
        if (select == null) {
            return projection != null ? "SPECIFIC_ATTRIBUTES"
                    : source.index() != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES";
        }
        if (select.equals("SPECIFIC_ATTRIBUTES") && projection == null) {
            throw DynamoException.validation(prefix + "Must specify the AttributesToGet or ProjectionExpression "
                    + "when choosing to get SPECIFIC_ATTRIBUTES");
        }
        if (projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            String what = request.has("ProjectionExpression") ? "ProjectionExpression" : "AttributesToGet";
            String selected = select.equals("COUNT") ? "only the Count" : select;
            throw DynamoException.validation(prefix + "Cannot specify the " + what + " when choosing to get "
                    + selected);
        }
        if (select.equals("ALL_PROJECTED_ATTRIBUTES") && source.index() == null) {
            throw DynamoException.validation(prefix
                    + "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
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
                        Condition filter, Projection projection, String select) {
        boolean count = "COUNT".equals(select);
        boolean fetchBase = source.local() && !"ALL".equals(source.index().projectionType())
                && ("ALL_ATTRIBUTES".equals(select) || projection != null);
        ItemReads.Page page = ItemReads.page(source, items, request.integer("Limit"), filter,
                count ? null : projection, fetchBase);
        Map<String, Object> response = new LinkedHashMap<>();
        if (!count) {
            response.put("Items", page.items());
        }
        response.put("Count", page.items().size());
        response.put("ScannedCount", page.scanned());
        if (page.lastKey() != null) {
            response.put("LastEvaluatedKey", page.lastKey());
        }
        if (Capacity.wanted(request)) {
            Capacity.add(request, response, source.table().definition().name(),
                    Capacity.readUnits(page.bytes(), request.bool("ConsistentRead")));
        }
        return response;
    }
}
