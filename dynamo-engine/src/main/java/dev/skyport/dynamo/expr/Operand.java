package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.AttributeValue;

/**
 * A value in an expression: a document path, an expression attribute value, or a function of operands.
 * {@code size} appears in conditions; {@code if_not_exists}, {@code list_append}, {@code +} and
 * {@code -} only in SET actions.
 */
public sealed interface Operand {

    record Path(DocumentPath path) implements Operand {
    }

    record Value(AttributeValue value) implements Operand {
    }

    record Size(Operand operand) implements Operand {
    }

    record IfNotExists(DocumentPath path, Operand fallback) implements Operand {
    }

    record ListAppend(Operand first, Operand second) implements Operand {
    }

    record Plus(Operand left, Operand right) implements Operand {
    }

    record Minus(Operand left, Operand right) implements Operand {
    }
}
