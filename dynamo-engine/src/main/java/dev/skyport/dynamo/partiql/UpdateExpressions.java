package dev.skyport.dynamo.partiql;

import dev.skyport.dynamo.expr.DocumentPath;
import dev.skyport.dynamo.expr.ExpressionContext;
import dev.skyport.dynamo.expr.Expressions;
import dev.skyport.dynamo.expr.Operand;
import dev.skyport.dynamo.expr.Update;
import dev.skyport.dynamo.expr.UpdateAction;
import dev.skyport.dynamo.model.AttributeValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an UPDATE's actions into the engine's {@link Update}.
 *
 * <p>{@code Update}'s factory is package-private to {@code expr}, so the actions are written out as an
 * UpdateExpression with every name and value behind a placeholder ({@code #n0}, {@code :v0}) and
 * compiled by {@link Expressions#parseUpdate}. Placeholders keep the text unambiguous whatever the
 * names hold, and the compile applies the checks an UpdateItem gets (overlapping and conflicting
 * paths, operand types of {@code +}, {@code -}, {@code list_append}, ADD and DELETE). Should
 * {@code Update.ofExpression} become public, {@link #of} can hand the actions over directly.
 */
final class UpdateExpressions {

    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, String> nameKeys = new HashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    private UpdateExpressions() {
    }

    static Update of(List<UpdateAction> actions) {
        UpdateExpressions writer = new UpdateExpressions();
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<String> add = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        for (UpdateAction action : actions) {
            String path = writer.path(action.path());
            switch (action) {
                case UpdateAction.SetAction s -> set.add(path + " = " + writer.operand(s.value()));
                case UpdateAction.RemoveAction r -> remove.add(path);
                case UpdateAction.AddAction a -> add.add(path + " " + writer.value(a.value()));
                case UpdateAction.DeleteAction d -> delete.add(path + " " + writer.value(d.value()));
            }
        }
        StringBuilder text = new StringBuilder();
        section(text, "SET", set);
        section(text, "REMOVE", remove);
        section(text, "ADD", add);
        section(text, "DELETE", delete);
        ExpressionContext context = new ExpressionContext(writer.names.isEmpty() ? null : writer.names,
                writer.values.isEmpty() ? null : writer.values);
        return Expressions.parseUpdate(text.toString(), context);
    }

    private static void section(StringBuilder text, String keyword, List<String> actions) {
        if (actions.isEmpty()) {
            return;
        }
        if (!text.isEmpty()) {
            text.append(' ');
        }
        text.append(keyword).append(' ').append(String.join(", ", actions));
    }

    private String path(DocumentPath path) {
        StringBuilder sb = new StringBuilder();
        for (DocumentPath.Element element : path.elements()) {
            switch (element) {
                case DocumentPath.Key k -> {
                    if (!sb.isEmpty()) {
                        sb.append('.');
                    }
                    sb.append(name(k.name()));
                }
                case DocumentPath.Index i -> sb.append('[').append(i.index()).append(']');
            }
        }
        return sb.toString();
    }

    private String name(String name) {
        return nameKeys.computeIfAbsent(name, n -> {
            String key = "#n" + names.size();
            names.put(key, n);
            return key;
        });
    }

    private String value(AttributeValue value) {
        String key = ":v" + values.size();
        values.put(key, value);
        return key;
    }

    private String operand(Operand operand) {
        return switch (operand) {
            case Operand.Path p -> path(p.path());
            case Operand.Value v -> value(v.value());
            case Operand.Size s -> "size(" + operand(s.operand()) + ")";
            case Operand.IfNotExists f -> "if_not_exists(" + path(f.path()) + ", " + operand(f.fallback()) + ")";
            case Operand.ListAppend a -> "list_append(" + operand(a.first()) + ", " + operand(a.second()) + ")";
            case Operand.Plus p -> operand(p.left()) + " + " + operand(p.right());
            case Operand.Minus m -> operand(m.left()) + " - " + operand(m.right());
        };
    }
}
