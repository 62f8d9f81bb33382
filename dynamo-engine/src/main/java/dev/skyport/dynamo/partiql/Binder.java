package dev.skyport.dynamo.partiql;

import dev.skyport.dynamo.expr.Condition;
import dev.skyport.dynamo.expr.DocumentPath;
import dev.skyport.dynamo.expr.Operand;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.AttributeValues;
import dev.skyport.dynamo.model.DynamoException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates parsed expressions into the engine's expression objects with the statement's parameters
 * bound: values become {@link AttributeValue}s, paths {@link DocumentPath}s, WHERE clauses
 * {@link Condition}s. From here on a PartiQL condition is evaluated exactly as a ConditionExpression
 * would be, so operator semantics (type mismatches compare false, {@code size} of a number has no
 * value, ...) have one implementation.
 */
final class Binder {

    static final String TYPE_NAMES = "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}";
    private static final Set<String> TYPES = Set.of("N", "BS", "L", "B", "NULL", "M", "S", "SS", "NS", "BOOL");

    private final List<AttributeValue> parameters;

    Binder(List<AttributeValue> parameters) {
        this.parameters = parameters;
    }

    // ------------------------------------------------------------------ values

    /** Whether the expression is a constant: a literal, a parameter, or a collection of constants. */
    static boolean isValue(Expr e) {
        return switch (e) {
            case Expr.Literal l -> true;
            case Expr.Parameter p -> true;
            case Expr.ListLiteral l -> l.elements().stream().allMatch(Binder::isValue);
            case Expr.SetLiteral s -> s.elements().stream().allMatch(Binder::isValue);
            case Expr.MapLiteral m -> m.entries().stream().allMatch(en -> isValue(en.key()) && isValue(en.value()));
            default -> false;
        };
    }

    /** The value of a constant expression; anything else (a path, a condition) cannot be a value here. */
    AttributeValue value(Expr e) {
        return switch (e) {
            case Expr.Literal l -> l.value();
            case Expr.Parameter p -> parameters.get(p.index());
            case Expr.ListLiteral l -> new AttributeValue.L(l.elements().stream().map(this::value).toList());
            case Expr.MapLiteral m -> {
                Map<String, AttributeValue> values = new LinkedHashMap<>();
                for (Expr.Entry entry : m.entries()) {
                    values.put(key(entry.key()), value(entry.value()));
                }
                yield new AttributeValue.M(values);
            }
            case Expr.SetLiteral s -> set(s.elements().stream().map(this::value).toList());
            default -> throw PartiQlErrors.malformed(PartiQlErrors.UNEXPECTED_TERM);
        };
    }

    /** A map literal's key: PartiQL struct keys are strings. */
    private String key(Expr e) {
        if (value(e) instanceof AttributeValue.S s) {
            return s.value();
        }
        throw PartiQlErrors.validation("Map keys must be strings");
    }

    /**
     * A bag literal as the DynamoDB set of its element type. The set goes through the same conversion
     * as a request's SS/NS/BS, so empty sets and duplicates are refused with the usual messages.
     */
    private static AttributeValue set(List<AttributeValue> elements) {
        String type = elements.isEmpty() ? "S" : elements.get(0).type();
        List<Object> tree = new ArrayList<>(elements.size());
        for (AttributeValue element : elements) {
            if (!element.type().equals(type)) {
                throw setElementType();
            }
            tree.add(switch (element) {
                case AttributeValue.S s -> s.value();
                case AttributeValue.N n -> n.text();
                case AttributeValue.B b -> b.value().toBase64();
                default -> throw setElementType();
            });
        }
        return AttributeValues.value(Map.of(type + "S", tree));
    }

    private static DynamoException setElementType() {
        return PartiQlErrors.validation("Set elements must be all strings, all numbers or all binaries");
    }

    // ------------------------------------------------------------------ paths and operands

    static DocumentPath path(Expr.Path p) {
        List<DocumentPath.Element> elements = new ArrayList<>(p.steps().size() + 1);
        elements.add(new DocumentPath.Key(p.attribute()));
        for (Expr.Step step : p.steps()) {
            elements.add(switch (step) {
                case Expr.Name n -> new DocumentPath.Key(n.name());
                case Expr.Index i -> new DocumentPath.Index(i.index());
            });
        }
        return new DocumentPath(elements);
    }

    /** An operand of a comparison or function: a path, a value, or {@code size(operand)}. */
    Operand operand(Expr e) {
        if (isValue(e)) {
            return new Operand.Value(value(e));
        }
        return switch (e) {
            case Expr.Path p -> new Operand.Path(path(p));
            case Expr.Call c when c.name().equals("size") -> {
                arity(c, 1);
                yield new Operand.Size(operand(c.arguments().get(0)));
            }
            case Expr.Call c -> throw unknownFunction(c);
            default -> throw PartiQlErrors.malformed(PartiQlErrors.UNEXPECTED_TERM);
        };
    }

