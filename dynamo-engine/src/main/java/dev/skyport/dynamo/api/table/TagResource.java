package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.api.Operation;
import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.TableData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TagResource: adds tags to a table (by ARN), replacing the values of keys it already has. */
public final class TagResource implements Operation {

    private final ControlPlane plane;

    public TagResource(ControlPlane plane) {
        this.plane = plane;
    }

    @Override
    public Object execute(Request request, RequestContext context) {
        String arn = request.string("ResourceArn");
        TagRules.checkArn(arn, plane, context);
        List<Map<String, Object>> tags = Schemas.maps(request.list("Tags"));
        if (tags.isEmpty()) {
            throw DynamoException.validation("Atleast one Tag needs to be provided as Input.");
        }
        TagRules.checkTags(tags);
        TableData table = TagRules.table(arn, plane);
        if (table == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: ResourcArn: " + arn + " not found");
        }
        var redefinition = plane.engine().database().updateDefinition(table.definition().name(), current -> {
            Map<String, String> merged = new LinkedHashMap<>(current.tags());
            for (Map<String, Object> tag : tags) {
                merged.put(Schemas.string(tag, "Key"), Schemas.string(tag, "Value"));
            }
            TagRules.checkCount(merged.size());
            return current.withTags(merged);
        });
        context.awaitDurable(redefinition.durable());
        return Operation.EMPTY;
    }
}
