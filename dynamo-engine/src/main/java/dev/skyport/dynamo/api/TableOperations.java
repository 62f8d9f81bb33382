package dev.skyport.dynamo.api;

import dev.skyport.dynamo.api.table.ControlPlane;
import dev.skyport.dynamo.api.table.CreateTable;
import dev.skyport.dynamo.api.table.DeleteTable;
import dev.skyport.dynamo.api.table.DescribeEndpoints;
import dev.skyport.dynamo.api.table.DescribeLimits;
import dev.skyport.dynamo.api.table.DescribeTable;
import dev.skyport.dynamo.api.table.DescribeTimeToLive;
import dev.skyport.dynamo.api.table.ListTables;
import dev.skyport.dynamo.api.table.ListTagsOfResource;
import dev.skyport.dynamo.api.table.TagResource;
import dev.skyport.dynamo.api.table.UntagResource;
import dev.skyport.dynamo.api.table.UpdateTable;
import dev.skyport.dynamo.api.table.UpdateTimeToLive;
import java.util.Map;

/** The control-plane operations: tables, their tags and TTL, and the account's limits and endpoints. */
final class TableOperations {

    private TableOperations() {
    }

    static void register(Engine engine, Map<String, Operation> operations) {
        ControlPlane plane = new ControlPlane(engine);
        operations.put(DynamoApi.DYNAMODB + ".CreateTable", new CreateTable(plane));
        operations.put(DynamoApi.DYNAMODB + ".DescribeTable", new DescribeTable(plane));
        operations.put(DynamoApi.DYNAMODB + ".ListTables", new ListTables(plane));
        operations.put(DynamoApi.DYNAMODB + ".UpdateTable", new UpdateTable(plane));
        operations.put(DynamoApi.DYNAMODB + ".DeleteTable", new DeleteTable(plane));
        operations.put(DynamoApi.DYNAMODB + ".TagResource", new TagResource(plane));
        operations.put(DynamoApi.DYNAMODB + ".UntagResource", new UntagResource(plane));
        operations.put(DynamoApi.DYNAMODB + ".ListTagsOfResource", new ListTagsOfResource(plane));
        operations.put(DynamoApi.DYNAMODB + ".UpdateTimeToLive", new UpdateTimeToLive(plane));
        operations.put(DynamoApi.DYNAMODB + ".DescribeTimeToLive", new DescribeTimeToLive(plane));
        operations.put(DynamoApi.DYNAMODB + ".DescribeLimits", new DescribeLimits());
        operations.put(DynamoApi.DYNAMODB + ".DescribeEndpoints", new DescribeEndpoints(plane));
    }
}
