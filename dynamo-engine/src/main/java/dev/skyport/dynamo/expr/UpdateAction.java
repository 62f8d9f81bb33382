package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.AttributeValue;

/** One action of an update: what it does to the value at its document path. */
public sealed interface UpdateAction {

    DocumentPath path();

    /** SET path = value (and the legacy PUT). */
    record SetAction(DocumentPath path, Operand value) implements UpdateAction {

        /**
         * The type code of the value when known without reading the item (a constant, arithmetic,
         * list_append), else null; the service checks index key types against it before the write.
         */
        public String staticType() {
            return switch (value) {
                case Operand.Value v -> v.value().type();
                case Operand.Plus p -> "N";
                case Operand.Minus m -> "N";
                case Operand.ListAppend a -> "L";
                default -> null;
            };
        }
    }

    /** REMOVE path (and the legacy DELETE without a value). */
    record RemoveAction(DocumentPath path) implements UpdateAction {
    }

    /** ADD path value: adds to a number or to a set, creating the attribute when missing. */
    record AddAction(DocumentPath path, AttributeValue value) implements UpdateAction {
    }

    /** DELETE path value: removes elements from a set; an emptied set removes the attribute. */
    record DeleteAction(DocumentPath path, AttributeValue value) implements UpdateAction {
    }
}
