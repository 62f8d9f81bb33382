package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.api.Operation;
import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.storage.TableDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/** DescribeTimeToLive: the status, and the attribute while TTL is on (or turning on or off). */
public final class DescribeTimeToLive implements Operation {

    private final ControlPlane plane;

    public DescribeTimeToLive(ControlPlane plane) {
        this.plane = plane;
    }

    @Override
    public Object execute(Request request, RequestContext context) {
        TableDefinition definition = plane.table(request.string("TableName")).definition();
        String status = definition.ttlStatus() == null ? "DISABLED" : definition.ttlStatus();
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("TimeToLiveStatus", status);
        if (!"DISABLED".equals(status) && definition.ttlAttribute() != null) {
            description.put("AttributeName", definition.ttlAttribute());
        }
        return Map.of("TimeToLiveDescription", description);
    }
}
