package dev.skyport.dynamo.partiql;

import dev.skyport.dynamo.expr.Condition;
import dev.skyport.dynamo.expr.Projection;
import dev.skyport.dynamo.expr.RangeCondition;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.PrimaryKey;
import dev.skyport.dynamo.storage.TableData;
import java.util.List;
import java.util.Map;

/**
 * What a statement does, with its table resolved, parameters bound and clauses translated into the
 * engine's expression objects. Plans are what the {@link Executor} runs.
 */
public sealed interface Plan {

    TableData table();

    default String tableName() {
        return table().definition().name();
    }

    /**
     * A SELECT run as a Query (when the WHERE fixes the partition key with {@code =} or {@code IN}) or as
     * a Scan.
     *
     * @param index null for the table itself
     * @param key the key of what is read: the table's or the index's
     * @param hashValues the partition key values to query, in order; null for a scan
     * @param range the sort key condition narrowing each partition, or null
     * @param forward false for {@code ORDER BY sortKey DESC}
     * @param filter the whole WHERE, tested on every item read (null when there is none); the key
     *               conditions only narrow what is read
     * @param projection null for {@code SELECT *}
     */
    record Read(TableData table, IndexDefinition index, KeySchema key, List<AttributeValue> hashValues,
                RangeCondition range, boolean forward, Condition filter, Projection projection) implements Plan {

        public boolean scan() {
            return hashValues == null;
        }
    }

    /** A write (or a transaction's condition check) on one item named by its full primary key. */
    sealed interface Write extends Plan permits Insert, Update, Delete, Check {

        PrimaryKey key();

        default Database.ItemRef ref() {
            return new Database.ItemRef(tableName(), key());
        }
    }

    /** A SELECT of one item by its full primary key, as batches and transactions allow. */
    record Get(TableData table, PrimaryKey key, Condition filter, Projection projection) implements Plan {

        public Database.ItemRef ref() {
            return new Database.ItemRef(table.definition().name(), key);
        }
    }

    /** INSERT: stores the item unless one with its key exists (DuplicateItemException). */
    record Insert(TableData table, PrimaryKey key, Map<String, AttributeValue> item) implements Write {
    }

    /**
     * UPDATE of an existing item; {@code condition} holds the WHERE's conditions besides the key
     * equalities (null when there are none).
     */
    record Update(TableData table, PrimaryKey key, dev.skyport.dynamo.expr.Update update, Condition condition,
                  Statement.Returning returning) implements Write {
    }

    /** DELETE; deleting an item that is not there is no error unless a condition says otherwise. */
    record Delete(TableData table, PrimaryKey key, Condition condition, Statement.Returning returning)
            implements Write {
    }

    /** EXISTS: the item must exist and satisfy {@code condition} (null: exist only). */
    record Check(TableData table, PrimaryKey key, Condition condition) implements Write {
    }
}
