package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.Bytes;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.model.Numbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parsed UpdateExpression (or legacy AttributeUpdates), applied to an item to give the new item. All
 * values are computed from the item as it was, then written, as the service does; list elements are
 * addressed by their original positions, and positions past the end append in index order.
 */
public final class Update {

    private static final String INVALID_PATH =
            "The document path provided in the update expression is invalid for update";
    private static final String TOO_DEEP = "Nesting Levels have exceeded supported limits";
    private static final String LEGACY_TYPE_MISMATCH = "Type mismatch for attribute to update";
    // The deepest container the service keeps: the item is level 0, a top-level map or list level 1.
    private static final int MAX_LEVEL = 31;

    private final List<UpdateAction> actions;
    private final boolean legacy;
    // The actions as a tree of path steps: a child is either a Node (the path goes on) or an action.
    private final Node root = new Node();

    private static final class Node {
        final Map<DocumentPath.Element, Object> children = new HashMap<>();
    }

    private Update(List<UpdateAction> actions, boolean legacy) {
        this.actions = List.copyOf(actions);
        this.legacy = legacy;
        for (UpdateAction action : this.actions) {
            Node node = root;
            List<DocumentPath.Element> elements = action.path().elements();
            for (int i = 0; i < elements.size() - 1; i++) {
                node = (Node) node.children.computeIfAbsent(elements.get(i), e -> new Node());
            }
            node.children.put(elements.get(elements.size() - 1), action);
        }
    }

    /** An update from an UpdateExpression; the paths must not overlap (the parser checks that). */
    static Update ofExpression(List<UpdateAction> actions) {
        return new Update(actions, false);
    }

    /**
     * An update from AttributeUpdates, whose type errors read differently and whose ADD also appends
     * to lists.
     */
    static Update ofLegacy(List<UpdateAction> actions) {
        return new Update(actions, true);
    }

    public List<UpdateAction> actions() {
        return actions;
    }

    /** The document paths the update writes, in the order written. */
    public List<DocumentPath> paths() {
        return actions.stream().map(UpdateAction::path).toList();
    }

    /** The top-level attributes the update writes; the caller refuses key attributes among them. */
    public Set<String> topLevelAttributes() {
        Set<String> names = new LinkedHashSet<>();
        actions.forEach(a -> names.add(a.path().head()));
        return names;
    }

    /** The top-level attributes read or written through {@code .} or {@code [n]}. */
    public Set<String> nestedAttributes() {
        Set<String> names = new LinkedHashSet<>();
        for (UpdateAction action : actions) {
            if (action.path().isNested()) {
                names.add(action.path().head());
            }
            if (action instanceof UpdateAction.SetAction set) {
                Paths.ofOperand(set.value(), path -> {
                    if (path.isNested()) {
                        names.add(path.head());
                    }
                });
            }
        }
        return names;
    }

    /** The part of the item at the paths the update writes, for ReturnValues UPDATED_OLD and UPDATED_NEW. */
    public Map<String, AttributeValue> updatedAttributes(Map<String, AttributeValue> item) {
        return Projection.ofPaths(paths()).apply(item);
    }

