package dev.skyport.dynamo.partiql;

import dev.skyport.dynamo.expr.Comparator;
import dev.skyport.dynamo.model.AttributeValue;
import java.util.List;

/**
 * An expression of a statement as parsed, before parameters are bound or names resolved against a
 * table. Conditions and values share one tree because the grammar does ({@code (a = 1)} and
 * {@code (1)} are both parenthesized expressions); the {@link Binder} decides which role a node can
 * play and refuses the rest.
 */
public sealed interface Expr {

    /** One step of a path after its first name: {@code .name}, {@code ['name']} or {@code [3]}. */
    sealed interface Step permits Name, Index {
    }

    record Name(String name) implements Step {
    }

    record Index(int index) implements Step {
    }

    /** A document path: an attribute name followed by steps into maps and lists. */
    record Path(String attribute, List<Step> steps) implements Expr {

        public Path {
            steps = List.copyOf(steps);
        }

        /** True when the path names a top-level attribute and nothing inside it. */
        public boolean isTopLevel() {
            return steps.isEmpty();
        }
    }

    /** A scalar literal: a string, number, TRUE/FALSE or NULL. */
    record Literal(AttributeValue value) implements Expr {
    }

    /** The {@code index}-th {@code ?} of the statement, counting from 0 in text order. */
    record Parameter(int index) implements Expr {
    }

    /** {@code [a, b]}. */
    record ListLiteral(List<Expr> elements) implements Expr {

        public ListLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** {@code {'k': v, ...}}; keys are expressions that must come out as strings. */
    record MapLiteral(List<Entry> entries) implements Expr {

        public MapLiteral {
            entries = List.copyOf(entries);
        }
    }

    record Entry(Expr key, Expr value) {
    }

    /** {@code <<a, b>>}, a bag, which DynamoDB stores as a string, number or binary set. */
    record SetLiteral(List<Expr> elements) implements Expr {

        public SetLiteral {
            elements = List.copyOf(elements);
        }
    }

    record Compare(Comparator comparator, Expr left, Expr right) implements Expr {
    }

    record Between(Expr value, Expr lower, Expr upper) implements Expr {
    }

    /**
     * {@code value IN [..]} or {@code value IN (..)}: {@code candidates} is the {@link ListLiteral} of
     * them, or a {@link Parameter} that must hold a list.
     */
    record In(Expr value, Expr candidates) implements Expr {
    }

    record And(Expr left, Expr right) implements Expr {
    }

    record Or(Expr left, Expr right) implements Expr {
    }

    record Not(Expr operand) implements Expr {
    }

    /** {@code operand IS [NOT] MISSING}. */
    record IsMissing(Expr operand, boolean negated) implements Expr {
    }

    /** {@code operand IS [NOT] NULL}. */
    record IsNull(Expr operand, boolean negated) implements Expr {
    }

    /** A function call; {@code name} is lower case. */
    record Call(String name, List<Expr> arguments) implements Expr {

        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code left + right} or {@code left - right}, which only SET values may use. */
    record Arithmetic(boolean subtract, Expr left, Expr right) implements Expr {
    }
}
