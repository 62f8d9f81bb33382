package dev.skyport.dynamo.api.shape;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One constraint of the service model, with the sentence the service uses when a value breaks it. */
final class Rule {

    enum Kind {
        // The order of the constants is the order in which bracketed rule lists print
        // ("Map keys must satisfy constraint: [..]", "Member must satisfy constraint: [..]").
        MAX_LENGTH, MIN_LENGTH, PATTERN, MAX_VALUE, MIN_VALUE, ENUM;

        static Kind parse(String word) {
            return switch (word) {
                case "pattern" -> PATTERN;
                case "minLength" -> MIN_LENGTH;
                case "maxLength" -> MAX_LENGTH;
                case "min" -> MIN_VALUE;
                case "max" -> MAX_VALUE;
                case "enum" -> ENUM;
                default -> throw new IllegalArgumentException("unknown rule " + word);
            };
        }
    }

    final Kind kind;
    private final String text;
    private final BigDecimal bound;
    private final Pattern pattern;
    private final Set<String> values;
    private final String message;

    private Rule(Kind kind, String text, BigDecimal bound, Pattern pattern, Set<String> values, String message) {
        this.kind = kind;
        this.text = text;
        this.bound = bound;
        this.pattern = pattern;
        this.values = values;
        this.message = message;
    }

    static Rule of(Kind kind, String argument) {
        return switch (kind) {
            case PATTERN -> new Rule(kind, argument, null, compile(argument), null,
                    "Member must satisfy regular expression pattern: " + argument);
            case MIN_LENGTH -> new Rule(kind, argument, new BigDecimal(argument), null, null,
                    "Member must have length greater than or equal to " + argument);
            case MAX_LENGTH -> new Rule(kind, argument, new BigDecimal(argument), null, null,
                    "Member must have length less than or equal to " + argument);
            case MIN_VALUE -> new Rule(kind, argument, new BigDecimal(argument), null, null,
                    "Member must have value greater than or equal to " + argument);
            case MAX_VALUE -> new Rule(kind, argument, new BigDecimal(argument), null, null,
                    "Member must have value less than or equal to " + argument);
            case ENUM -> {
                List<String> list = List.of(argument.split(","));
                yield new Rule(kind, argument, null, null, Set.copyOf(list),
                        "Member must satisfy enum value set: [" + String.join(", ", list) + "]");
            }
        };
    }

    /** A model pattern that Java cannot compile is not enforced (none of the current ones is). */
    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    String message() {
        return message;
    }

    String argument() {
        return text;
    }

    /** Whether a rule of this kind constrains the string form of a value (and so is skipped for ARNs). */
    boolean isNameRule() {
        return kind == Kind.PATTERN || kind == Kind.MIN_LENGTH || kind == Kind.MAX_LENGTH;
    }

    /** True when the (non-null, type-checked) value satisfies the rule or the rule does not apply to it. */
    boolean accepts(Object value) {
        switch (kind) {
            case PATTERN:
                return !(value instanceof String s) || pattern == null || pattern.matcher(s).matches();
            case ENUM:
                return !(value instanceof String s) || values.contains(s);
            case MIN_LENGTH: {
                int length = length(value);
                return length < 0 || bound.compareTo(BigDecimal.valueOf(length)) <= 0;
            }
            case MAX_LENGTH: {
                int length = length(value);
                return length < 0 || bound.compareTo(BigDecimal.valueOf(length)) >= 0;
            }
            case MIN_VALUE: {
                BigDecimal number = number(value);
                return number == null || number.compareTo(bound) >= 0;
            }
            case MAX_VALUE: {
                BigDecimal number = number(value);
                return number == null || number.compareTo(bound) <= 0;
            }
            default:
                return true;
        }
    }

    // instanceof chains rather than pattern switches: no bootstrap cost on a cold engine's first request.
    private static int length(Object value) {
        if (value instanceof String s) {
            return s.length();
        }
        if (value instanceof Collection<?> c) {
            return c.size();
        }
        if (value instanceof Map<?, ?> m) {
            return m.size();
        }
        return -1;
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Integer i) {
            return BigDecimal.valueOf(i);
        }
        if (value instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d);
        }
        return value instanceof BigDecimal d ? d : null;
    }

    @Override
    public String toString() {
        return kind + "(" + text + ")";
    }
}
