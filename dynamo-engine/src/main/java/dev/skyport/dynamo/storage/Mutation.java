package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;
import java.util.Map;

/** One change to the database, as the journal records and replays it. */
public sealed interface Mutation {

    /** A table created or changed (the whole new definition). */
    record DefineTable(TableDefinition definition) implements Mutation {
    }

    record DropTable(String tableName) implements Mutation {
    }

    record PutItem(String tableName, Map<String, AttributeValue> item) implements Mutation {
    }

    /** Deletes the item with these key attributes. */
    record DeleteItem(String tableName, Map<String, AttributeValue> key) implements Mutation {
    }
}
