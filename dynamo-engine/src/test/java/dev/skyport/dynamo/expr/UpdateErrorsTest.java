package dev.skyport.dynamo.expr;

import static dev.skyport.dynamo.expr.Fixtures.b;
import static dev.skyport.dynamo.expr.Fixtures.bool;
import static dev.skyport.dynamo.expr.Fixtures.context;
import static dev.skyport.dynamo.expr.Fixtures.l;
import static dev.skyport.dynamo.expr.Fixtures.m;
import static dev.skyport.dynamo.expr.Fixtures.n;
import static dev.skyport.dynamo.expr.Fixtures.names;
import static dev.skyport.dynamo.expr.Fixtures.nul;
import static dev.skyport.dynamo.expr.Fixtures.s;
import static dev.skyport.dynamo.expr.Fixtures.ss;
import static dev.skyport.dynamo.expr.Fixtures.validationMessage;
import static dev.skyport.dynamo.expr.Fixtures.values;
import static dev.skyport.dynamo.expr.Fixtures.withValues;

import org.junit.jupiter.api.Test;

/** The service's messages for update expressions it refuses before reading the item. */
class UpdateErrorsTest {

    private static void fails(String expression, String message, Object... valuePairs) {
        validationMessage(() -> Expressions.parseUpdate(expression, withValues(valuePairs)))
                .isEqualTo("Invalid UpdateExpression: " + message);
    }

    private static void fails(String expression, ExpressionContext context, String message) {
        validationMessage(() -> Expressions.parseUpdate(expression, context))
                .isEqualTo("Invalid UpdateExpression: " + message);
    }

    @Test
    void refusesAnEmptyExpression() {
        fails("", "The expression can not be empty;");
    }

    @Test
    void refusesAnExpressionLongerThan4096CharactersWithoutGivingItsSize() {
        fails("SET a = :v" + " ".repeat(4096 - 9), "Expression size has exceeded the maximum allowed size;",
                ":v", s("x"));
    }

    @Test
    void allowsEachSectionOnce() {
        fails("set a = :v set c = :v", "The \"SET\" section can only be used once in an update expression;",
                ":v", s("x"));
        fails("remove a set b = :v remove e", "The \"REMOVE\" section can only be used once in an update expression;",
                ":v", s("x"));
        fails("add a :v set b = :w add e :v", "The \"ADD\" section can only be used once in an update expression;",
                ":v", n("1"), ":w", s("x"));
        fails("delete a :v delete e :v", "The \"DELETE\" section can only be used once in an update expression;",
                ":v", ss("x"));
    }

    @Test
    void allowsSectionsInAnyOrder() {
        Expressions.parseUpdate("REMOVE b DELETE c :c ADD d :d, e :c SET f = :f",
                withValues(":c", ss("a"), ":d", n("5"), ":f", l()));
    }

    @Test
    void refusesConditionFunctions() {
        fails("SET a = size(b)", "The function is not allowed in an update expression; function: size");
        fails("SET a = if_not_exists(b, contains(c, :v))", "The function is not allowed in an update expression; "
                + "function: contains", ":v", s("x"));
        fails("SET a = whatever(b)", "Invalid function name; function: whatever");
    }

    @Test
    void onlyIfNotExistsMayBeNested() {
        fails("SET a = list_append(list_append(a, :l), :l)", "The function is not allowed to be used this way in an "
                + "expression; function: list_append", ":l", l());
        fails("SET a = list_append(b, :l) + :n", "The function is not allowed to be used this way in an "
                + "expression; function: list_append", ":l", l(), ":n", n("1"));
        Expressions.parseUpdate("SET a = list_append(if_not_exists(a, :l), :l), b = if_not_exists(b, :n) + :n",
                withValues(":l", l(), ":n", n("1")));
    }

    @Test
    void checksFunctionOperands() {
        fails("SET a = if_not_exists(:v, b)", "Operator or function requires a document path; "
                + "operator or function: if_not_exists", ":v", s("x"));
        fails("SET a = if_not_exists(b)", "Incorrect number of operands for operator or function; "
                + "operator or function: if_not_exists, number of operands: 1");
        fails("SET a = list_append(:v, b)", "Incorrect operand type for operator or function; "
                + "operator or function: list_append, operand type: S", ":v", s("x"));
        fails("SET a = a + :v", "Incorrect operand type for operator or function; "
                + "operator or function: +, operand type: S", ":v", s("x"));
        fails("SET a = :v - a", "Incorrect operand type for operator or function; "
                + "operator or function: -, operand type: M", ":v", m());
        fails("SET a = if_not_exists(a, a)", "The first operand must be distinct from the remaining operands for "
                + "this operator or function; operator: if_not_exists, first operand: [a]");
    }

