package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.api.Operation;
import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DescribeEndpoints: the regional endpoint the service names, cached for a day. */
public final class DescribeEndpoints implements Operation {

    static final long CACHE_PERIOD_MINUTES = 1440;

    private final ControlPlane plane;

    public DescribeEndpoints(ControlPlane plane) {
        this.plane = plane;
    }

    @Override
    public Object execute(Request request, RequestContext context) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("Address", "dynamodb." + plane.region(context) + ".amazonaws.com");
        endpoint.put("CachePeriodInMinutes", CACHE_PERIOD_MINUTES);
        return Map.of("Endpoints", List.of(endpoint));
    }
}
