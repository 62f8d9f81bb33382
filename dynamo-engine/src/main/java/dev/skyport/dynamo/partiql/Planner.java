package dev.skyport.dynamo.partiql;

import dev.skyport.dynamo.expr.Comparator;
import dev.skyport.dynamo.expr.Condition;
import dev.skyport.dynamo.expr.DocumentPath;
import dev.skyport.dynamo.expr.Projection;
import dev.skyport.dynamo.expr.RangeCondition;
import dev.skyport.dynamo.expr.UpdateAction;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.model.Values;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.PrimaryKey;
import dev.skyport.dynamo.storage.TableData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a parsed statement and its parameters into a {@link Plan}: looks the table (and index) up,
 * binds the parameters, and decides how a SELECT reads (Query or Scan) and which item a write targets.
 */
public final class Planner {

    /** Where a statement runs; batches and transactions read single items only. */
    public enum Mode {
        STATEMENT, BATCH, TRANSACTION
    }

    private final Function<String, TableData> tables;
    private final ItemRules rules;

    /**
     * @param tables the table of a name, throwing the service's ResourceNotFoundException when there is none
     */
    public Planner(Function<String, TableData> tables, ItemRules rules) {
        this.tables = tables;
        this.rules = rules;
    }

    public Plan plan(Statement.Parsed parsed, List<AttributeValue> parameters, Mode mode) {
        if (parameters.size() != parsed.parameterCount()) {
            throw PartiQlErrors.validation(PartiQlErrors.PARAMETER_COUNT);
        }
        Binder binder = new Binder(parameters);
        return switch (parsed.statement()) {
            case Statement.Select s -> mode == Mode.STATEMENT ? read(s, binder) : get(s, binder);
            case Statement.Insert s -> insert(s, binder);
            case Statement.Update s -> update(s, binder);
            case Statement.Delete s -> delete(s, binder);
            case Statement.Exists s -> {
                if (mode != Mode.TRANSACTION) {
                    throw PartiQlErrors.validation(PartiQlErrors.EXISTS_OUTSIDE_TRANSACTION);
                }
                yield check(s, binder);
            }
        };
    }

    // ------------------------------------------------------------------ SELECT

    private Plan.Read read(Statement.Select s, Binder binder) {
        TableData table = tables.apply(s.from().table());
        IndexDefinition index = null;
        KeySchema key = table.definition().key();
        if (s.from().index() != null) {
            index = table.definition().index(s.from().index());
            if (index == null) {
                throw PartiQlErrors.validation("The table does not have the specified index: " + s.from().index());
            }
            key = index.key();
        }
        Condition filter = s.where() == null ? null : binder.condition(s.where());
        List<Expr> conjuncts = conjuncts(s.where());
        List<AttributeValue> hashValues = hashValues(conjuncts, key, binder);
        RangeCondition range = hashValues == null || !key.hasRange() ? null : range(conjuncts, key, binder);
        boolean forward = forward(s, key, hashValues);
        return new Plan.Read(table, index, key, hashValues, range, forward, filter, projection(s));
    }

    /** A SELECT in a batch or transaction: one item, by its full primary key, from the table. */
    private Plan.Get get(Statement.Select s, Binder binder) {
        TableData table = tables.apply(s.from().table());
        if (s.from().index() != null) {
            throw PartiQlErrors.validation(PartiQlErrors.MANDATORY_KEY_EQUALITY);
        }
        KeyMatch match = keyMatch(s.where(), table, binder);
        return new Plan.Get(table, rules.key(table, match.key()), match.rest(), projection(s));
    }

    private static Projection projection(Statement.Select s) {
        if (s.projection().isEmpty()) {
            return null;
        }
        return Projection.ofPaths(s.projection().stream().map(Binder::path).toList());
    }

    /**
     * The partition key values the WHERE fixes with {@code pk = v} or {@code pk IN [...]} at its top level
     * (ANDed with the rest), or null when it fixes none and the SELECT scans. Values of another type than
     * the key's match no item and are dropped.
     */
    private static List<AttributeValue> hashValues(List<Expr> conjuncts, KeySchema key, Binder binder) {
        for (Expr c : conjuncts) {
            AttributeValue equal = equality(c, key.hashName(), binder);
            if (equal != null) {
                return equal.type().equals(key.hashType()) ? List.of(equal) : List.of();
            }
            if (c instanceof Expr.In in && isAttribute(in.value(), key.hashName()) && Binder.isValue(in.candidates())) {
                List<AttributeValue> candidates = switch (in.candidates()) {
                    case Expr.ListLiteral list -> list.elements().stream().map(binder::value).toList();
                    case Expr.Parameter p when binder.value(p) instanceof AttributeValue.L list -> list.values();
                    default -> null;
                };
                if (candidates == null) {
                    continue;
                }
                LinkedHashSet<AttributeValue> distinct = new LinkedHashSet<>();
                for (AttributeValue v : candidates) {
                    if (v.type().equals(key.hashType())) {
                        distinct.add(v);
                    }
                }
                return List.copyOf(distinct);
            }
        }
        return null;
    }

