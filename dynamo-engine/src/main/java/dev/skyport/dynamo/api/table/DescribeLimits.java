package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.api.Operation;
import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** DescribeLimits: the service's default account and table capacity quotas. */
public final class DescribeLimits implements Operation {

    static final long ACCOUNT_MAX_CAPACITY = 80_000;
    static final long TABLE_MAX_CAPACITY = 40_000;

    @Override
    public Object execute(Request request, RequestContext context) {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("AccountMaxReadCapacityUnits", ACCOUNT_MAX_CAPACITY);
        limits.put("AccountMaxWriteCapacityUnits", ACCOUNT_MAX_CAPACITY);
        limits.put("TableMaxReadCapacityUnits", TABLE_MAX_CAPACITY);
        limits.put("TableMaxWriteCapacityUnits", TABLE_MAX_CAPACITY);
        return limits;
    }
}
