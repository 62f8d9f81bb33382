package dev.skyport.dynamo.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The document paths an update writes or a projection reads, merged into a tree so that overlapping
 * paths ({@code a} and {@code a.b}) and conflicting ones ({@code a.b} and {@code a[0]}) are refused with
 * the service's messages. Path one is the path being added, path two the one already in the tree.
 */
final class PathTree {

    // A null child marks the end of a path.
    private final Map<DocumentPath.Element, PathTree> children = new LinkedHashMap<>();

    void add(DocumentPath path) {
        List<DocumentPath.Element> elements = path.elements();
        PathTree node = this;
        for (int depth = 0; depth < elements.size(); depth++) {
            DocumentPath.Element element = elements.get(depth);
            if (!node.children.containsKey(element)) {
                if (!node.children.isEmpty()) {
                    DocumentPath.Element sibling = node.children.keySet().iterator().next();
                    if (sibling.getClass() != element.getClass()) {
                        throw ExpressionError.of("Two document paths conflict with each other; "
                                        + "must remove or rewrite one of these paths",
                                "path one", path, "path two", node.existing(elements, depth, sibling));
                    }
                }
                PathTree parent = node;
                for (int i = depth; i < elements.size(); i++) {
                    PathTree child = i == elements.size() - 1 ? null : new PathTree();
                    parent.children.put(elements.get(i), child);
                    parent = child;
                }
                return;
            }
            PathTree child = node.children.get(element);
            if (child == null || depth == elements.size() - 1) {
                throw ExpressionError.of("Two document paths overlap with each other; "
                                + "must remove or rewrite one of these paths",
                        "path one", path, "path two", node.existing(elements, depth, element));
            }
            node = child;
        }
    }

    /** A path already in the tree: the given prefix, then the given step, then down to its end. */
    private DocumentPath existing(List<DocumentPath.Element> prefix, int depth, DocumentPath.Element step) {
        List<DocumentPath.Element> found = new ArrayList<>(prefix.subList(0, depth));
        found.add(step);
        for (PathTree node = children.get(step); node != null; ) {
            DocumentPath.Element next = node.children.keySet().iterator().next();
            found.add(next);
            node = node.children.get(next);
        }
        return new DocumentPath(found);
    }
}
