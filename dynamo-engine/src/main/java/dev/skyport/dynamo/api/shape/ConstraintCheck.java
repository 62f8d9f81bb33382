package dev.skyport.dynamo.api.shape;

import dev.skyport.dynamo.model.DynamoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Step 2 of request validation: the service's constraint validation of a type-checked request.
 * Every broken constraint is collected (at most ten) and reported in one ValidationException:
 * "2 validation errors detected: Value 'x' at 'a.b' failed to satisfy constraint: ...; ...".
 * Members the service has moved to its newer validation framework are reported in that one's
 * words: no value, and the path in the model's member names ("Value at 'RequestItems.t.member.Keys'").
 */
final class ConstraintCheck {

    /** The service stops collecting after ten errors. */
    static final int MAX_ERRORS = 10;

    private final boolean late;
    private final List<String> errors = new ArrayList<>();

    private ConstraintCheck(boolean late) {
        this.late = late;
    }

    static void run(Shape input, Map<String, Object> data) {
        preChecks(input, data);
        ConstraintCheck early = new ConstraintCheck(false);
        early.structure(input, data, "", "");
        early.throwIfAny();
        ConstraintCheck second = new ConstraintCheck(true);
        second.structure(input, data, "", "");
        second.throwIfAny();
    }

    /** The messages some operations give, before any other constraint, for a missing or mis-sized table name. */
    private static void preChecks(Shape input, Map<String, Object> data) {
        for (Shape.Member m : input.validationOrder) {
            Spec spec = m.spec;
            Object v = data.get(m.name);
            if (spec.requiredMessage && v == null) {
                throw DynamoException.validation(
                        "The parameter '" + m.name + "' is required but was not present in the request");
            }
            if (spec.tableNameMessage && v instanceof String s && !(spec.arn && isArn(s))
                    && (s.length() < 3 || s.length() > 255)) {
                throw DynamoException.validation(
                        m.name + " must be at least 3 characters long and at most 255 characters long");
            }
        }
    }

