package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.api.Operation;
import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.TableData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** ListTagsOfResource: a table's tags, by key (a table has at most 50, so one page). */
public final class ListTagsOfResource implements Operation {

    private final ControlPlane plane;

    public ListTagsOfResource(ControlPlane plane) {
        this.plane = plane;
    }

    @Override
    public Object execute(Request request, RequestContext context) {
        String arn = request.string("ResourceArn");
        TagRules.checkArn(arn, plane, context);
        TableData table = TagRules.table(arn, plane);
        if (table == null) {
            // The service refuses to say whether a table it will not list tags of exists (recorded in 2026).
            throw DynamoException.accessDenied("User: arn:aws:iam::" + plane.engine().accountId()
                    + ":root is not authorized to perform: dynamodb:ListTagsOfResource on resource: " + arn);
        }
        List<Object> tags = new ArrayList<>();
        new TreeMap<>(table.definition().tags()).forEach((key, value) -> {
            Map<String, Object> tag = new LinkedHashMap<>();
            tag.put("Key", key);
            tag.put("Value", value);
            tags.add(tag);
        });
        return Map.of("Tags", tags);
    }
}