    /** The value of a SET assignment: an operand, {@code +}/{@code -} of operands, or {@code list_append}. */
    Operand setValue(Expr e) {
        return switch (e) {
            case Expr.Arithmetic a -> a.subtract()
                    ? new Operand.Minus(setValue(a.left()), setValue(a.right()))
                    : new Operand.Plus(setValue(a.left()), setValue(a.right()));
            case Expr.Call c when c.name().equals("list_append") -> {
                arity(c, 2);
                yield new Operand.ListAppend(setValue(c.arguments().get(0)), setValue(c.arguments().get(1)));
            }
            default -> operand(e);
        };
    }

    // ------------------------------------------------------------------ conditions

    Condition condition(Expr e) {
        return switch (e) {
            case Expr.Compare c -> new Condition.Compare(c.comparator(), operand(c.left()), operand(c.right()));
            case Expr.Between b -> new Condition.Between(operand(b.value()), operand(b.lower()), operand(b.upper()));
            case Expr.In in -> new Condition.In(operand(in.value()), candidates(in.candidates()));
            case Expr.And a -> new Condition.And(condition(a.left()), condition(a.right()));
            case Expr.Or o -> new Condition.Or(condition(o.left()), condition(o.right()));
            case Expr.Not n -> new Condition.Not(condition(n.operand()));
            case Expr.IsMissing m -> {
                DocumentPath path = pathOperand(m.operand());
                yield m.negated() ? new Condition.AttributeExists(path) : new Condition.AttributeNotExists(path);
            }
            case Expr.IsNull n -> {
                // In PartiQL a missing attribute IS NULL as well as one holding NULL.
                DocumentPath path = pathOperand(n.operand());
                Condition isNull = new Condition.Or(
                        new Condition.AttributeType(new Operand.Path(path), "NULL"),
                        new Condition.AttributeNotExists(path));
                yield n.negated() ? new Condition.Not(isNull) : isNull;
            }
            case Expr.Call c -> function(c);
            default -> throw PartiQlErrors.malformed(PartiQlErrors.UNEXPECTED_TERM);
        };
    }

    /** The candidates of IN: the list's elements, or the elements of a list parameter. */
    private List<Operand> candidates(Expr candidates) {
        if (candidates instanceof Expr.ListLiteral list) {
            return list.elements().stream().map(this::operand).toList();
        }
        if (value(candidates) instanceof AttributeValue.L list) {
            return list.values().stream().<Operand>map(Operand.Value::new).toList();
        }
        throw PartiQlErrors.validation("The IN operator requires a list of values");
    }

    /** The functions that are conditions: begins_with, contains, attribute_type. */
    private Condition function(Expr.Call c) {
        switch (c.name()) {
            case "begins_with" -> {
                arity(c, 2);
                return new Condition.BeginsWith(operand(c.arguments().get(0)), operand(c.arguments().get(1)));
            }
            case "contains" -> {
                arity(c, 2);
                return new Condition.Contains(operand(c.arguments().get(0)), operand(c.arguments().get(1)));
            }
            case "attribute_type" -> {
                arity(c, 2);
                Operand operand = operand(c.arguments().get(0));
                Expr typeExpr = c.arguments().get(1);
                if (!isValue(typeExpr) || !(value(typeExpr) instanceof AttributeValue.S type)) {
                    throw PartiQlErrors.validation("The second argument of attribute_type must be a type name: "
                            + TYPE_NAMES);
                }
                if (!TYPES.contains(type.value())) {
                    throw PartiQlErrors.validation("Invalid attribute type name found; type: " + type.value()
                            + ", valid types: " + TYPE_NAMES);
                }
                return new Condition.AttributeType(operand, type.value());
            }
            case "size", "list_append", "set_add", "set_delete" -> throw PartiQlErrors.validation(
                    "The function " + c.name() + " is not a condition and cannot be used here");
            default -> throw unknownFunction(c);
        }
    }

    private static DocumentPath pathOperand(Expr e) {
        if (e instanceof Expr.Path p) {
            return path(p);
        }
        throw PartiQlErrors.malformed(PartiQlErrors.UNEXPECTED_TERM);
    }

    static void arity(Expr.Call c, int expected) {
        if (c.arguments().size() != expected) {
            throw PartiQlErrors.validation("Incorrect number of arguments for function " + c.name() + ": expected "
                    + expected + ", got " + c.arguments().size());
        }
    }

    static DynamoException unknownFunction(Expr.Call c) {
        return PartiQlErrors.validation("Unsupported function: " + c.name());
    }
}
