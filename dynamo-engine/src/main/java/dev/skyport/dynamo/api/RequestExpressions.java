package dev.skyport.dynamo.api;

import dev.skyport.dynamo.expr.Condition;
import dev.skyport.dynamo.expr.ExpressionContext;
import dev.skyport.dynamo.expr.Expressions;
import dev.skyport.dynamo.expr.Projection;
import dev.skyport.dynamo.expr.Update;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.AttributeValues;
import dev.skyport.dynamo.model.DynamoException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The expressions of one request, checked and parsed in the service's order: expression and legacy
 * parameters not mixed, names and values well formed, each expression parsed, nothing left unused.
 */
record RequestExpressions(Update update, Condition condition, Condition keyCondition, Condition filter,
                          Projection projection) {

    private static final Pattern NAME_KEY = Pattern.compile("#[0-9a-zA-Z_]+");
    private static final Pattern VALUE_KEY = Pattern.compile(":[0-9a-zA-Z_]+");

    /** Checks that expression and non-expression parameters are not mixed, in the service's words. */
    static void checkParams(Request request, List<String> expressions, List<String> nonExpressions) {
        List<String> used = new ArrayList<>();
        for (String e : expressions) {
            if (request.has(e)) {
                used.add(e);
            }
        }
        if (!used.isEmpty()) {
            List<String> legacy = new ArrayList<>();
            for (String n : nonExpressions) {
                if (n.equals("KeyConditions") && !request.has("KeyConditionExpression")) {
                    continue;
                }
                if (request.has(n)) {
                    legacy.add(n);
                }
            }
            if (!legacy.isEmpty()) {
                throw DynamoException.validation("Can not use both expression and non-expression parameters in the "
                        + "same request: Non-expression parameters: {" + String.join(", ", legacy)
                        + "} Expression parameters: {" + String.join(", ", used) + "}");
            }
        }
        if (request.has("ExpressionAttributeNames") && used.isEmpty()) {
            throw DynamoException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        List<String> valueExpressions = expressions.stream().filter(e -> !e.equals("ProjectionExpression")).toList();
        if (!valueExpressions.isEmpty() && request.has("ExpressionAttributeValues")
                && valueExpressions.stream().noneMatch(request::has)) {
            throw DynamoException.validation("ExpressionAttributeValues can only be specified when using expressions: "
                    + String.join(" and ", valueExpressions) + " " + (valueExpressions.size() > 1 ? "are" : "is")
                    + " null");
        }
    }

    /** Validates names and values and parses every expression the request carries. */
    static RequestExpressions parse(Request request) {
        Map<String, String> names = request.stringMap("ExpressionAttributeNames");
        if (names != null) {
            if (names.isEmpty()) {
                throw DynamoException.validation("ExpressionAttributeNames must not be empty");
            }
            for (String key : names.keySet()) {
                if (!NAME_KEY.matcher(key).matches()) {
                    throw DynamoException.validation(
                            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
                }
            }
        }
        Map<String, Object> rawValues = request.map("ExpressionAttributeValues");
        Map<String, AttributeValue> values = null;
        if (rawValues != null) {
            if (rawValues.isEmpty()) {
                throw DynamoException.validation("ExpressionAttributeValues must not be empty");
            }
            for (String key : rawValues.keySet()) {
                if (!VALUE_KEY.matcher(key).matches()) {
                    throw DynamoException.validation(
                            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
                }
            }
            values = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : rawValues.entrySet()) {
                try {
                    values.put(e.getKey(), AttributeValues.value(e.getValue()));
                } catch (DynamoException ex) {
                    if (!ex.type().endsWith("#ValidationException")) {
                        throw ex;
                    }
                    throw DynamoException.validation("ExpressionAttributeValues contains invalid value: "
                            + ex.getMessage() + " for key " + e.getKey());
                }
            }
        }
        ExpressionContext context = new ExpressionContext(names, values);
        Update update = request.has("UpdateExpression")
                ? Expressions.parseUpdate(request.string("UpdateExpression"), context) : null;
        Condition condition = request.has("ConditionExpression")
                ? Expressions.parseCondition(request.string("ConditionExpression"), context, "ConditionExpression")
                : null;
        Condition keyCondition = request.has("KeyConditionExpression")
                ? Expressions.parseCondition(request.string("KeyConditionExpression"), context,
                "KeyConditionExpression") : null;
        Condition filter = request.has("FilterExpression")
                ? Expressions.parseCondition(request.string("FilterExpression"), context, "FilterExpression") : null;
        Projection projection = request.has("ProjectionExpression")
                ? Expressions.parseProjection(request.string("ProjectionExpression"), context) : null;
        context.checkAllUsed();
        return new RequestExpressions(update, condition, keyCondition, filter, projection);
    }
}
