package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.expr.Lexer.Token;
import java.util.List;

/**
 * The parse tree, before names and values are resolved: what the parser accepted, with the tokens kept
 * so that the later checks can quote the text the service quotes.
 */
final class Syntax {

    private Syntax() {
    }

    /** A condition: a comparison, IN, BETWEEN, a function, or a combination of conditions. */
    sealed interface Cond permits Compare, In, Between, FunctionCond, Group, Not, And, Or {
    }

    record Compare(Operand left, Token operator, Operand right) implements Cond {
    }

    record In(Operand value, List<Operand> candidates) implements Cond {
    }

    record Between(Operand value, Operand lower, Operand upper) implements Cond {
    }

    record FunctionCond(Call call) implements Cond {
    }

    /** A parenthesized condition. */
    record Group(Cond inner) implements Cond {
    }

    record Not(Cond inner) implements Cond {
    }

    record And(Cond left, Cond right) implements Cond {
    }

    record Or(Cond left, Cond right) implements Cond {
    }

    /** An operand, or (in a SET action only) an arithmetic value. */
    sealed interface Operand permits Path, Value, Call, Paren, Arithmetic, ArithmeticParen {
    }

    record Path(List<Element> elements) implements Operand {
    }

    /** A path element: an identifier or {@code #name}, a {@code [n]} index, or a {@code .:value} access. */
    sealed interface Element permits Id, Index, ValueAccess {
    }

    record Id(Token token) implements Element {
    }

    /** A list index; {@code text} is written as the service quotes it, e.g. {@code [12]}. */
    record Index(String text) implements Element {
    }

    record ValueAccess(Token token) implements Element {
    }

    record Value(Token token) implements Operand {
    }

    record Call(Token name, List<Operand> arguments) implements Operand {
    }

    /** A parenthesized operand. */
    record Paren(Operand inner) implements Operand {
    }

    record Arithmetic(Operand left, Token operator, Operand right) implements Operand {
    }

    /** A parenthesized arithmetic value, {@code (a + b)}. */
    record ArithmeticParen(Operand inner) implements Operand {
    }

    /** One section of an update expression: its keyword and its actions. */
    record Section(Token keyword, List<Action> actions) {
    }

    /** An update action; {@code value} is the SET value or the ADD/DELETE operand, null for REMOVE. */
    record Action(Lexer.Kind kind, Path path, Operand value) {
    }
}
