package dev.skyport.dynamo.expr;

import static dev.skyport.dynamo.expr.Fixtures.b;
import static dev.skyport.dynamo.expr.Fixtures.bool;
import static dev.skyport.dynamo.expr.Fixtures.context;
import static dev.skyport.dynamo.expr.Fixtures.n;
import static dev.skyport.dynamo.expr.Fixtures.names;
import static dev.skyport.dynamo.expr.Fixtures.s;
import static dev.skyport.dynamo.expr.Fixtures.validationMessage;
import static dev.skyport.dynamo.expr.Fixtures.values;
import static dev.skyport.dynamo.expr.Fixtures.withValues;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The service's messages for condition expressions it refuses. */
class ConditionErrorsTest {

    private static void fails(String expression, String message, Object... valuePairs) {
        validationMessage(() -> Expressions.parseCondition(expression, withValues(valuePairs), "ConditionExpression"))
                .isEqualTo("Invalid ConditionExpression: " + message);
    }

    @Test
    void prefixesMessagesWithTheParameterName() {
        validationMessage(() -> Expressions.parseCondition("", ExpressionContext.empty(), "FilterExpression"))
                .isEqualTo("Invalid FilterExpression: The expression can not be empty;");
        validationMessage(() -> Expressions.parseCondition("", ExpressionContext.empty(), "KeyConditionExpression"))
                .isEqualTo("Invalid KeyConditionExpression: The expression can not be empty;");
    }

    @Test
    void refusesAnExpressionLongerThan4096Characters() {
        String longest = "a = :v AND " + "b".repeat(4096 - 11);
        validationMessage(() -> Expressions.parseCondition(longest + "b", withValues(":v", n("1")), "FilterExpression"))
                .isEqualTo("Invalid FilterExpression: Expression size has exceeded the maximum allowed size; "
                        + "expression size: 4097");
    }

    @Test
    void refusesRedundantParentheses() {
        fails("((attribute_not_exists(pk)))", "The expression has redundant parentheses;");
        fails("((pk = :v))", "The expression has redundant parentheses;", ":v", s("x"));
        fails("((a = :v)) AND ((b = :v))", "The expression has redundant parentheses;", ":v", s("x"));
        fails("a = :v AND ((a = :v AND a = :v)) AND a = :v", "The expression has redundant parentheses;", ":v", s("x"));
        fails("a > ((:v))", "The expression has redundant parentheses;", ":v", s("x"));
    }

    @Test
    void acceptsParenthesesThatAreNotDoubled() {
        Expressions.parseCondition("(a = :v) AND (b = :v)", withValues(":v", s("x")), "ConditionExpression");
        Expressions.parseCondition("(a = :v AND (b = :v))", withValues(":v", s("x")), "ConditionExpression");
        Expressions.parseCondition("((a = :v AND b = :v) AND a = :v)", withValues(":v", s("x")), "ConditionExpression");
        Expressions.parseCondition("(a = :v) AND (NOT (b = :v))", withValues(":v", s("x")), "ConditionExpression");
    }

    @Test
    void redundantParenthesesBeforeASyntaxErrorWin() {
        fails("((a = :v)) AND", "The expression has redundant parentheses;", ":v", s("x"));
    }

    @Test
    void refusesReservedWordsUnlessWrittenAsNames() {
        fails("status = :v", "Attribute name is a reserved keyword; reserved keyword: status", ":v", s("x"));
        fails("a.Data = :v", "Attribute name is a reserved keyword; reserved keyword: Data", ":v", s("x"));
        Expressions.parseCondition("#s = :v", context(names("#s", "status"), values(":v", s("x"))),
                "ConditionExpression");
    }

    @Test
    void reportsUndefinedNamesAndValues() {
        fails("#missing = :v", "An expression attribute name used in the document path is not defined; "
                + "attribute name: #missing", ":v", s("x"));
        fails("a = :missing", "An expression attribute value used in expression is not defined; "
                + "attribute value: :missing");
    }

    @Test
    void reportsTheFirstUndefinedPlaceholderLeftToRight() {
        fails("#n = :v", "An expression attribute name used in the document path is not defined; attribute name: #n");
    }

    @Test
    void refusesUnknownFunctionsWhoseNamesAreCaseSensitive() {
        fails("whatever(a)", "Invalid function name; function: whatever");
        fails("Size(a) > :v", "Invalid function name; function: Size", ":v", n("1"));
    }

    @Test
    void refusesUpdateFunctionsInConditions() {
        fails("if_not_exists(a, :v) = :v", "The function is not allowed in a condition expression; "
                + "function: if_not_exists", ":v", s("x"));
        fails("list_append(a, :v)", "The function is not allowed in a condition expression; function: list_append",
                ":v", s("x"));
    }

    @Test
    void refusesSizeAsAConditionAndOtherFunctionsAsOperands() {
        fails("size(a)", "The function is not allowed to be used this way in an expression; function: size");
        fails("a = :v AND size(a)", "The function is not allowed to be used this way in an expression; "
                + "function: size", ":v", s("x"));
        fails("attribute_exists(a) = :v", "The function is not allowed to be used this way in an expression; "
                + "function: attribute_exists", ":v", bool(true));
        fails("size(contains(a, :v)) > :n", "The function is not allowed to be used this way in an expression; "
                + "function: contains", ":v", s("x"), ":n", n("1"));
    }

    @Test
    void checksTheNumberOfOperandsOfFunctions() {
        fails("begins_with(a)", "Incorrect number of operands for operator or function; "
                + "operator or function: begins_with, number of operands: 1");
        fails("attribute_exists(a, b)", "Incorrect number of operands for operator or function; "
                + "operator or function: attribute_exists, number of operands: 2");
        fails("size(a, b) > :v", "Incorrect number of operands for operator or function; "
                + "operator or function: size, number of operands: 2", ":v", n("1"));
    }

