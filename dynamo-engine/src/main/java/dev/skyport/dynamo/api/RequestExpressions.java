package dev.skyport.dynamo.api;

import dev.skyport.dynamo.expr.Condition;
import dev.skyport.dynamo.expr.ExpressionContext;
import dev.skyport.dynamo.expr.Expressions;
import dev.skyport.dynamo.expr.Projection;
import dev.skyport.dynamo.expr.Update;
import dev.skyport.dynamo.model.DynamoException;
import java.util.ArrayList;
import java.util.List;

/**
 * The expressions of one request, checked and parsed in the service's order: expression and legacy
 * parameters not mixed, names and values well formed, each expression parsed, nothing left unused.
 */
record RequestExpressions(Update update, Condition condition, Condition keyCondition, Condition filter,
                          Projection projection) {

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
        ExpressionContext context = ExpressionContext.fromRequest(request.map("ExpressionAttributeNames"),
                request.map("ExpressionAttributeValues"));
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
