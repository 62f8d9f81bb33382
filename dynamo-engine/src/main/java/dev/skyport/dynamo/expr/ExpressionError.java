package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.DynamoException;

/**
 * An expression the service rejects while parsing or checking it. The message is the service's, without
 * the {@code Invalid ConditionExpression: } prefix, which depends on the request parameter and is added
 * by {@link Expressions}.
 */
final class ExpressionError extends RuntimeException {

    ExpressionError(String message) {
        super(message, null, false, false);
    }

    /**
     * The service's message layout: a sentence, a semicolon, then {@code key: value} pairs separated by
     * commas, e.g. {@code Syntax error; token: "a", near: "a b"}.
     */
    static ExpressionError of(String sentence, Object... pairs) {
        StringBuilder sb = new StringBuilder(sentence).append(';');
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(' ').append(pairs[i]).append(": ").append(pairs[i + 1]);
        }
        return new ExpressionError(sb.toString());
    }

    DynamoException withParameter(String parameterName) {
        return DynamoException.validation("Invalid " + parameterName + ": " + getMessage());
    }
}