    /**
     * The first top-level condition on the sort key that a Query can narrow by ({@code =}, {@code <},
     * {@code <=}, {@code >}, {@code >=}, BETWEEN, begins_with with values of the key's type), or null.
     */
    private static RangeCondition range(List<Expr> conjuncts, KeySchema key, Binder binder) {
        String name = key.rangeName();
        String type = key.rangeType();
        for (Expr c : conjuncts) {
            switch (c) {
                case Expr.Compare compare when compare.comparator() != Comparator.NE -> {
                    boolean leftIsKey = isAttribute(compare.left(), name) && Binder.isValue(compare.right());
                    boolean rightIsKey = isAttribute(compare.right(), name) && Binder.isValue(compare.left());
                    if (!leftIsKey && !rightIsKey) {
                        continue;
                    }
                    AttributeValue v = binder.value(leftIsKey ? compare.right() : compare.left());
                    if (!v.type().equals(type)) {
                        continue;
                    }
                    // "5 < sk" is "sk > 5".
                    Comparator comparator = leftIsKey ? compare.comparator() : switch (compare.comparator()) {
                        case LT -> Comparator.GT;
                        case LE -> Comparator.GE;
                        case GT -> Comparator.LT;
                        case GE -> Comparator.LE;
                        default -> compare.comparator();
                    };
                    return new RangeCondition(name, comparator.name(), List.of(v));
                }
                case Expr.Between between when isAttribute(between.value(), name) && Binder.isValue(between.lower())
                        && Binder.isValue(between.upper()) -> {
                    AttributeValue lower = binder.value(between.lower());
                    AttributeValue upper = binder.value(between.upper());
                    // Bounds out of order select nothing; the filter sees to that without a key range.
                    if (lower.type().equals(type) && upper.type().equals(type) && Values.compare(lower, upper) <= 0) {
                        return new RangeCondition(name, "BETWEEN", List.of(lower, upper));
                    }
                }
                case Expr.Call call when call.name().equals("begins_with") && call.arguments().size() == 2
                        && isAttribute(call.arguments().get(0), name) && Binder.isValue(call.arguments().get(1)) -> {
                    AttributeValue prefix = binder.value(call.arguments().get(1));
                    if (prefix.type().equals(type) && !type.equals("N")) {
                        return new RangeCondition(name, "BEGINS_WITH", List.of(prefix));
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }

    /** ORDER BY: only on the sort key, and only when the partition key is fixed (the order of a Query). */
    private static boolean forward(Statement.Select s, KeySchema key, List<AttributeValue> hashValues) {
        if (s.orderBy().isEmpty()) {
            return true;
        }
        if (s.where() == null) {
            throw PartiQlErrors.validation(PartiQlErrors.ORDER_BY_NEEDS_WHERE);
        }
        if (hashValues == null) {
            throw PartiQlErrors.validation(PartiQlErrors.ORDER_BY_NEEDS_PARTITION);
        }
        boolean forward = true;
        for (Statement.Ordering ordering : s.orderBy()) {
            Expr.Path path = ordering.path();
            if (path.isTopLevel() && path.attribute().equals(key.rangeName())) {
                forward = !ordering.descending();
            } else if (!path.isTopLevel() || !path.attribute().equals(key.hashName())) {
                // Ordering by the partition key is harmless: it is fixed. Anything else is not an order a Query has.
                throw PartiQlErrors.validation(PartiQlErrors.ORDER_BY_SORT_KEY);
            }
        }
        return forward;
    }

    // ------------------------------------------------------------------ writes

    private Plan.Insert insert(Statement.Insert s, Binder binder) {
        TableData table = tables.apply(s.into().table());
        if (!(binder.value(s.value()) instanceof AttributeValue.M map)) {
            throw PartiQlErrors.validation("The VALUE of an INSERT must be a map of attribute names to values");
        }
        Map<String, AttributeValue> item = map.values();
        return new Plan.Insert(table, rules.item(table, item), item);
    }

    private Plan.Update update(Statement.Update s, Binder binder) {
        TableData table = tables.apply(s.target().table());
        KeyMatch match = keyMatch(s.where(), table, binder);
        PrimaryKey key = rules.key(table, match.key());
        List<UpdateAction> actions = new ArrayList<>();
        for (Statement.Clause clause : s.clauses()) {
            actions.add(switch (clause) {
                case Statement.Assign a -> assignment(a, binder);
                case Statement.Remove r -> new UpdateAction.RemoveAction(Binder.path(r.path()));
            });
        }
        dev.skyport.dynamo.expr.Update update = UpdateExpressions.of(actions);
        for (String attribute : update.topLevelAttributes()) {
            if (table.definition().key().isKeyAttribute(attribute)) {
                throw DynamoException.validation("One or more parameter values were invalid: Cannot update attribute "
                        + attribute + ". This attribute is part of the key");
            }
        }
        return new Plan.Update(table, key, update, match.rest(), s.returning());
    }

    /** {@code SET p = v}; {@code SET p = set_add(p, <<..>>)} and {@code set_delete} are ADD and DELETE. */
    private static UpdateAction assignment(Statement.Assign a, Binder binder) {
        DocumentPath path = Binder.path(a.path());
        if (a.value() instanceof Expr.Call call && (call.name().equals("set_add") || call.name().equals("set_delete"))) {
            Binder.arity(call, 2);
            if (!(call.arguments().get(0) instanceof Expr.Path first) || !Binder.path(first).equals(path)) {
                throw PartiQlErrors.validation("The first argument of " + call.name()
                        + " must be the path being set");
            }
            if (!Binder.isValue(call.arguments().get(1))) {
                throw PartiQlErrors.malformed(PartiQlErrors.UNEXPECTED_TERM);
            }
            AttributeValue value = binder.value(call.arguments().get(1));
            return call.name().equals("set_add") ? new UpdateAction.AddAction(path, value)
                    : new UpdateAction.DeleteAction(path, value);
        }
        return new UpdateAction.SetAction(path, binder.setValue(a.value()));
    }

    private Plan.Delete delete(Statement.Delete s, Binder binder) {
        TableData table = tables.apply(s.from().table());
        if (s.returning() != null && s.returning() != Statement.Returning.ALL_OLD) {
            throw PartiQlErrors.validation("DELETE statements support only RETURNING ALL OLD *");
        }
        KeyMatch match = keyMatch(s.where(), table, binder);
        return new Plan.Delete(table, rules.key(table, match.key()), match.rest(), s.returning());
    }

    private Plan.Check check(Statement.Exists s, Binder binder) {
        Statement.Select select = s.select();
        TableData table = tables.apply(select.from().table());
        if (select.from().index() != null) {
            throw PartiQlErrors.validation(PartiQlErrors.MANDATORY_KEY_EQUALITY);
        }
        KeyMatch match = keyMatch(select.where(), table, binder);
        return new Plan.Check(table, rules.key(table, match.key()), match.rest());
    }

    // ------------------------------------------------------------------ WHERE analysis

    /** The item a write targets, and the WHERE's other conditions (null when there are none). */
    private record KeyMatch(Map<String, AttributeValue> key, Condition rest) {
    }

    /**
     * Splits a WHERE into the equalities on every key attribute (required: they name the item) and the
     * rest, which becomes the write's condition. Only equalities ANDed at the top level count.
     */
    private static KeyMatch keyMatch(Expr where, TableData table, Binder binder) {
        KeySchema schema = table.definition().key();
        Map<String, AttributeValue> found = new LinkedHashMap<>();
        Condition rest = null;
        for (Expr c : conjuncts(where)) {
            String attribute = keyAttribute(c, schema, found);
            if (attribute != null) {
                found.put(attribute, equality(c, attribute, binder));
                continue;
            }
            Condition condition = binder.condition(c);
            rest = rest == null ? condition : new Condition.And(rest, condition);
        }
        if (!found.containsKey(schema.hashName()) || (schema.hasRange() && !found.containsKey(schema.rangeName()))) {
            throw PartiQlErrors.validation(PartiQlErrors.MANDATORY_KEY_EQUALITY);
        }
        // Key attributes in schema order, as a Key member would list them.
        return new KeyMatch(schema.keyOf(found), rest);
    }

    /** The key attribute a conjunct fixes with {@code =} and that is not fixed yet, or null. */
    private static String keyAttribute(Expr c, KeySchema schema, Map<String, AttributeValue> found) {
        for (String name : schema.hasRange() ? List.of(schema.hashName(), schema.rangeName())
                : List.of(schema.hashName())) {
            if (!found.containsKey(name) && c instanceof Expr.Compare compare && compare.comparator() == Comparator.EQ
                    && ((isAttribute(compare.left(), name) && Binder.isValue(compare.right()))
                    || (isAttribute(compare.right(), name) && Binder.isValue(compare.left())))) {
                return name;
            }
        }
        return null;
    }

    /** The value {@code c} sets {@code attribute} equal to ({@code a = v} or {@code v = a}), or null. */
    private static AttributeValue equality(Expr c, String attribute, Binder binder) {
        if (c instanceof Expr.Compare compare && compare.comparator() == Comparator.EQ) {
            if (isAttribute(compare.left(), attribute) && Binder.isValue(compare.right())) {
                return binder.value(compare.right());
            }
            if (isAttribute(compare.right(), attribute) && Binder.isValue(compare.left())) {
                return binder.value(compare.left());
            }
        }
        return null;
    }

    private static boolean isAttribute(Expr e, String name) {
        return name != null && e instanceof Expr.Path p && p.isTopLevel() && p.attribute().equals(name);
    }

    /** The conditions ANDed at the top level of a WHERE, left to right; none for no WHERE. */
    static List<Expr> conjuncts(Expr where) {
        List<Expr> out = new ArrayList<>();
        if (where != null) {
            collect(where, out);
        }
        return out;
    }

    private static void collect(Expr e, List<Expr> out) {
        if (e instanceof Expr.And and) {
            collect(and.left(), out);
            collect(and.right(), out);
        } else {
            out.add(e);
        }
    }
}
