package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.api.Operation;
import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.TableData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** UntagResource: removes tags from a table by key; keys it does not have are ignored. */
public final class UntagResource implements Operation {

    private final ControlPlane plane;

    public UntagResource(ControlPlane plane) {
        this.plane = plane;
    }

    @Override
    public Object execute(Request request, RequestContext context) {
        String arn = request.string("ResourceArn");
        TagRules.checkArn(arn, plane, context);
        List<Object> keys = request.list("TagKeys");
        if (keys == null || keys.isEmpty()) {
            throw DynamoException.validation("Atleast one Tag Key needs to be provided as Input.");
        }
        TableData table = TagRules.table(arn, plane);
        if (table == null) {
            throw DynamoException.resourceNotFound("Requested resource not found");
        }
        var redefinition = plane.engine().database().updateDefinition(table.definition().name(), current -> {
            Map<String, String> remaining = new LinkedHashMap<>(current.tags());
            keys.forEach(remaining::remove);
            return remaining.size() == current.tags().size() ? current : current.withTags(remaining);
        });
        context.awaitDurable(redefinition.durable());
        return Operation.EMPTY;
    }
}
