package dev.skyport.dynamo.api.shape;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The constraints that apply to one member of a structure: those of the member itself (required)
 * and of the shape it targets, as adjusted by the quirks file. Rules are split into two stages:
 * the early rules are coral's constraint validation; the late ones are checked only when the early
 * stage found nothing (the service validates table names in such a second step).
 */
final class Spec {

    /**
     * Order of a value's own rule errors. The service's exact recordings disagree over time (2013:
     * pattern before maximum length; later: minimum length before pattern); the later one is used.
     */
    private static final Rule.Kind[] OWN_ORDER = {
        Rule.Kind.MIN_LENGTH, Rule.Kind.MAX_LENGTH, Rule.Kind.PATTERN,
        Rule.Kind.MIN_VALUE, Rule.Kind.MAX_VALUE, Rule.Kind.ENUM,
    };

    /** Which part of a value a rule set constrains. */
    enum Scope {
        OWN, KEYS, VALUES, ELEMENTS;

        static Scope parse(String word) {
            return switch (word) {
                case "keys" -> KEYS;
                case "values" -> VALUES;
                case "elements" -> ELEMENTS;
                default -> null;
            };
        }
    }

    boolean notNull;
    /** Missing member answers "The parameter 'X' is required but was not present in the request". */
    boolean requiredMessage;
    /** Out-of-range name answers "X must be at least 3 characters long and at most 255 characters long". */
    boolean tableNameMessage;
    /** Values (and map keys) starting with "arn:" skip the name rules (pattern and lengths). */
    boolean arn;
    /** The value is not printed in messages ("Value at 'x' failed to satisfy ..."). */
    boolean redact;
    /**
     * Rules (all of them when empty) whose errors are reported in the newer validation framework's
     * words: no value, and the path in the model's member names ("Value at 'RequestItems.t.member.Keys'"
     * rather than "at 'requestItems.t.member.keys'"); null when there are none.
     */
    Set<Rule.Kind> framework;

    private final Map<Scope, EnumMap<Rule.Kind, Rule>> early = new EnumMap<>(Scope.class);
    private final Map<Scope, EnumMap<Rule.Kind, Rule>> late = new EnumMap<>(Scope.class);

    void set(Scope scope, Rule rule, boolean lateStage) {
        drop(scope, rule.kind);
        (lateStage ? late : early).computeIfAbsent(scope, s -> new EnumMap<>(Rule.Kind.class)).put(rule.kind, rule);
    }

    /** Moves an existing early rule to the late stage, keeping its argument. */
    void postpone(Scope scope, Rule.Kind kind) {
        EnumMap<Rule.Kind, Rule> rules = early.get(scope);
        Rule rule = rules == null ? null : rules.remove(kind);
        if (rule != null) {
            late.computeIfAbsent(scope, s -> new EnumMap<>(Rule.Kind.class)).put(kind, rule);
        }
    }

    void drop(Scope scope, Rule.Kind kind) {
        for (Map<Scope, EnumMap<Rule.Kind, Rule>> stage : List.of(early, late)) {
            EnumMap<Rule.Kind, Rule> rules = stage.get(scope);
            if (rules != null) {
                if (kind == null) {
                    rules.clear();
                } else {
                    rules.remove(kind);
                }
            }
        }
    }

    /** The value's own rules in the order the service reports their errors. */
    List<Rule> own(boolean lateStage) {
        EnumMap<Rule.Kind, Rule> rules = (lateStage ? late : early).get(Scope.OWN);
        if (rules == null || rules.isEmpty()) {
            return List.of();
        }
        List<Rule> list = new ArrayList<>(rules.size());
        for (Rule.Kind kind : OWN_ORDER) {
            Rule rule = rules.get(kind);
            if (rule != null) {
                list.add(rule);
            }
        }
        return list;
    }

    /** Key, value or element rules in bracket order ("[max, min, pattern]"). */
    List<Rule> bracketed(Scope scope, boolean lateStage) {
        EnumMap<Rule.Kind, Rule> rules = (lateStage ? late : early).get(scope);
        return rules == null ? List.of() : List.copyOf(rules.values());
    }

    /** Whether an error of this rule (null: a missing or malformed member) takes the framework's words. */
    boolean framework(Rule.Kind kind) {
        return framework != null && (framework.isEmpty() || framework.contains(kind));
    }

    @Override
    public String toString() {
        return "Spec{notNull=" + notNull + ", early=" + early + ", late=" + late + "}";
    }
}
