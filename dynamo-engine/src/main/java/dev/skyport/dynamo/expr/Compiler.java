package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.expr.Lexer.Kind;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns parse trees into conditions, updates and projections, with the service's checks in the service's
 * order. Like the service it makes two passes: first a walk of the parse tree for reserved words, list
 * indexes, function names and where functions may appear, and update sections used twice; then, bottom
 * up, it resolves placeholders and checks each operator's operands. The first problem found is reported.
 */
final class Compiler {

    private static final int MAX_PATH_DEPTH = 32;
    private static final int MAX_OPERATORS = 300;
    private static final int MAX_IN_OPERANDS = 100;

    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size");
    private static final Set<String> UPDATE_FUNCTIONS = Set.of("if_not_exists", "list_append");

    // The attribute_type type names, listed as the service lists them in its message.
    private static final String ATTRIBUTE_TYPES = "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}";
    private static final Set<String> TYPE_NAMES =
            Set.of("S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M");
    // How the service names the possible types of a document path operand.
    private static final String ANY_TYPE = "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";

    private static final Set<String> ORDERED = Set.of("S", "N", "B");
    private static final Set<String> STRING_OR_BINARY = Set.of("S", "B");
    private static final Set<String> SIZED = Set.of("S", "B", "SS", "NS", "BS", "L", "M");

    /**
     * How the service checks one operator's operands: their number, their possible types (null for
     * any), and whether a first operand that is a path may not be repeated.
     */
    private record Rule(String name, int operands, boolean variadic, Set<String> types, boolean distinct) {
    }

    private static final Rule BETWEEN = new Rule("BETWEEN", 3, false, ORDERED, true);
    private static final Rule IN = new Rule("IN", 1, true, null, true);
    private static final Rule SIZE = new Rule("size", 1, false, SIZED, true);
    private static final Rule IF_NOT_EXISTS = new Rule("if_not_exists", 2, false, null, true);
    private static final Rule LIST_APPEND = new Rule("list_append", 2, false, Set.of("L"), false);
    private static final Rule PLUS = new Rule("+", 2, false, Set.of("N"), false);
    private static final Rule MINUS = new Rule("-", 2, false, Set.of("N"), false);

    private final ExpressionContext context;
    private int operators;

    private Compiler(ExpressionContext context) {
        this.context = context;
    }

    static Condition condition(Syntax.Cond tree, ExpressionContext context) {
        checkCondition(tree, 0);
        return new Compiler(context).build(tree);
    }

    static Update update(List<Syntax.Section> sections, ExpressionContext context) {
        Set<Kind> seen = EnumSet.noneOf(Kind.class);
        List<Syntax.Action> actions = new ArrayList<>();
        for (Syntax.Section section : sections) {
            for (Syntax.Action action : section.actions()) {
                checkPath(action.path());
                if (action.kind() == Kind.SET) {
                    checkOperand(action.value(), 0, false);
                }
                actions.add(action);
            }
            if (!seen.add(section.keyword().kind())) {
                throw ExpressionError.of("The \"" + section.keyword().kind() + "\" section can only be used once "
                        + "in an update expression");
            }
        }
        return new Compiler(context).build(actions);
    }

    static Projection projection(List<Syntax.Path> paths, ExpressionContext context) {
        paths.forEach(Compiler::checkPath);
        Compiler compiler = new Compiler(context);
        // The service takes the paths last to first, which decides which one an overlap error names first.
        DocumentPath[] resolved = new DocumentPath[paths.size()];
        PathTree tree = new PathTree();
        for (int i = paths.size() - 1; i >= 0; i--) {
            resolved[i] = compiler.path(paths.get(i));
            tree.add(resolved[i]);
        }
        return Projection.ofPaths(Arrays.asList(resolved));
    }

    // --- first pass: the parse tree, top down and left to right ---------------------------------------

