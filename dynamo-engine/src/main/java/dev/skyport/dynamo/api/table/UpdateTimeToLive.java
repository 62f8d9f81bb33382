package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.api.Operation;
import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.TableData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * UpdateTimeToLive. The change takes effect at once (the service takes up to an hour, showing
 * ENABLING/DISABLING meanwhile); the answer echoes the specification.
 */
public final class UpdateTimeToLive implements Operation {

    private final ControlPlane plane;

    public UpdateTimeToLive(ControlPlane plane) {
        this.plane = plane;
    }

    @Override
    public Object execute(Request request, RequestContext context) {
        Request specification = request.nested("TimeToLiveSpecification");
        String attribute = specification.string("AttributeName");
        boolean enable = specification.bool("Enabled");
        TableData table = plane.table(request.string("TableName"));
        var redefinition = plane.engine().database().updateDefinition(table.definition().name(), definition -> {
            boolean active = "ENABLED".equals(definition.ttlStatus()) || "ENABLING".equals(definition.ttlStatus());
            if (active && !attribute.equals(definition.ttlAttribute())) {
                throw DynamoException.validation("TimeToLive is active on a different AttributeName: "
                        + "current AttributeName is " + definition.ttlAttribute());
            }
            if (enable && active) {
                throw DynamoException.validation("TimeToLive is already enabled");
            }
            if (!enable && !active) {
                throw DynamoException.validation("TimeToLive is already disabled");
            }
            return enable ? definition.withTtl(attribute, "ENABLED")
                    : definition.withTtl(definition.ttlAttribute(), "DISABLED");
        });
        context.awaitDurable(redefinition.durable());
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("Enabled", enable);
        echo.put("AttributeName", attribute);
        return Map.of("TimeToLiveSpecification", echo);
    }
}
