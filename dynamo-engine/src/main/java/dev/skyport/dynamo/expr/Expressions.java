package dev.skyport.dynamo.expr;

import java.util.function.Supplier;

/**
 * Parses the request expressions. Every error is the service's ValidationException, prefixed with the
 * parameter it is about ({@code Invalid FilterExpression: ...}).
 *
 * <p>A request's expressions share one {@link ExpressionContext}; the service parses them in the order
 * UpdateExpression, ConditionExpression, KeyConditionExpression, FilterExpression, ProjectionExpression,
 * then calls {@link ExpressionContext#checkAllUsed()}.
 */
public final class Expressions {

    // The service's limit, counted in UTF-16 units like the service does.
    private static final int MAX_LENGTH = 4096;
    // Parentheses nest up to 2048 deep within the limit; the parser recurses a few frames per level, more
    // than a default thread stack holds, so deeply nested text is parsed on a thread with a large stack.
    private static final int SHALLOW = 128;
    private static final long LARGE_STACK = 64L << 20;

    private Expressions() {
    }

    /**
     * Parses a ConditionExpression, FilterExpression or KeyConditionExpression; {@code parameterName}
     * names it in error messages. A KeyConditionExpression goes on to {@link KeyConditions#extract}.
     */
    public static Condition parseCondition(String text, ExpressionContext context, String parameterName) {
        try {
            checkLength(text, true);
            return withStackFor(text, () -> Compiler.condition(Parser.condition(text), context));
        } catch (ExpressionError e) {
            throw e.withParameter(parameterName);
        }
    }

    public static Update parseUpdate(String text, ExpressionContext context) {
        try {
            checkLength(text, false);
            return withStackFor(text, () -> Compiler.update(Parser.update(text), context));
        } catch (ExpressionError e) {
            throw e.withParameter("UpdateExpression");
        }
    }

    public static Projection parseProjection(String text, ExpressionContext context) {
        try {
            checkLength(text, false);
            return Compiler.projection(Parser.projection(text), context);
        } catch (ExpressionError e) {
            throw e.withParameter("ProjectionExpression");
        }
    }

    private static <T> T withStackFor(String text, Supplier<T> parse) {
        int depth = 0;
        int deepest = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == ')') {
                depth--;
            }
        }
        if (deepest <= SHALLOW) {
            return parse.get();
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread parser = Thread.ofPlatform().name("deep-expression-parser").stackSize(LARGE_STACK).unstarted(() -> {
            try {
                result[0] = parse.get();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        parser.start();
        try {
            parser.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing an expression", e);
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T parsed = (T) result[0];
        return parsed;
    }

    private static void checkLength(String text, boolean condition) {
        if (text.isEmpty()) {
            throw ExpressionError.of("The expression can not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            // Only condition expressions get the size in the message; the service leaves it out elsewhere.
            throw condition
                    ? ExpressionError.of("Expression size has exceeded the maximum allowed size",
                            "expression size", text.length())
                    : ExpressionError.of("Expression size has exceeded the maximum allowed size");
        }
    }
}
