package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.api.Operation;
import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableDefinition;
import java.util.Map;

/** DeleteTable: the table is gone when the answer (status DELETING) is sent. */
public final class DeleteTable implements Operation {

    private final ControlPlane plane;

    public DeleteTable(ControlPlane plane) {
        this.plane = plane;
    }

    @Override
    public Object execute(Request request, RequestContext context) {
        TableData table = plane.table(request.string("TableName"));
        TableDefinition definition = table.definition();
        if (definition.deletionProtection()) {
            throw DynamoException.validation("Resource cannot be deleted as it is currently protected against deletion. "
                    + "Disable deletion protection first.");
        }
        Map<String, Object> description = TableDescriptions.describe(definition, table, "DELETING",
                TableDescriptions.Answer.DELETED);
        try {
            context.awaitDurable(plane.engine().database().dropTable(definition.name()));
        } catch (DynamoException e) {
            // Dropped by a concurrent call between our lookup and now: answer as if we had looked later.
            throw DynamoException.resourceNotFound(
                    "Requested resource not found: Table: " + definition.name() + " not found");
        }
        return Map.of("TableDescription", description);
    }
}
