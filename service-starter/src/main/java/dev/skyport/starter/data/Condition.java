package dev.skyport.starter.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A condition or filter built in Java, rendered to the enhanced client's {@link Expression} with generated
 * {@code #name}/{@code :value} placeholders, so services never write expression strings:
 * {@code Condition.attribute("status").in("PENDING", "PAID").and(Condition.attribute("total").gt(10))}.
 * Dotted paths ({@code address.city}) address nested map attributes. Values are converted like the enhanced
 * client's default converters (String, numbers, Boolean, enums by name, Instant as ISO-8601 string...).
 */
public final class Condition {

    @FunctionalInterface
    private interface Renderer {
        String render(RenderContext context);
    }

    /** DynamoDB rejects redundant parentheses, so only compound operands of a compound get them. */
    private final boolean compound;

    private final Renderer renderer;
    private final String description;

    private Condition(Renderer renderer, String description) {
        this(renderer, description, false);
    }

    private Condition(Renderer renderer, String description, boolean compound) {
        this.renderer = renderer;
        this.description = description;
        this.compound = compound;
    }

    private String renderOperand(RenderContext context) {
        String text = renderer.render(context);
        return compound ? "(" + text + ")" : text;
    }

    /** Starts a condition on an attribute path. */
    public static Attribute attribute(String path) {
        return new Attribute(path);
    }

    public static Condition and(Condition... conditions) {
        return combine("AND", Arrays.asList(conditions));
    }

    public static Condition or(Condition... conditions) {
        return combine("OR", Arrays.asList(conditions));
    }

    public static Condition allOf(Collection<Condition> conditions) {
        return combine("AND", conditions);
    }

    public static Condition anyOf(Collection<Condition> conditions) {
        return combine("OR", conditions);
    }

    public static Condition not(Condition condition) {
        return condition.not();
    }

    public Condition and(Condition other) {
        return combine("AND", List.of(this, other));
    }

    public Condition or(Condition other) {
        return combine("OR", List.of(this, other));
    }

    public Condition not() {
        Condition self = this;
        return new Condition(ctx -> "NOT " + self.renderOperand(ctx), "NOT " + description);
    }

    /** Renders with placeholders {@code #c0..}/{@code :c0..}. */
    public Expression toExpression() {
        return toExpression("c");
    }

    /** Renders with a placeholder prefix, so several rendered conditions can be joined without clashes. */
    public Expression toExpression(String prefix) {
        RenderContext context = new RenderContext(prefix);
        String expression = renderer.render(context);
        return Expression.builder().expression(expression).expressionNames(context.names)
                .expressionValues(context.values).build();
    }

    /** A readable form (attribute names and operators, values elided) for logs and cursor bindings. */
    @Override
    public String toString() {
        return description;
    }

    private static Condition combine(String operator, Collection<Condition> conditions) {
        List<Condition> parts = conditions.stream().filter(Objects::nonNull).toList();
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no conditions to combine");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<String> descriptions = parts.stream().map(c -> c.description).toList();
        return new Condition(ctx -> {
            List<String> rendered = new ArrayList<>();
            for (Condition part : parts) {
                rendered.add(part.renderOperand(ctx));
            }
            return String.join(" " + operator + " ", rendered);
        }, "(" + String.join(" " + operator + " ", descriptions) + ")", true);
    }

    /** Builder step for one attribute. */
    public static final class Attribute {

        private final String path;

        private Attribute(String path) {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("attribute path must not be blank");
            }
            this.path = path;
        }

        public Condition eq(Object value) {
            return compare("=", value);
        }

        public Condition ne(Object value) {
            return compare("<>", value);
        }

        public Condition lt(Object value) {
            return compare("<", value);
        }

        public Condition le(Object value) {
            return compare("<=", value);
        }

        public Condition gt(Object value) {
            return compare(">", value);
        }

        public Condition ge(Object value) {
            return compare(">=", value);
        }

        public Condition between(Object low, Object high) {
            return new Condition(ctx -> ctx.name(path) + " BETWEEN " + ctx.value(low) + " AND "
                    + ctx.value(high), path + " BETWEEN ? AND ?");
        }

        public Condition in(Object... values) {
            return in(Arrays.asList(values));
        }

        public Condition in(Collection<?> values) {
            if (values.isEmpty() || values.size() > 100) {
                throw new IllegalArgumentException("IN takes 1 to 100 values");
            }
            List<Object> copy = new ArrayList<>(values);
            return new Condition(ctx -> {
                List<String> placeholders = new ArrayList<>();
                for (Object value : copy) {
                    placeholders.add(ctx.value(value));
                }
                return ctx.name(path) + " IN (" + String.join(", ", placeholders) + ")";
            }, path + " IN (" + copy.size() + ")");
        }

        public Condition exists() {
            return new Condition(ctx -> "attribute_exists(" + ctx.name(path) + ")", "exists(" + path + ")");
        }

        public Condition notExists() {
            return new Condition(ctx -> "attribute_not_exists(" + ctx.name(path) + ")", "notExists(" + path + ")");
        }

        public Condition beginsWith(String prefix) {
            return new Condition(ctx -> "begins_with(" + ctx.name(path) + ", " + ctx.value(prefix) + ")",
                    "beginsWith(" + path + ")");
        }

        public Condition contains(Object value) {
            return new Condition(ctx -> "contains(" + ctx.name(path) + ", " + ctx.value(value) + ")",
                    "contains(" + path + ")");
        }

        private Condition compare(String operator, Object value) {
            return new Condition(ctx -> ctx.name(path) + " " + operator + " " + ctx.value(value),
                    path + " " + operator + " ?");
        }
    }

    private static final class RenderContext {

        private final String prefix;
        private final Map<String, String> names = new LinkedHashMap<>();
        private final Map<String, String> placeholderByName = new LinkedHashMap<>();
        private final Map<String, AttributeValue> values = new LinkedHashMap<>();

        RenderContext(String prefix) {
            this.prefix = prefix;
        }

        String name(String path) {
            List<String> parts = new ArrayList<>();
            for (String segment : path.split("\\.")) {
                String placeholder = placeholderByName.computeIfAbsent(segment, s -> {
                    String p = "#" + prefix + names.size();
                    names.put(p, s);
                    return p;
                });
                parts.add(placeholder);
            }
            return String.join(".", parts);
        }

        String value(Object value) {
            String placeholder = ":" + prefix + values.size();
            values.put(placeholder, AttributeValues.of(value));
            return placeholder;
        }
    }
}