    /** The item after the update; a null item is a new one. The given item is not changed. */
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> before = item == null ? Map.of() : item;
        Map<String, AttributeValue> after = applyToMap(root, before, before);
        for (AttributeValue value : after.values()) {
            checkNesting(value, 1);
        }
        return after;
    }

    private Map<String, AttributeValue> applyToMap(Node node, Map<String, AttributeValue> current,
                                                   Map<String, AttributeValue> before) {
        Map<String, AttributeValue> updated = new LinkedHashMap<>(current);
        for (Map.Entry<DocumentPath.Element, Object> e : sorted(node)) {
            if (!(e.getKey() instanceof DocumentPath.Key key)) {
                throw DynamoException.validation(INVALID_PATH);
            }
            AttributeValue result = step(e.getValue(), current.get(key.name()), before);
            if (result == null) {
                updated.remove(key.name());
            } else {
                updated.put(key.name(), result);
            }
        }
        return updated;
    }

    private List<AttributeValue> applyToList(Node node, List<AttributeValue> current,
                                             Map<String, AttributeValue> before) {
        Map<Integer, AttributeValue> changed = new TreeMap<>();
        for (Map.Entry<DocumentPath.Element, Object> e : sorted(node)) {
            if (!(e.getKey() instanceof DocumentPath.Index index)) {
                throw DynamoException.validation(INVALID_PATH);
            }
            int i = index.index();
            changed.put(i, step(e.getValue(), i < current.size() ? current.get(i) : null, before));
        }
        List<AttributeValue> updated = new ArrayList<>(current.size() + changed.size());
        for (int i = 0; i < current.size(); i++) {
            AttributeValue v = changed.containsKey(i) ? changed.get(i) : current.get(i);
            if (v != null) {
                updated.add(v);
            }
        }
        // Positions past the end are appended in index order, leaving no gaps.
        changed.forEach((i, v) -> {
            if (i >= current.size() && v != null) {
                updated.add(v);
            }
        });
        return updated;
    }

    /** The new value at one path step: the result of an action, or of the actions under it. */
    private AttributeValue step(Object target, AttributeValue current, Map<String, AttributeValue> before) {
        if (target instanceof UpdateAction action) {
            return result(action, current, before);
        }
        Node node = (Node) target;
        return switch (current) {
            case AttributeValue.M m -> new AttributeValue.M(applyToMap(node, m.values(), before));
            case AttributeValue.L l -> new AttributeValue.L(applyToList(node, l.values(), before));
            case null, default -> throw DynamoException.validation(INVALID_PATH);
        };
    }

    private AttributeValue result(UpdateAction action, AttributeValue current, Map<String, AttributeValue> before) {
        return switch (action) {
            case UpdateAction.SetAction set -> {
                AttributeValue v = Evaluation.value(set.value(), before);
                if (v == null) {
                    throw DynamoException.validation(Evaluation.MISSING_ATTRIBUTE);
                }
                yield v;
            }
            case UpdateAction.RemoveAction remove -> null;
            case UpdateAction.AddAction add -> add(current, add.value());
            case UpdateAction.DeleteAction delete -> delete(current, delete.value());
        };
    }

    private AttributeValue add(AttributeValue current, AttributeValue value) {
        if (current == null) {
            return value;
        }
        if (!current.type().equals(value.type())) {
            throw typeMismatch();
        }
        return switch (current) {
            case AttributeValue.N n -> {
                BigDecimal sum = n.value().add(((AttributeValue.N) value).value());
                yield new AttributeValue.N(Numbers.check(sum));
            }
            case AttributeValue.SS ss -> new AttributeValue.SS(union(ss.values(), ((AttributeValue.SS) value).values()));
            case AttributeValue.NS ns -> new AttributeValue.NS(union(ns.values(), ((AttributeValue.NS) value).values()));
            case AttributeValue.BS bs -> new AttributeValue.BS(union(bs.values(), ((AttributeValue.BS) value).values()));
            case AttributeValue.L l when legacy -> {
                List<AttributeValue> joined = new ArrayList<>(l.values());
                joined.addAll(((AttributeValue.L) value).values());
                yield new AttributeValue.L(joined);
            }
            default -> throw typeMismatch();
        };
    }

    private AttributeValue delete(AttributeValue current, AttributeValue value) {
        if (current == null) {
            return null;
        }
        if (!current.type().equals(value.type())) {
            throw typeMismatch();
        }
        return switch (current) {
            case AttributeValue.SS ss -> {
                Set<String> left = difference(ss.values(), ((AttributeValue.SS) value).values());
                yield left.isEmpty() ? null : new AttributeValue.SS(left);
            }
            case AttributeValue.NS ns -> {
                Set<BigDecimal> left = difference(ns.values(), ((AttributeValue.NS) value).values());
                yield left.isEmpty() ? null : new AttributeValue.NS(left);
            }
            case AttributeValue.BS bs -> {
                Set<Bytes> left = difference(bs.values(), ((AttributeValue.BS) value).values());
                yield left.isEmpty() ? null : new AttributeValue.BS(left);
            }
            default -> throw typeMismatch();
        };
    }

    private DynamoException typeMismatch() {
        return DynamoException.validation(legacy ? LEGACY_TYPE_MISMATCH : Evaluation.WRONG_OPERAND_TYPE);
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static <T> Set<T> difference(Set<T> a, Set<T> b) {
        Set<T> left = new LinkedHashSet<>(a);
        left.removeAll(b);
        return left;
    }

    /** The steps under a node in a fixed order (keys by name, indexes by position), so errors are stable. */
    private static List<Map.Entry<DocumentPath.Element, Object>> sorted(Node node) {
        List<Map.Entry<DocumentPath.Element, Object>> entries = new ArrayList<>(node.children.entrySet());
        entries.sort((x, y) -> switch (x.getKey()) {
            case DocumentPath.Key a when y.getKey() instanceof DocumentPath.Key b -> a.name().compareTo(b.name());
            case DocumentPath.Index a when y.getKey() instanceof DocumentPath.Index b ->
                    Integer.compare(a.index(), b.index());
            default -> x.getKey() instanceof DocumentPath.Key ? -1 : 1;
        });
        return entries;
    }

    private static void checkNesting(AttributeValue value, int level) {
        Iterable<AttributeValue> children = switch (value) {
            case AttributeValue.M m -> m.values().values();
            case AttributeValue.L l -> l.values();
            default -> null;
        };
        if (children == null) {
            return;
        }
        if (level > MAX_LEVEL) {
            throw DynamoException.validation(TOO_DEEP);
        }
        for (AttributeValue child : children) {
            checkNesting(child, level + 1);
        }
    }
}
