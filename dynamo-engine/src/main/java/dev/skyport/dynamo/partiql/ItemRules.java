package dev.skyport.dynamo.partiql;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.storage.PrimaryKey;
import dev.skyport.dynamo.storage.TableData;
import java.util.Map;

/**
 * The service's checks of keys and items against a table's schema. They belong to the API layer (the
 * item operations use the same ones), which passes them in so that PartiQL statements are held to
 * exactly the rules and messages of PutItem, UpdateItem and DeleteItem.
 */
public interface ItemRules {

    /** Validates a full primary key ({@code {pk: v, sk: v}}) and returns where the item lives. */
    PrimaryKey key(TableData table, Map<String, AttributeValue> key);

    /** Validates an item to be stored whole (key attributes, index key types, size). */
    PrimaryKey item(TableData table, Map<String, AttributeValue> item);

    /** Validates an item as an update leaves it (size, index key types). */
    void updated(TableData table, Map<String, AttributeValue> item);
}