    /**
     * {@code nesting} counts the comparisons, IN, BETWEEN and functions around a node: a function alone
     * as a condition must return a boolean, and only {@code size} may sit inside another operator.
     */
    private static void checkCondition(Syntax.Cond c, int nesting) {
        switch (c) {
            case Syntax.Compare x -> {
                checkOperand(x.left(), nesting + 1, true);
                checkOperand(x.right(), nesting + 1, true);
            }
            case Syntax.In x -> {
                checkOperand(x.value(), nesting + 1, true);
                x.candidates().forEach(o -> checkOperand(o, nesting + 1, true));
            }
            case Syntax.Between x -> {
                checkOperand(x.value(), nesting + 1, true);
                checkOperand(x.lower(), nesting + 1, true);
                checkOperand(x.upper(), nesting + 1, true);
            }
            case Syntax.FunctionCond x -> checkCall(x.call(), nesting, true);
            case Syntax.Group x -> checkCondition(x.inner(), nesting);
            case Syntax.Not x -> checkCondition(x.inner(), nesting);
            case Syntax.And x -> {
                checkCondition(x.left(), nesting);
                checkCondition(x.right(), nesting);
            }
            case Syntax.Or x -> {
                checkCondition(x.left(), nesting);
                checkCondition(x.right(), nesting);
            }
        }
    }

    private static void checkOperand(Syntax.Operand o, int nesting, boolean condition) {
        switch (o) {
            case Syntax.Path p -> checkPath(p);
            case Syntax.Value v -> {
            }
            case Syntax.Call c -> checkCall(c, nesting, condition);
            case Syntax.Paren p -> checkOperand(p.inner(), nesting, condition);
            case Syntax.Arithmetic a -> {
                checkOperand(a.left(), nesting + 1, condition);
                checkOperand(a.right(), nesting + 1, condition);
            }
            case Syntax.ArithmeticParen a -> checkOperand(a.inner(), nesting, condition);
        }
    }

    private static void checkCall(Syntax.Call call, int nesting, boolean condition) {
        // Function names are case-sensitive: Size(a) is not size(a).
        String name = call.name().text();
        boolean conditionFunction = CONDITION_FUNCTIONS.contains(name);
        if (!conditionFunction && !UPDATE_FUNCTIONS.contains(name)) {
            throw ExpressionError.of("Invalid function name", "function", name);
        }
        if (condition) {
            if (!conditionFunction) {
                throw ExpressionError.of("The function is not allowed in a condition expression", "function", name);
            }
            // size returns a number, so it cannot be a condition; every other function returns a boolean,
            // so it cannot be an operand.
            if (nesting == 0 ? name.equals("size") : !name.equals("size")) {
                throw misusedFunction(name);
            }
        } else {
            if (conditionFunction) {
                throw ExpressionError.of("The function is not allowed in an update expression", "function", name);
            }
            if (nesting > 0 && !name.equals("if_not_exists")) {
                throw misusedFunction(name);
            }
        }
        call.arguments().forEach(a -> checkOperand(a, nesting + 1, condition));
    }

    private static ExpressionError misusedFunction(String name) {
        return ExpressionError.of("The function is not allowed to be used this way in an expression",
                "function", name);
    }

    private static void checkPath(Syntax.Path path) {
        for (Syntax.Element element : path.elements()) {
            switch (element) {
                case Syntax.Id id when id.token().is(Kind.ID) && ReservedWords.isReserved(id.token().text()) ->
                        throw ExpressionError.of("Attribute name is a reserved keyword", "reserved keyword",
                                id.token().text());
                case Syntax.Index index when indexValue(index) < 0 ->
                        throw ExpressionError.of("List index is not within the allowable range", "index",
                                index.text());
                default -> {
                }
            }
        }
    }

