package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.api.Operation;
import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.storage.TableData;
import java.util.Map;

/** DescribeTable. */
public final class DescribeTable implements Operation {

    private final ControlPlane plane;

    public DescribeTable(ControlPlane plane) {
        this.plane = plane;
    }

    @Override
    public Object execute(Request request, RequestContext context) {
        TableData table = plane.table(request.string("TableName"));
        plane.settle(table, context);
        var definition = table.definition();
        return Map.of("Table", TableDescriptions.describe(definition, table, definition.status(),
                TableDescriptions.Answer.DESCRIBED));
    }
}
