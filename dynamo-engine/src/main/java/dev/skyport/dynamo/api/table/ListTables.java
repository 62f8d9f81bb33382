package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.api.Operation;
import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ListTables: names in order, a page at a time (at most 100), continuing after ExclusiveStartTableName. */
public final class ListTables implements Operation {

    static final int DEFAULT_LIMIT = 100;

    private final ControlPlane plane;

    public ListTables(ControlPlane plane) {
        this.plane = plane;
    }

    @Override
    public Object execute(Request request, RequestContext context) {
        String start = request.string("ExclusiveStartTableName");
        Integer limit = request.integer("Limit");
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        List<String> names = plane.engine().database().tables().stream()
                .map(t -> t.definition().name())
                .filter(n -> start == null || n.compareTo(start) > 0)
                .sorted()
                .toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        if (names.size() > pageSize) {
            names = names.subList(0, pageSize);
            answer.put("LastEvaluatedTableName", names.getLast());
        }
        answer.put("TableNames", names);
        return answer;
    }
}