    /** The index written in {@code [n]}, or -1 when it does not fit an int. */
    private static int indexValue(Syntax.Index index) {
        try {
            return Integer.parseInt(index.text().substring(1, index.text().length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // --- second pass: bottom up, resolving placeholders and checking operators --------------------------

    private Condition build(Syntax.Cond c) {
        return switch (c) {
            case Syntax.Compare x -> {
                Operand left = operand(x.left());
                Operand right = operand(x.right());
                Comparator comparator = Comparator.ofSymbol(x.operator().text());
                boolean ordered = comparator != Comparator.EQ && comparator != Comparator.NE;
                check(new Rule(comparator.symbol(), 2, false, ordered ? ORDERED : null, true), List.of(left, right));
                counted();
                yield new Condition.Compare(comparator, left, right);
            }
            case Syntax.In x -> {
                List<Operand> operands = new ArrayList<>();
                operands.add(operand(x.value()));
                x.candidates().forEach(o -> operands.add(operand(o)));
                check(IN, operands);
                if (operands.size() > MAX_IN_OPERANDS + 1) {
                    throw ExpressionError.of("The IN operator is provided with too many operands",
                            "number of operands", operands.size() - 1);
                }
                counted();
                yield new Condition.In(operands.get(0), operands.subList(1, operands.size()));
            }
            case Syntax.Between x -> {
                Operand value = operand(x.value());
                Operand lower = operand(x.lower());
                Operand upper = operand(x.upper());
                check(BETWEEN, List.of(value, lower, upper));
                checkBounds(lower, upper);
                counted();
                yield new Condition.Between(value, lower, upper);
            }
            case Syntax.FunctionCond x -> functionCondition(x.call());
            case Syntax.Group x -> build(x.inner());
            case Syntax.Not x -> {
                Condition inner = build(x.inner());
                counted();
                yield new Condition.Not(inner);
            }
            case Syntax.And x -> {
                Condition left = build(x.left());
                Condition right = build(x.right());
                counted();
                yield new Condition.And(left, right);
            }
            case Syntax.Or x -> {
                Condition left = build(x.left());
                Condition right = build(x.right());
                counted();
                yield new Condition.Or(left, right);
            }
        };
    }

    private Condition functionCondition(Syntax.Call call) {
        String name = call.name().text();
        List<Operand> args = call.arguments().stream().map(this::operand).toList();
        Condition condition = switch (name) {
            case "attribute_exists", "attribute_not_exists" -> {
                check(new Rule(name, 1, false, null, true), args);
                if (!(args.get(0) instanceof Operand.Path p)) {
                    throw pathRequired(name);
                }
                yield name.equals("attribute_exists")
                        ? new Condition.AttributeExists(p.path()) : new Condition.AttributeNotExists(p.path());
            }
            case "attribute_type" -> {
                check(new Rule(name, 2, false, null, true), args);
                yield new Condition.AttributeType(args.get(0), attributeTypeName(args.get(1)));
            }
            case "begins_with" -> {
                check(new Rule(name, 2, false, STRING_OR_BINARY, true), args);
                yield new Condition.BeginsWith(args.get(0), args.get(1));
            }
            case "contains" -> {
                check(new Rule(name, 2, false, null, true), args);
                yield new Condition.Contains(args.get(0), args.get(1));
            }
            default -> throw new IllegalStateException("not a condition function: " + name);
        };
        counted();
        return condition;
    }

    /** The second operand of attribute_type: a string value naming one of the ten types. */
    private static String attributeTypeName(Operand operand) {
        if (!(operand instanceof Operand.Value v)) {
            throw wrongType("attribute_type", operand instanceof Operand.Path ? ANY_TYPE : symbols(types(operand)));
        }
        if (!(v.value() instanceof AttributeValue.S s)) {
            throw wrongType("attribute_type", v.value().type());
        }
        if (!TYPE_NAMES.contains(s.value())) {
            throw ExpressionError.of("Invalid attribute type name found", "type", s.value(),
                    "valid types", ATTRIBUTE_TYPES);
        }
        return s.value();
    }

    private void checkBounds(Operand lower, Operand upper) {
        if (lower instanceof Operand.Value l && upper instanceof Operand.Value u) {
            AttributeValue a = l.value();
            AttributeValue b = u.value();
            if (!a.type().equals(b.type())) {
                throw ExpressionError.of("The BETWEEN operator requires same data type for lower and upper bounds",
                        "lower bound operand", describe(a), "upper bound operand", describe(b));
            }
            if (Values.compare(a, b) > 0) {
                throw ExpressionError.of("The BETWEEN operator requires upper bound to be greater than or equal to "
                        + "lower bound", "lower bound operand", describe(a), "upper bound operand", describe(b));
            }
        }
    }

    /** A value as the service prints one in messages, e.g. {@code AttributeValue: {N:5}}. */
    static String describe(AttributeValue v) {
        String text = switch (v) {
            case AttributeValue.S s -> s.value();
            case AttributeValue.N n -> n.text();
            case AttributeValue.B b -> b.value().toBase64();
            case AttributeValue.Bool b -> String.valueOf(b.value());
            case AttributeValue.Null n -> "true";
            case AttributeValue.SS ss -> ss.values().toString();
            case AttributeValue.NS ns -> ns.values().stream().map(d -> d.toPlainString()).toList().toString();
            case AttributeValue.BS bs -> bs.values().toString();
            case AttributeValue.L l -> l.values().toString();
            case AttributeValue.M m -> m.values().toString();
        };
        return "AttributeValue: {" + v.type() + ":" + text + "}";
    }

    private Operand operand(Syntax.Operand o) {
        return switch (o) {
            case Syntax.Path p -> new Operand.Path(path(p));
            case Syntax.Value v -> new Operand.Value(value(v));
            case Syntax.Paren p -> operand(p.inner());
            case Syntax.ArithmeticParen p -> operand(p.inner());
            case Syntax.Arithmetic a -> {
                Operand left = operand(a.left());
                Operand right = operand(a.right());
                boolean plus = a.operator().is(Kind.PLUS);
                check(plus ? PLUS : MINUS, List.of(left, right));
                counted();
                yield plus ? new Operand.Plus(left, right) : new Operand.Minus(left, right);
            }
            case Syntax.Call c -> call(c);
        };
    }

    /** A function used as an operand: size in conditions, if_not_exists and list_append in updates. */
    private Operand call(Syntax.Call c) {
        List<Operand> args = c.arguments().stream().map(this::operand).toList();
        Operand result = switch (c.name().text()) {
            case "size" -> {
                check(SIZE, args);
                yield new Operand.Size(args.get(0));
            }
            case "if_not_exists" -> {
                check(IF_NOT_EXISTS, args);
                if (!(args.get(0) instanceof Operand.Path p)) {
                    throw pathRequired("if_not_exists");
                }
                yield new Operand.IfNotExists(p.path(), args.get(1));
            }
            case "list_append" -> {
                check(LIST_APPEND, args);
                yield new Operand.ListAppend(args.get(0), args.get(1));
            }
            default -> throw new IllegalStateException("not an operand function: " + c.name().text());
        };
        counted();
        return result;
    }

    private DocumentPath path(Syntax.Path p) {
        if (p.elements().size() > MAX_PATH_DEPTH) {
            throw ExpressionError.of("The document path has too many nesting levels",
                    "nesting levels", p.elements().size());
        }
        List<DocumentPath.Element> elements = new ArrayList<>(p.elements().size());
        for (Syntax.Element element : p.elements()) {
            elements.add(switch (element) {
                case Syntax.Id id when id.token().is(Kind.NAME) -> {
                    String name = context.name(id.token().text());
                    if (name == null) {
                        throw ExpressionError.of("An expression attribute name used in the document path is not "
                                + "defined", "attribute name", id.token().text());
                    }
                    yield new DocumentPath.Key(name);
                }
                case Syntax.Id id -> new DocumentPath.Key(id.token().text());
                case Syntax.Index index -> new DocumentPath.Index(indexValue(index));
                case Syntax.ValueAccess access -> throw ExpressionError.of(
                        "The document path cannot contain attribute value parameters",
                        "attribute value", access.token().text());
            });
        }
        return new DocumentPath(elements);
    }

    private AttributeValue value(Syntax.Value v) {
        AttributeValue value = context.value(v.token().text());
        if (value == null) {
            throw ExpressionError.of("An expression attribute value used in expression is not defined",
                    "attribute value", v.token().text());
        }
        return value;
    }

    /** Operand count, operand types, then a first path operand repeated later, as the service checks them. */
    private static void check(Rule rule, List<Operand> operands) {
        int n = operands.size();
        if (rule.variadic() ? n < rule.operands() : n != rule.operands()) {
            throw ExpressionError.of("Incorrect number of operands for operator or function",
                    "operator or function", rule.name(), "number of operands", n);
        }
        if (rule.types() != null) {
            for (Operand o : operands) {
                Set<String> possible = types(o);
                if (possible != null && Collections.disjoint(possible, rule.types())) {
                    throw wrongType(rule.name(), symbols(possible));
                }
            }
        }
        if (rule.distinct() && n > 1 && operands.get(0) instanceof Operand.Path first) {
            for (Operand later : operands.subList(1, n)) {
                if (later instanceof Operand.Path p && p.path().equals(first.path())) {
                    throw ExpressionError.of("The first operand must be distinct from the remaining operands for "
                            + "this operator or function", "operator", rule.name(), "first operand", first.path());
                }
            }
        }
    }

    /** The types an operand can have before the item is read; null when it can have any. */
    private static Set<String> types(Operand o) {
        return switch (o) {
            case Operand.Value v -> Set.of(v.value().type());
            case Operand.Size s -> Set.of("N");
            case Operand.Plus p -> Set.of("N");
            case Operand.Minus m -> Set.of("N");
            case Operand.ListAppend a -> Set.of("L");
            case Operand.Path p -> null;
            case Operand.IfNotExists f -> null;
        };
    }

    private static String symbols(Set<String> types) {
        return types.size() == 1 ? types.iterator().next() : "{" + String.join(",", types) + "}";
    }

    private static ExpressionError wrongType(String operator, String types) {
        return ExpressionError.of("Incorrect operand type for operator or function",
                "operator or function", operator, "operand type", types);
    }

    private static ExpressionError pathRequired(String function) {
        return ExpressionError.of("Operator or function requires a document path", "operator or function", function);
    }

    private void counted() {
        if (++operators > MAX_OPERATORS) {
            throw ExpressionError.of("The expression contains too many operators", "operator count", operators);
        }
    }

    // --- updates ----------------------------------------------------------------------------------------

    private Update build(List<Syntax.Action> actions) {
        int n = actions.size();
        // The service takes the actions last to first: first every target path (so an overlap names the
        // later path first), then every value.
        DocumentPath[] targets = new DocumentPath[n];
        PathTree tree = new PathTree();
        for (int i = n - 1; i >= 0; i--) {
            targets[i] = path(actions.get(i).path());
            tree.add(targets[i]);
        }
        UpdateAction[] built = new UpdateAction[n];
        for (int i = n - 1; i >= 0; i--) {
            Syntax.Action action = actions.get(i);
            built[i] = switch (action.kind()) {
                case SET -> new UpdateAction.SetAction(targets[i], operand(action.value()));
                case REMOVE -> new UpdateAction.RemoveAction(targets[i]);
                case ADD -> new UpdateAction.AddAction(targets[i],
                        updateOperand(action, Set.of("N", "SS", "NS", "BS"), "ALLOWED_FOR_ADD_OPERAND"));
                case DELETE -> new UpdateAction.DeleteAction(targets[i],
                        updateOperand(action, Set.of("SS", "NS", "BS"), "ALLOWED_FOR_DELETE_OPERAND"));
                default -> throw new IllegalStateException("not an update action: " + action.kind());
            };
        }
        return Update.ofExpression(Arrays.asList(built));
    }

    /** The value of an ADD or DELETE action, which must be a number (ADD only) or a set. */
    private AttributeValue updateOperand(Syntax.Action action, Set<String> allowed, String typeSet) {
        AttributeValue v = value((Syntax.Value) action.value());
        if (!allowed.contains(v.type())) {
            throw ExpressionError.of("Incorrect operand type for operator or function", "operator", action.kind(),
                    "operand type", typeName(v), "typeSet", typeSet);
        }
        return v;
    }

    /** The service's long name of a value's type, used in ADD and DELETE messages. */
    private static String typeName(AttributeValue v) {
        return switch (v) {
            case AttributeValue.S s -> "STRING";
            case AttributeValue.N n -> "NUMBER";
            case AttributeValue.B b -> "BINARY";
            case AttributeValue.Bool b -> "BOOLEAN";
            case AttributeValue.Null n -> "NULL";
            case AttributeValue.L l -> "LIST";
            case AttributeValue.M m -> "MAP";
            case AttributeValue.SS ss -> "STRING_SET";
            case AttributeValue.NS ns -> "NUMBER_SET";
            case AttributeValue.BS bs -> "BINARY_SET";
        };
    }
}
