package dev.skyport.dynamo.access;

import dev.skyport.dynamo.partiql.Parser;
import dev.skyport.dynamo.partiql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a validated request touches, in the terms of an IAM policy: the table, index or stream ARNs it names, and
 * for transactions and PartiQL what each part does to which table (IAM authorizes those part by part).
 */
public final class AccessedResources {

    private static final List<String> TRANSACT_WRITE_PARTS = List.of("Put", "Update", "Delete", "ConditionCheck");

    private AccessedResources() {
    }

    /**
     * @param operation the operation's name, e.g. {@code Query} or {@code GetRecords}
     * @param request   the request after shape validation
     * @param arnPrefix {@code arn:aws:dynamodb:REGION:ACCOUNT:}, for table names given as names
     */
    public static List<Access> of(String operation, Map<String, Object> request, String arnPrefix) {
        List<Access> out = new ArrayList<>();
        switch (operation) {
            case "Query", "Scan" -> {
                String table = table(request.get("TableName"), arnPrefix);
                Object index = request.get("IndexName");
                out.add(new Access(null, index instanceof String name ? table + "/index/" + name : table));
            }
            case "BatchGetItem", "BatchWriteItem" -> {
                if (request.get("RequestItems") instanceof Map<?, ?> items) {
                    items.keySet().forEach(name -> out.add(new Access(null, table(name, arnPrefix))));
                }
            }
            case "TransactWriteItems", "TransactGetItems" -> {
                List<String> parts = operation.equals("TransactGetItems") ? List.of("Get") : TRANSACT_WRITE_PARTS;
                for (Object item : list(request.get("TransactItems"))) {
                    if (item instanceof Map<?, ?> map) {
                        for (String part : parts) {
                            if (map.get(part) instanceof Map<?, ?> action) {
                                out.add(new Access(part, table(action.get("TableName"), arnPrefix)));
                            }
                        }
                    }
                }
            }
            case "ExecuteStatement" -> statement(request.get("Statement"), arnPrefix, out);
            case "BatchExecuteStatement" -> list(request.get("Statements")).forEach(s ->
                    statement(s instanceof Map<?, ?> map ? map.get("Statement") : null, arnPrefix, out));
            case "ExecuteTransaction" -> list(request.get("TransactStatements")).forEach(s ->
                    statement(s instanceof Map<?, ?> map ? map.get("Statement") : null, arnPrefix, out));
            case "DescribeStream", "GetShardIterator" -> out.add(new Access(null, (String) request.get("StreamArn")));
            case "GetRecords" -> {
                // An iterator starts with its stream's ARN (ShardIterators): IAM authorizes GetRecords on the stream.
                String iterator = (String) request.get("ShardIterator");
                int marker = iterator == null ? -1 : iterator.lastIndexOf("|1|");
                out.add(new Access(null, marker < 0 ? "*" : iterator.substring(0, marker)));
            }
            case "ListStreams" -> out.add(new Access(null, request.get("TableName") instanceof String name
                    ? table(name, arnPrefix) + "/stream/*" : "*"));
            case "TagResource", "UntagResource", "ListTagsOfResource" ->
                    out.add(new Access(null, (String) request.get("ResourceArn")));
            default -> {
                Object name = request.get("TableName");
                out.add(new Access(null, name == null ? "*" : table(name, arnPrefix)));
            }
        }
        return out;
    }

    /** TableName may be a table's ARN as well as its name. */
    private static String table(Object name, String arnPrefix) {
        String text = String.valueOf(name);
        return text.startsWith("arn:") ? text : arnPrefix + "table/" + text;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static void statement(Object text, String arnPrefix, List<Access> out) {
        if (!(text instanceof String statement)) {
            return;
        }
        Statement parsed;
        try {
            parsed = Parser.parse(statement).statement();
        } catch (RuntimeException malformed) {
            return; // the operation answers a ValidationException; nothing was touched
        }
        Statement.Target target = switch (parsed) {
            case Statement.Select s -> s.from();
            case Statement.Insert i -> i.into();
            case Statement.Update u -> u.target();
            case Statement.Delete d -> d.from();
            case Statement.Exists e -> e.select().from();
        };
        String part = switch (parsed) {
            case Statement.Select s -> "Select";
            case Statement.Insert i -> "Insert";
            case Statement.Update u -> "Update";
            case Statement.Delete d -> "Delete";
            case Statement.Exists e -> "Select";
        };
        String table = table(target.table(), arnPrefix);
        out.add(new Access(part, target.index() == null ? table : table + "/index/" + target.index()));
    }
}