    private void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        int n = errors.size();
        throw DynamoException.validation(n + " validation error" + (n > 1 ? "s" : "") + " detected: "
                + String.join("; ", errors));
    }

    private boolean full() {
        return errors.size() >= MAX_ERRORS;
    }

    /**
     * One broken constraint ({@code kind} null for a missing member or a bracketed rule list);
     * {@code path} and {@code modelPath} name the value in the two frameworks' words.
     */
    private void add(Spec spec, Rule.Kind kind, Object value, Shape shape, String path, String modelPath,
                     String constraint) {
        if (full()) {
            return;
        }
        if (spec.framework(kind)) {
            errors.add("Value at '" + modelPath + "' failed to satisfy constraint: " + constraint);
            return;
        }
        // A redacted member still shows that it is missing ("Value null at ...").
        String shown = spec.redact && value != null ? "Value" : "Value " + ValueText.quoted(value, shape);
        errors.add(shown + " at '" + path + "' failed to satisfy constraint: " + constraint);
    }

    private void structure(Shape shape, Map<?, ?> data, String prefix, String modelPrefix) {
        for (Shape.Member m : shape.validationOrder) {
            if (full()) {
                return;
            }
            // Top-level members (most of them) need no new path strings.
            boolean top = prefix.isEmpty();
            member(m.spec, m.target, data.get(m.name), top ? m.pathName : prefix + m.pathName,
                    top ? m.name : modelPrefix + m.name);
        }
    }

    private void member(Spec spec, Shape shape, Object v, String path, String modelPath) {
        if (v == null) {
            if (!late && spec.notNull) {
                add(spec, null, null, shape, path, modelPath, "Member must not be null");
            }
            return;
        }
        if (!late) {
            nullElements(spec, shape, v, path, modelPath);
        }
        boolean arnValue = spec.arn && v instanceof String s && isArn(s);
        for (Rule rule : spec.own(late)) {
            if (arnValue && rule.isNameRule()) {
                continue;
            }
            if (!rule.accepts(v)) {
                add(spec, rule.kind, v, shape, path, modelPath, rule.message());
            }
        }
        if (shape.kind == Shape.Kind.MAP && v instanceof Map<?, ?> map) {
            List<Rule> keyRules = spec.bracketed(Spec.Scope.KEYS, late);
            if (!keyRules.isEmpty()) {
                for (Object key : map.keySet()) {
                    if (!(spec.arn && isArn((String) key)) && !acceptsAll(keyRules, key)) {
                        add(spec, null, v, shape, path, modelPath,
                                "Map keys must satisfy constraint: " + bracket(keyRules));
                    }
                }
            }
            List<Rule> valueRules = spec.bracketed(Spec.Scope.VALUES, late);
            if (!valueRules.isEmpty()) {
                for (Object value : map.values()) {
                    if (value != null && !acceptsAll(valueRules, value)) {
                        add(spec, null, v, shape, path, modelPath,
                                "Map value must satisfy constraint: " + bracket(valueRules));
                    }
                }
            }
        } else if (shape.kind == Shape.Kind.LIST && v instanceof List<?> list) {
            List<Rule> elementRules = spec.bracketed(Spec.Scope.ELEMENTS, late);
            if (!elementRules.isEmpty()) {
                for (Object element : list) {
                    if (element != null && !acceptsAll(elementRules, element)) {
                        add(spec, null, v, shape, path, modelPath,
                                "Member must satisfy constraint: " + bracket(elementRules));
                        break;
                    }
                }
            }
        }
        nested(shape, v, path, modelPath);
    }

    /**
     * A JSON null kept as a list element or map value: "Value null at 'transactItems.1.member' ...". Attribute
     * values (opaque here) keep the words their own conversion gives.
     */
    private static final Spec ELEMENT = new Spec();

    private void nullElements(Spec spec, Shape shape, Object v, String path, String modelPath) {
        if (v instanceof List<?> list && shape.kind == Shape.Kind.LIST && !shape.element.opaque) {
            for (int i = 0; i < list.size() && !full(); i++) {
                if (list.get(i) == null) {
                    String step = "." + (i + 1) + ".member";
                    add(spec, null, null, shape.element, path + step, modelPath + step, "Member must not be null");
                }
            }
        } else if (v instanceof Map<?, ?> map && shape.kind == Shape.Kind.MAP && !shape.value.opaque) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() == null && !full()) {
                    String step = "." + e.getKey() + ".member";
                    add(spec, null, null, shape.value, path + step, modelPath + step, "Member must not be null");
                }
            }
        }
    }

    /** Validates what a container holds: structure members, and structures inside lists and maps. */
    private void nested(Shape shape, Object v, String path, String modelPath) {
        if (full() || v == null || shape.opaque) {
            return;
        }
        if (!late && (shape.kind == Shape.Kind.LIST || shape.kind == Shape.Kind.MAP)) {
            // A list inside a map ({"RequestItems": {"t": [null]}}) has no member spec of its own.
            nullElements(ELEMENT, shape, v, path, modelPath);
        }
        switch (shape.kind) {
            case STRUCTURE -> {
                if (v instanceof Map<?, ?> map) {
                    structure(shape, map, path + ".", modelPath + ".");
                }
            }
            case LIST -> {
                if (v instanceof List<?> list && shape.element.isContainer() && !shape.element.opaque) {
                    for (int i = 0; i < list.size() && !full(); i++) {
                        String step = "." + (i + 1) + ".member";
                        nested(shape.element, list.get(i), path + step, modelPath + step);
                    }
                }
            }
            case MAP -> {
                if (v instanceof Map<?, ?> map && shape.value.isContainer() && !shape.value.opaque) {
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        if (full()) {
                            return;
                        }
                        String step = "." + e.getKey() + ".member";
                        nested(shape.value, e.getValue(), path + step, modelPath + step);
                    }
                }
            }
            default -> {
            }
        }
    }

    private static boolean acceptsAll(List<Rule> rules, Object value) {
        for (Rule r : rules) {
            if (!r.accepts(value)) {
                return false;
            }
        }
        return true;
    }

    private static String bracket(List<Rule> rules) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < rules.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(rules.get(i).message());
        }
        return sb.append(']').toString();
    }

    static boolean isArn(String s) {
        return s.startsWith("arn:");
    }
}