    @Test
    void checksOperandTypesThatAreKnownBeforeReading() {
        fails("begins_with(a, :v)", "Incorrect operand type for operator or function; "
                + "operator or function: begins_with, operand type: N", ":v", n("1"));
        fails("size(:v) > :v", "Incorrect operand type for operator or function; "
                + "operator or function: size, operand type: BOOL", ":v", bool(true));
        fails("a < :v", "Incorrect operand type for operator or function; operator or function: <, operand type: BOOL",
                ":v", bool(true));
        fails("a BETWEEN :v AND :w", "Incorrect operand type for operator or function; "
                + "operator or function: BETWEEN, operand type: BOOL", ":v", bool(true), ":w", bool(false));
        fails("begins_with(size(a), :v)", "Incorrect operand type for operator or function; "
                + "operator or function: begins_with, operand type: N", ":v", s("x"));
    }

    @Test
    void attributeExistsNeedsADocumentPath() {
        fails("attribute_exists(:v)", "Operator or function requires a document path; "
                + "operator or function: attribute_exists", ":v", s("x"));
        fails("attribute_not_exists(size(a))", "Operator or function requires a document path; "
                + "operator or function: attribute_not_exists");
    }

    @Test
    void attributeTypeNeedsAStringNamingAType() {
        fails("attribute_type(a, :t)", "Invalid attribute type name found; type: XX, "
                + "valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}", ":t", s("XX"));
        fails("attribute_type(a, :t)", "Incorrect operand type for operator or function; "
                + "operator or function: attribute_type, operand type: N", ":t", n("1"));
        fails("attribute_type(a, b)", "Incorrect operand type for operator or function; "
                + "operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
    }

    @Test
    void refusesRepeatingTheFirstPathOperand() {
        validationMessage(() -> Expressions.parseCondition("contains(#a, #a)",
                context(names("#a", "data"), null), "ConditionExpression"))
                .isEqualTo("Invalid ConditionExpression: The first operand must be distinct from the remaining "
                        + "operands for this operator or function; operator: contains, first operand: [data]");
        fails("a.b[1] = a.b[1]", "The first operand must be distinct from the remaining operands for this operator "
                + "or function; operator: =, first operand: [a, b, [1]]");
        fails("a IN (b, a)", "The first operand must be distinct from the remaining operands for this operator "
                + "or function; operator: IN, first operand: [a]");
    }

    @Test
    void comparesPathsAfterResolvingNames() {
        validationMessage(() -> Expressions.parseCondition("#a = a", context(names("#a", "a"), null),
                "ConditionExpression"))
                .contains("The first operand must be distinct").endsWith("operator: =, first operand: [a]");
    }

    @Test
    void checksBetweenBoundsThatAreValues() {
        fails("a BETWEEN :lo AND :hi", "The BETWEEN operator requires upper bound to be greater than or equal to "
                        + "lower bound; lower bound operand: AttributeValue: {N:9}, upper bound operand: AttributeValue: {N:5}",
                ":lo", n("9"), ":hi", n("5"));
        fails("a BETWEEN :lo AND :hi", "The BETWEEN operator requires same data type for lower and upper bounds; "
                        + "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}",
                ":lo", n("1"), ":hi", s("a"));
        Expressions.parseCondition("a BETWEEN :lo AND b", withValues(":lo", n("9")), "ConditionExpression");
        Expressions.parseCondition("a BETWEEN :lo AND :hi", withValues(":lo", b("a"), ":hi", b("b")),
                "ConditionExpression");
    }

    @Test
    void allowsAtMostOneHundredInOperands() {
        String hundred = IntStream.range(0, 100).mapToObj(i -> ":v").collect(Collectors.joining(", "));
        Expressions.parseCondition("a IN (" + hundred + ")", withValues(":v", n("1")), "ConditionExpression");
        fails("a IN (" + hundred + ", :v)",
                "The IN operator is provided with too many operands; number of operands: 101", ":v", n("1"));
    }

    @Test
    void allowsAtMost300Operators() {
        String conditions = IntStream.range(0, 150).mapToObj(i -> "a = :v").collect(Collectors.joining(" AND "));
        Expressions.parseCondition(conditions, withValues(":v", n("1")), "ConditionExpression");
        fails(conditions + " AND a = :v", "The expression contains too many operators; operator count: 301",
                ":v", n("1"));
    }

    @Test
    void limitsDocumentPathsTo32Levels() {
        String deepest = "a" + ".b".repeat(31);
        Expressions.parseCondition("attribute_exists(" + deepest + ")", ExpressionContext.empty(),
                "ConditionExpression");
        fails("attribute_exists(" + deepest + ".c)",
                "The document path has too many nesting levels; nesting levels: 33");
    }

    @Test
    void refusesListIndexesTooLargeForTheService() {
        fails("attribute_exists(a[2147483648])",
                "List index is not within the allowable range; index: [2147483648]");
        Expressions.parseCondition("attribute_exists(a[2147483647])", ExpressionContext.empty(), "ConditionExpression");
    }

    @Test
    void refusesValuePlaceholdersInsidePaths() {
        fails("attribute_exists(a.:v)", "The document path cannot contain attribute value parameters; "
                + "attribute value: :v", ":v", s("x"));
    }

    @Test
    void walksTheTreeBeforeResolvingPlaceholders() {
        // A reserved word further right is found before an undefined value further left.
        fails("a = :undefined AND status = :v", "Attribute name is a reserved keyword; reserved keyword: status",
                ":v", s("x"));
    }
}
