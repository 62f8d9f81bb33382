package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parsed ProjectionExpression (or legacy AttributesToGet): the parts of an item to return. Nested
 * structure is kept; list elements picked by index come back in index order with no gaps, and paths the
 * item lacks are left out.
 */
public final class Projection {

    private final List<DocumentPath> paths;
    private final Node root = new Node();

    // A path step; whole means the value at this step is returned entire.
    private static final class Node {
        final Map<DocumentPath.Element, Node> children = new LinkedHashMap<>();
        boolean whole;
    }

    private Projection(List<DocumentPath> paths) {
        this.paths = List.copyOf(paths);
        for (DocumentPath path : this.paths) {
            Node node = root;
            for (DocumentPath.Element element : path.elements()) {
                if (node.whole) {
                    break;
                }
                node = node.children.computeIfAbsent(element, e -> new Node());
            }
            node.whole = true;
            node.children.clear();
        }
    }

    /** The projection of the legacy AttributesToGet: top-level attributes named literally. */
    public static Projection ofAttributes(List<String> attributeNames) {
        return new Projection(attributeNames.stream().map(DocumentPath::attribute).toList());
    }

    /** A projection of the given paths, unchecked: where one path covers another, the wider one wins. */
    public static Projection ofPaths(List<DocumentPath> paths) {
        return new Projection(paths);
    }

    /** The paths in the order written. */
    public List<DocumentPath> paths() {
        return paths;
    }

    public Set<String> topLevelAttributes() {
        Set<String> names = new LinkedHashSet<>();
        paths.forEach(p -> names.add(p.head()));
        return names;
    }

    /** The top-level attributes projected through {@code .} or {@code [n]}. */
    public Set<String> nestedAttributes() {
        Set<String> names = new LinkedHashSet<>();
        paths.forEach(p -> {
            if (p.isNested()) {
                names.add(p.head());
            }
        });
        return names;
    }

    /** The projected item (attributes in the item's order), or null for no item. */
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
        if (item == null) {
            return null;
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            Node node = root.children.get(new DocumentPath.Key(e.getKey()));
            AttributeValue v = node == null ? null : project(node, e.getValue());
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private static AttributeValue project(Node node, AttributeValue value) {
        if (node.whole) {
            return value;
        }
        return switch (value) {
            case AttributeValue.M m -> {
                Map<String, AttributeValue> out = new LinkedHashMap<>();
                m.values().forEach((key, v) -> {
                    Node child = node.children.get(new DocumentPath.Key(key));
                    AttributeValue projected = child == null ? null : project(child, v);
                    if (projected != null) {
                        out.put(key, projected);
                    }
                });
                yield out.isEmpty() ? null : new AttributeValue.M(out);
            }
            case AttributeValue.L l -> {
                Map<Integer, Node> byIndex = new TreeMap<>();
                node.children.forEach((element, child) -> {
                    if (element instanceof DocumentPath.Index i && i.index() < l.values().size()) {
                        byIndex.put(i.index(), child);
                    }
                });
                List<AttributeValue> out = new ArrayList<>();
                byIndex.forEach((i, child) -> {
                    AttributeValue projected = project(child, l.values().get(i));
                    if (projected != null) {
                        out.add(projected);
                    }
                });
                yield out.isEmpty() ? null : new AttributeValue.L(out);
            }
            default -> null;
        };
    }
}
