package dev.skyport.dynamo.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Edits of a JSON tree (maps, lists, scalars) at a node picked by its pre-order position. */
final class Trees {

    private Trees() {
    }

    static int count(Object tree) {
        int n = 1;
        if (tree instanceof Map<?, ?> map) {
            for (Object v : map.values()) {
                n += count(v);
            }
        } else if (tree instanceof List<?> list) {
            for (Object v : list) {
                n += count(v);
            }
        }
        return n;
    }

    /** The tree with node {@code index % count} replaced by {@code change} of it. */
    static Object replace(Object tree, int index, UnaryOperator<Object> change) {
        int[] left = {index % count(tree)};
        return replaceAt(tree, left, change);
    }

    /** The tree without node {@code index % count} (the root stays). */
    static Object remove(Object tree, int index) {
        int[] left = {index % count(tree)};
        if (left[0] == 0) {
            return tree;
        }
        return removeAt(tree, left);
    }

    @SuppressWarnings("unchecked")
    private static Object replaceAt(Object node, int[] left, UnaryOperator<Object> change) {
        if (left[0]-- == 0) {
            return change.apply(node);
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                copy.put(e.getKey(), left[0] >= 0 ? replaceAt(e.getValue(), left, change) : e.getValue());
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object v : list) {
                copy.add(left[0] >= 0 ? replaceAt(v, left, change) : v);
            }
            return copy;
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Object removeAt(Object node, int[] left) {
        left[0]--;
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                if (left[0] == 0) {
                    left[0] = -1;
                    continue;
                }
                copy.put(e.getKey(), left[0] > 0 ? removeAt(e.getValue(), left) : e.getValue());
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object v : list) {
                if (left[0] == 0) {
                    left[0] = -1;
                    continue;
                }
                copy.add(left[0] > 0 ? removeAt(v, left) : v);
            }
            return copy;
        }
        return node;
    }

    /** Compact JSON of a tree, at any depth (the engine's own writer stops at 1000 levels). */
    static byte[] json(Object tree) {
        StringBuilder out = new StringBuilder();
        write(tree, out);
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void write(Object node, StringBuilder out) {
        switch (node) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(String.valueOf(e.getKey()), out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            }
            case String s -> string(s, out);
            case java.math.BigDecimal d -> out.append(d.toString());
            default -> out.append(node);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
