package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The engine's state: tables and their items. All writes go through here, under one short write
 * lock, so each item write is atomic and writes are totally ordered (the journal's order). Reads
 * never lock. Items taking part in an in-flight transaction are marked; other writers to them fail
 * with TransactionConflictException, as on the service.
 */
public final class Database implements AutoCloseable {

    private final ConcurrentHashMap<String, TableData> tables = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentHashMap<ItemRef, Object> inFlight = new ConcurrentHashMap<>();
    private final List<ChangeListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Journal journal;

    /** An item of a table, as transactions mark it. */
    public record ItemRef(String table, PrimaryKey key) {
    }

    /** The outcome of a write: the item before and after (null when absent), and when it is durable. */
    public record WriteResult(Map<String, AttributeValue> before, Map<String, AttributeValue> after,
                              CompletableFuture<Void> durable) {
    }

    /** A committed item change, given to listeners (streams) in commit order under the write lock. */
    public interface ChangeListener {
        void onChange(TableData table, Map<String, AttributeValue> before, Map<String, AttributeValue> after,
                      boolean byService);
    }

    public Database(Journal journal) {
        this.journal = journal;
        journal.replay(this::replay);
    }

    public TableData table(String name) {
        return tables.get(name);
    }

    public Collection<TableData> tables() {
        return tables.values();
    }

    public void addListener(ChangeListener listener) {
        listeners.add(listener);
    }

    /** Creates a table; throws ResourceInUseException when the name is taken. */
    public CompletableFuture<Void> createTable(TableDefinition definition) {
        writeLock.lock();
        try {
            if (tables.containsKey(definition.name())) {
                throw DynamoException.resourceInUse("Table already exists: " + definition.name());
            }
            tables.put(definition.name(), new TableData(definition));
            return journal.append(List.of(new Mutation.DefineTable(definition)));
        } finally {
            writeLock.unlock();
        }
    }

    /** Replaces a table's definition (status, indexes, streams, TTL, tags). */
    public CompletableFuture<Void> defineTable(TableDefinition definition) {
        writeLock.lock();
        try {
            TableData table = tables.get(definition.name());
            if (table == null) {
                throw DynamoException.resourceNotFound("Requested resource not found");
            }
            table.define(definition);
            return journal.append(List.of(new Mutation.DefineTable(definition)));
        } finally {
            writeLock.unlock();
        }
    }

    public CompletableFuture<Void> dropTable(String name) {
        writeLock.lock();
        try {
            if (tables.remove(name) == null) {
                throw DynamoException.resourceNotFound("Requested resource not found");
            }
            return journal.append(List.of(new Mutation.DropTable(name)));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Atomically reads, changes and writes one item. {@code change} gets the current item (or null) and
     * returns the new item, null to delete, or the same instance to leave it unchanged; it may throw
     * (ConditionalCheckFailedException) and then nothing is written.
     */
    public WriteResult write(TableData table, PrimaryKey key, UnaryOperator<Map<String, AttributeValue>> change) {
        return write(table, key, change, false);
    }

    /** As {@link #write(TableData, PrimaryKey, UnaryOperator)}; {@code byService} marks TTL deletions. */
    public WriteResult write(TableData table, PrimaryKey key, UnaryOperator<Map<String, AttributeValue>> change,
                             boolean byService) {
        writeLock.lock();
        try {
            if (!inFlight.isEmpty() && inFlight.containsKey(new ItemRef(table.definition().name(), key))) {
                throw DynamoException.transactionConflict("Transaction is ongoing for the item");
            }
            Map<String, AttributeValue> before = table.get(key);
            Map<String, AttributeValue> after = change.apply(before);
            if (after == before) {
                return new WriteResult(before, before, Journal.DONE);
            }
            Mutation mutation = apply(table, key, before, after, byService);
            return new WriteResult(before, after, journal.append(List.of(mutation)));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Marks items for a transaction. Returns the index of the first item already marked by another
     * transaction (a conflict; nothing is marked then), or -1 when all are now marked.
     */
    public int mark(List<ItemRef> refs, Object transaction) {
        writeLock.lock();
        try {
            for (int i = 0; i < refs.size(); i++) {
                Object owner = inFlight.get(refs.get(i));
                if (owner != null && owner != transaction) {
                    return i;
                }
            }
            for (ItemRef ref : refs) {
                inFlight.put(ref, transaction);
            }
            return -1;
        } finally {
            writeLock.unlock();
        }
    }

    public void unmark(List<ItemRef> refs, Object transaction) {
        for (ItemRef ref : refs) {
            inFlight.remove(ref, transaction);
        }
    }

    /** One change of a transaction: the new item, or null to delete. */
    public record Change(TableData table, PrimaryKey key, Map<String, AttributeValue> after) {
    }

    /** Applies a transaction's changes at once, as one journal entry. */
    public CompletableFuture<Void> commit(List<Change> changes) {
        writeLock.lock();
        try {
            List<Mutation> mutations = new ArrayList<>(changes.size());
            for (Change change : changes) {
                Map<String, AttributeValue> before = change.table().get(change.key());
                if (before == null && change.after() == null) {
                    continue;
                }
                mutations.add(apply(change.table(), change.key(), before, change.after(), false));
            }
            return mutations.isEmpty() ? Journal.DONE : journal.append(mutations);
        } finally {
            writeLock.unlock();
        }
    }

    private Mutation apply(TableData table, PrimaryKey key, Map<String, AttributeValue> before,
                           Map<String, AttributeValue> after, boolean byService) {
        String name = table.definition().name();
        Mutation mutation;
        if (after == null) {
            table.delete(key);
            mutation = new Mutation.DeleteItem(name, table.definition().key().keyOf(before));
        } else {
            table.put(after);
            mutation = new Mutation.PutItem(name, after);
        }
        for (ChangeListener listener : listeners) {
            listener.onChange(table, before, after, byService);
        }
        return mutation;
    }

    private void replay(Mutation mutation) {
        switch (mutation) {
            case Mutation.DefineTable m -> {
                TableData existing = tables.get(m.definition().name());
                if (existing == null) {
                    tables.put(m.definition().name(), new TableData(m.definition()));
                } else {
                    existing.define(m.definition());
                }
            }
            case Mutation.DropTable m -> tables.remove(m.tableName());
            case Mutation.PutItem m -> {
                TableData table = tables.get(m.tableName());
                if (table != null) {
                    table.put(m.item());
                }
            }
            case Mutation.DeleteItem m -> {
                TableData table = tables.get(m.tableName());
                if (table != null) {
                    table.delete(table.keyOf(m.key()));
                }
            }
        }
    }

    @Override
    public void close() {
        journal.close();
    }
}
