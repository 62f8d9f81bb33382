package dev.skyport.dynamo.expr;

import static dev.skyport.dynamo.expr.Fixtures.n;
import static dev.skyport.dynamo.expr.Fixtures.s;
import static dev.skyport.dynamo.expr.Fixtures.validationMessage;
import static dev.skyport.dynamo.expr.Fixtures.withValues;

import org.junit.jupiter.api.Test;

/**
 * Syntax errors quote the first token no reading gets past, with the tokens on either side. The cases
 * with a source are messages recorded from the service.
 */
class SyntaxErrorTest {

    private static void condition(String expression, String token, String near) {
        validationMessage(() -> Expressions.parseCondition(expression, withValues(":v", s("x")), "ConditionExpression"))
                .isEqualTo("Invalid ConditionExpression: Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }

    private static void update(String expression, String token, String near) {
        validationMessage(() -> Expressions.parseUpdate(expression, withValues(":v", s("x"))))
                .isEqualTo("Invalid UpdateExpression: Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }

    private static void projection(String expression, String token, String near) {
        validationMessage(() -> Expressions.parseProjection(expression, ExpressionContext.empty()))
                .isEqualTo("Invalid ProjectionExpression: Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }

    @Test
    void quotesTheOffendingTokenWithItsNeighbours() {
        condition("a-b", "-", "a-b");
        condition("a = :v b", "b", ":v b");
        update("SET #as, #b = :v", ",", "#as, #b");
    }

    @Test
    void quotesTheNextTokenWhenTheFirstOneIsWrong() {
        update("INVALID SYNTAX HERE", "INVALID", "INVALID SYNTAX");
        projection("!!! INVALID !!!", "!", "!!");
    }

    @Test
    void reportsTheEndOfInputAfterTheLastToken() {
        condition("foo", "<EOF>", "foo");
        condition("contains (themes, :v", "<EOF>", ":v");
        condition("attribute_not_exists(", "<EOF>", "(");
        condition("NOT (#attr0)", "<EOF>", ")");
        condition("((((a = :v", "<EOF>", ":v");
        update("SET a = :v,", "<EOF>", ",");
        update("SET a", "<EOF>", "a");
    }

    @Test
    void reportsTheClosingParenthesisOfAnEmptyArgumentList() {
        condition("begins_with()", ")", "()");
    }

    @Test
    void identifiersStartWithALetter() {
        condition("_a = :v", "_", "_a");
        condition("1a = :v", "1", "1a");
        projection("a.1", "1", ".1");
    }

    @Test
    void listIndexesHaveNoLeadingZeros() {
        projection("a[01]", "1", "01]");
        Expressions.parseProjection("a[0], a[10]", ExpressionContext.empty());
    }

    @Test
    void keywordsCannotBeAttributeNames() {
        condition("a.and = :v", "and", ".and =");
        projection("a, in", "in", ", in");
    }

    @Test
    void updateValuesAreNotLiterals() {
        update("set a[1] = 1", "1", "= 1");
        update("set a = \"eight\"", "\"", "= \"eight");
    }

    @Test
    void arithmeticTakesTwoOperandsOnly() {
        update("set a = b + c + d", "+", "c + d");
        update("set a = (b.c).d + e", ".", ").d");
    }

    @Test
    void addAndDeleteTakeAValue() {
        update("add a b", "b", "a b");
        update("delete a = :v", "=", "a = :v");
        update("remove a = b", "=", "a = b");
    }

    @Test
    void reportsTokensOfTheRightGrammar() {
        condition("a = :v SET b = :v", "SET", ":v SET b");
        validationMessage(() -> Expressions.parseUpdate("SET a = :v + :w AND b", withValues(":v", n("1"), ":w", n("2"))))
                .isEqualTo("Invalid UpdateExpression: Syntax error; token: \"AND\", near: \":w AND b\"");
    }

    @Test
    void quotesLeadingAndTrailingBlanks() {
        condition("  !", "!", "  !");
        condition("foo  ", "<EOF>", "foo  ");
    }

    @Test
    void deeplyNestedParenthesesAreParsedWithinTheLengthLimit() {
        condition("(".repeat(2000), "<EOF>", "(");
        validationMessage(() -> Expressions.parseCondition("(".repeat(1000) + "a = :v" + ")".repeat(1000),
                withValues(":v", s("x")), "ConditionExpression"))
                .isEqualTo("Invalid ConditionExpression: The expression has redundant parentheses;");
        validationMessage(() -> Expressions.parseUpdate("SET a = " + "(".repeat(1500) + ":v" + ")".repeat(1500),
                withValues(":v", s("x"))))
                .isEqualTo("Invalid UpdateExpression: The expression has redundant parentheses;");
    }
}
