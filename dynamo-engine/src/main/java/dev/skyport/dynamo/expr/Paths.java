package dev.skyport.dynamo.expr;

import java.util.function.Consumer;

/** Visits the document paths a condition or operand reads, left to right. */
final class Paths {

    private Paths() {
    }

    static void ofCondition(Condition condition, Consumer<DocumentPath> visitor) {
        switch (condition) {
            case Condition.Compare c -> {
                ofOperand(c.left(), visitor);
                ofOperand(c.right(), visitor);
            }
            case Condition.Between b -> {
                ofOperand(b.value(), visitor);
                ofOperand(b.lower(), visitor);
                ofOperand(b.upper(), visitor);
            }
            case Condition.In in -> {
                ofOperand(in.value(), visitor);
                in.candidates().forEach(o -> ofOperand(o, visitor));
            }
            case Condition.AttributeExists e -> visitor.accept(e.path());
            case Condition.AttributeNotExists e -> visitor.accept(e.path());
            case Condition.AttributeType t -> ofOperand(t.operand(), visitor);
            case Condition.BeginsWith b -> {
                ofOperand(b.value(), visitor);
                ofOperand(b.prefix(), visitor);
            }
            case Condition.Contains c -> {
                ofOperand(c.container(), visitor);
                ofOperand(c.element(), visitor);
            }
            case Condition.And a -> {
                ofCondition(a.left(), visitor);
                ofCondition(a.right(), visitor);
            }
            case Condition.Or o -> {
                ofCondition(o.left(), visitor);
                ofCondition(o.right(), visitor);
            }
            case Condition.Not n -> ofCondition(n.condition(), visitor);
        }
    }

    static void ofOperand(Operand operand, Consumer<DocumentPath> visitor) {
        switch (operand) {
            case Operand.Path p -> visitor.accept(p.path());
            case Operand.Value v -> {
            }
            case Operand.Size s -> ofOperand(s.operand(), visitor);
            case Operand.IfNotExists f -> {
                visitor.accept(f.path());
                ofOperand(f.fallback(), visitor);
            }
            case Operand.ListAppend a -> {
                ofOperand(a.first(), visitor);
                ofOperand(a.second(), visitor);
            }
            case Operand.Plus p -> {
                ofOperand(p.left(), visitor);
                ofOperand(p.right(), visitor);
            }
            case Operand.Minus m -> {
                ofOperand(m.left(), visitor);
                ofOperand(m.right(), visitor);
            }
        }
    }
}
