package dev.skyport.dynamo.api;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.model.ItemSize;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.PrimaryKey;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableDefinition;
import java.util.Map;

/** The service's checks on keys and items against a table's schema, shared by every item operation. */
final class Items {

    static final long MAX_ITEM_SIZE = 400 * 1024;

    private Items() {
    }

    /** Validates a Key member against the table's key schema and returns where the item lives. */
    static PrimaryKey key(TableData table, Map<String, AttributeValue> key) {
        KeySchema schema = table.definition().key();
        int expected = schema.hasRange() ? 2 : 1;
        if (key.size() != expected) {
            throw DynamoException.validation("The provided key element does not match the schema");
        }
        checkKeyPiece(key, schema.hashName(), schema.hashType(), true);
        if (schema.hasRange()) {
            checkKeyPiece(key, schema.rangeName(), schema.rangeType(), false);
        }
        return PrimaryKey.of(key.get(schema.hashName()),
                schema.hasRange() ? key.get(schema.rangeName()) : TableData.NO_RANGE);
    }

    private static void checkKeyPiece(Map<String, AttributeValue> key, String name, String type, boolean hash) {
        AttributeValue v = key.get(name);
        if (v == null || !v.type().equals(type)) {
            throw DynamoException.validation("The provided key element does not match the schema");
        }
        checkNotEmpty(v, name);
        checkKeySize(v, hash);
    }

    /** Validates an item to be stored: key attributes present and typed, index keys typed, size. */
    static PrimaryKey item(TableData table, Map<String, AttributeValue> item) {
        TableDefinition definition = table.definition();
        KeySchema schema = definition.key();
        checkItemKey(item, schema.hashName(), schema.hashType(), true);
        if (schema.hasRange()) {
            checkItemKey(item, schema.rangeName(), schema.rangeType(), false);
        }
        checkIndexKeys(definition, item);
        return table.keyOf(item);
    }

    private static void checkItemKey(Map<String, AttributeValue> item, String name, String type, boolean hash) {
        AttributeValue v = item.get(name);
        if (v == null) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: Missing the key " + name + " in the item");
        }
        if (!v.type().equals(type)) {
            throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for key "
                    + name + " expected: " + type + " actual: " + v.type());
        }
        checkNotEmpty(v, name);
        checkKeySize(v, hash);
    }

    /** Index key attributes, when present, must have the type the table defines for them. */
    static void checkIndexKeys(TableDefinition definition, Map<String, AttributeValue> item) {
        for (IndexDefinition index : definition.globalIndexes()) {
            checkIndexKey(item, index, index.key().hashName(), index.key().hashType());
            if (index.key().hasRange()) {
                checkIndexKey(item, index, index.key().rangeName(), index.key().rangeType());
            }
        }
        for (IndexDefinition index : definition.localIndexes()) {
            checkIndexKey(item, index, index.key().rangeName(), index.key().rangeType());
        }
    }

    private static void checkIndexKey(Map<String, AttributeValue> item, IndexDefinition index, String name,
                                      String type) {
        AttributeValue v = item.get(name);
        if (v == null) {
            return;
        }
        if (!v.type().equals(type)) {
            throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for Index Key "
                    + name + " Expected: " + type + " Actual: " + v.type() + " IndexName: " + index.name());
        }
        if (isEmpty(v)) {
            throw DynamoException.validation("One or more parameter values are not valid. A value specified for a "
                    + "secondary index key is not supported. The AttributeValue for a key attribute cannot contain an "
                    + "empty string value. IndexName: " + index.name() + ", IndexKey: " + name);
        }
    }

    private static void checkNotEmpty(AttributeValue v, String name) {
        if (isEmpty(v)) {
            throw DynamoException.validation("One or more parameter values are not valid. The AttributeValue for a "
                    + "key attribute cannot contain an empty " + (v instanceof AttributeValue.S ? "string" : "binary")
                    + " value. Key: " + name);
        }
    }

    private static boolean isEmpty(AttributeValue v) {
        return (v instanceof AttributeValue.S s && s.value().isEmpty())
                || (v instanceof AttributeValue.B b && b.value().length() == 0);
    }

    private static void checkKeySize(AttributeValue v, boolean hash) {
        if (v instanceof AttributeValue.N) {
            return;
        }
        long size = ItemSize.of(v);
        if (hash && size > 2048) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
        }
        if (!hash && size > 1024) {
            throw DynamoException.validation("One or more parameter values were invalid: "
                    + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        }
    }

    /**
     * Checks an item an update produced: no empty secondary index key (the update's own wording), the
     * size limit, then index key types.
     */
    static void checkUpdated(TableDefinition definition, Map<String, AttributeValue> item) {
        checkNoEmptyIndexKey(definition, item);
        checkSize(item, "Item size to update has exceeded the maximum allowed size");
        checkIndexKeys(definition, item);
    }

    /** An update may not set a secondary index key to an empty string or binary (a request-level error). */
    private static void checkNoEmptyIndexKey(TableDefinition definition, Map<String, AttributeValue> item) {
        for (IndexDefinition index : definition.globalIndexes()) {
            checkNotEmptyIndexKey(item, index.key().hashName(), index.key().hashType());
            if (index.key().hasRange()) {
                checkNotEmptyIndexKey(item, index.key().rangeName(), index.key().rangeType());
            }
        }
        for (IndexDefinition index : definition.localIndexes()) {
            checkNotEmptyIndexKey(item, index.key().rangeName(), index.key().rangeType());
        }
    }

    private static void checkNotEmptyIndexKey(Map<String, AttributeValue> item, String name, String type) {
        AttributeValue v = item.get(name);
        if (v == null || !v.type().equals(type)) {
            return;
        }
        boolean emptyString = v instanceof AttributeValue.S s && s.value().isEmpty();
        boolean emptyBinary = v instanceof AttributeValue.B b && b.value().length() == 0;
        if (emptyString || emptyBinary) {
            throw DynamoException.validation("One or more parameter values are not valid. The update expression "
                    + "attempted to update a secondary index key to a value that is not supported. The AttributeValue "
                    + "for a key attribute cannot contain an empty " + (emptyString ? "string" : "binary") + " value.");
        }
    }

    static void checkSize(Map<String, AttributeValue> item, String message) {
        if (ItemSize.of(item) > MAX_ITEM_SIZE) {
            throw DynamoException.validation(message);
        }
    }
}