    @Test
    void addTakesNumbersAndSetsAndDeleteTakesSets() {
        fails("add a :v", "Incorrect operand type for operator or function; operator: ADD, operand type: STRING, "
                + "typeSet: ALLOWED_FOR_ADD_OPERAND", ":v", s("x"));
        fails("add a :v", "Incorrect operand type for operator or function; operator: ADD, operand type: LIST, "
                + "typeSet: ALLOWED_FOR_ADD_OPERAND", ":v", l());
        fails("add a :v", "Incorrect operand type for operator or function; operator: ADD, operand type: BOOLEAN, "
                + "typeSet: ALLOWED_FOR_ADD_OPERAND", ":v", bool(false));
        fails("delete a :v", "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, "
                + "typeSet: ALLOWED_FOR_DELETE_OPERAND", ":v", n("1"));
        fails("delete a :v", "Incorrect operand type for operator or function; operator: DELETE, operand type: NULL, "
                + "typeSet: ALLOWED_FOR_DELETE_OPERAND", ":v", nul());
        fails("delete a :v", "Incorrect operand type for operator or function; operator: DELETE, operand type: BINARY, "
                + "typeSet: ALLOWED_FOR_DELETE_OPERAND", ":v", b("x"));
    }

    @Test
    void refusesOverlappingPathsNamingTheLaterOneFirst() {
        String overlap = "Two document paths overlap with each other; must remove or rewrite one of these paths; ";
        ExpressionContext ctx = context(names("#c", "c", "#d", "[3]"), null);
        fails("set c.b.#c = a, c = a, #d = a", ctx, overlap + "path one: [c, b, c], path two: [c]");
        fails("set a = b remove a, #c, #d", ctx, overlap + "path one: [a], path two: [a]");
        fails("set #c[3].#d = a, #c[3] = a", ctx, overlap + "path one: [c, [3], [3]], path two: [c, [3]]");
        fails("remove c, #c.a, #d", ctx, overlap + "path one: [c], path two: [c, a]");
        fails("SET #v = :a, #v = :b", context(names("#v", "val"), values(":a", s("a"), ":b", s("b"))),
                overlap + "path one: [val], path two: [val]");
    }

    @Test
    void refusesConflictingPaths() {
        String conflict = "Two document paths conflict with each other; must remove or rewrite one of these paths; ";
        ExpressionContext ctx = context(names("#c", "c", "#d", "[3]"), null);
        fails("set #c[3].#d = a, #c.#d[3] = a", ctx, conflict + "path one: [c, [3], [3]], path two: [c, [3], [3]]");
        fails("remove a.#c set a[1] = #d", ctx, conflict + "path one: [a, c], path two: [a, [1]]");
    }

    @Test
    void checksPlaceholdersOfTargetsBeforeValues() {
        fails("SET a = :undefined, #undefined = :v",
                "An expression attribute name used in the document path is not defined; attribute name: #undefined",
                ":v", s("x"));
    }

    @Test
    void checksActionsLastToFirst() {
        // The service takes the actions in reverse, so the ADD is checked before the SET values.
        fails("set b = list_append(:a, a), c = if_not_exists(a) add d :a", "Incorrect operand type for operator or "
                + "function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND", ":a", s("a"));
    }

    @Test
    void refusesReservedWords() {
        fails(" set #c = :c set abOrt = :c ", context(names("#c", "c"), values(":c", s("x"))),
                "Attribute name is a reserved keyword; reserved keyword: abOrt");
        fails(" remove Absolute ", "Attribute name is a reserved keyword; reserved keyword: Absolute");
    }

    @Test
    void refusesRedundantParenthesesAroundArithmetic() {
        fails("SET a = ((b + :n))", "The expression has redundant parentheses;", ":n", n("1"));
        Expressions.parseUpdate("SET a = (b + :n), c = (b) + (:n)", withValues(":n", n("1")));
    }
}
