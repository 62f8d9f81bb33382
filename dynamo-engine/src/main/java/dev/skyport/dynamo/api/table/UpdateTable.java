package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.api.Operation;
import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.api.table.UpdateTableValidation.Checked;
import dev.skyport.dynamo.api.table.UpdateTableValidation.IndexUpdate;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableDefinition;
import java.util.List;

/**
 * UpdateTable: throughput and billing mode, streams, global index creation, change and deletion,
 * deletion protection, table class, on-demand and warm throughput. Changes apply at once; the answer
 * shows the table UPDATING (with the old throughput, as the service's does) and the next look shows
 * the result.
 *
 * <p>{@link UpdateTableValidation} checks the request, then the request against the table;
 * {@link UpdateTableApply} makes the change.
 */
public final class UpdateTable implements Operation {

    private final ControlPlane plane;
    private final UpdateTableApply apply;

    public UpdateTable(ControlPlane plane) {
        this.plane = plane;
        this.apply = new UpdateTableApply(plane);
    }

    @Override
    public Object execute(Request request, RequestContext context) {
        List<IndexUpdate> indexUpdates = UpdateTableValidation.checkRequest(request);
        TableData table = plane.table(request.string("TableName"));
        plane.settle(table, context);
        TableDefinition definition = table.definition();
        Checked checked = UpdateTableValidation.checkAgainst(request, indexUpdates, definition);
        return apply.apply(request, context, table, definition, checked);
    }
}
