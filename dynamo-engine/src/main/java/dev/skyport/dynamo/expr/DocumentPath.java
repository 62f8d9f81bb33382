package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.AttributeValue;
import java.util.List;
import java.util.Map;

/**
 * A resolved document path such as {@code a.b[2].c}: a top-level attribute name followed by map keys
 * and list indexes. {@link #toString()} writes it as the service does in messages: {@code [a, b, [2], c]}.
 */
public record DocumentPath(List<Element> elements) {

    /** One step of a path: a map key (or, first, the attribute name) or a list index. */
    public sealed interface Element permits Key, Index {
    }

    public record Key(String name) implements Element {

        @Override
        public String toString() {
            return name;
        }
    }

    public record Index(int index) implements Element {

        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    public DocumentPath {
        elements = List.copyOf(elements);
        if (elements.isEmpty() || !(elements.get(0) instanceof Key)) {
            throw new IllegalArgumentException("a document path starts with an attribute name: " + elements);
        }
    }

    /** The path of a top-level attribute, whatever characters its name holds. */
    public static DocumentPath attribute(String name) {
        return new DocumentPath(List.of(new Key(name)));
    }

    /** The top-level attribute the path starts at. */
    public String head() {
        return ((Key) elements.get(0)).name();
    }

    /** True when the path goes into a map or list rather than naming a top-level attribute. */
    public boolean isNested() {
        return elements.size() > 1;
    }

    /** The value at this path in the item, or null when the item (or any step on the way) lacks it. */
    public AttributeValue get(Map<String, AttributeValue> item) {
        if (item == null) {
            return null;
        }
        AttributeValue value = item.get(head());
        for (int i = 1; i < elements.size() && value != null; i++) {
            value = child(value, elements.get(i));
        }
        return value;
    }

    /** The child of a map or list at one path step; null when the value is not that kind of container. */
    static AttributeValue child(AttributeValue container, Element element) {
        return switch (element) {
            case Key k when container instanceof AttributeValue.M m -> m.values().get(k.name());
            case Index i when container instanceof AttributeValue.L l ->
                    i.index() < l.values().size() ? l.values().get(i.index()) : null;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return elements.toString();
    }
}
