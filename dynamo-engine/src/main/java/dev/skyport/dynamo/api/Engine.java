package dev.skyport.dynamo.api;

import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.stream.StreamStore;
import java.time.Clock;

/**
 * What operations share: the database, its streams, the account and region the engine poses as, and
 * the clock.
 *
 * @param accountId the 12-digit account id in ARNs
 * @param region the region in ARNs
 */
public record Engine(Database database, StreamStore streams, String accountId, String region, Clock clock) {

    /** The table, or the service's ResourceNotFoundException for data-plane operations. */
    public TableData table(String name) {
        // A transaction's item may leave its table name out (the service does not require it there).
        TableData table = name == null ? null : database.table(name);
        if (table == null) {
            throw DynamoException.resourceNotFound("Requested resource not found");
        }
        return table;
    }

    public String tableArn(String tableName) {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + tableName;
    }
}
