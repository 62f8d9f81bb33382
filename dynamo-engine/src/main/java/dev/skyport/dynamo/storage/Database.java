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
    /**
     * Where listeners put the mutations of their own state (streams) for the journal record being
     * built; reused under the write lock; null when the journal keeps nothing, so in-memory listeners
     * build none.
     */
    private final ArrayList<Mutation> collected;

    /** An item of a table, as transactions mark it. */
    public record ItemRef(String table, PrimaryKey key) {
    }

    /** The outcome of a write: the item before and after (null when absent), and when it is durable. */
    public record WriteResult(Map<String, AttributeValue> before, Map<String, AttributeValue> after,
                              CompletableFuture<Void> durable) {
    }

    /**
     * Follows committed changes (streams). Every method runs under the write lock, in commit order
     * ({@link #replay} runs at start-up before any write; what {@link #snapshotWriter} returns runs
     * later, outside the lock). A listener that keeps state of its own makes it
     * durable by adding {@link Mutation.StreamMutation}s describing its changes to {@code journal}: they
     * go into the same journal record as the change that caused them (so a transaction's stream records
     * are durable together with its items), come back through {@link #replay} at start-up, and
     * snapshots carry the listener's whole state through {@link #snapshotWriter}. {@code journal} is
     * null when the journal keeps nothing (in-memory): then there is nothing to build.
     */
    public interface ChangeListener {

        /** An item changed ({@code before}/{@code after} null when absent); {@code byService} marks TTL deletions. */
        void onChange(TableData table, Map<String, AttributeValue> before, Map<String, AttributeValue> after,
                      boolean byService, List<Mutation> journal);

        /**
         * A table was created ({@code before} null), its definition changed, or it was dropped
         * ({@code after} null); streams follow StreamSpecification changes.
         */
        default void onDefine(TableDefinition before, TableDefinition after, List<Mutation> journal) {
        }

        /** Once, after the journal was replayed (or when added to a running database). */
        default void onStart(Database database, List<Mutation> journal) {
        }

        /**
         * After each journal append made under the write lock (not in memory): {@code durable} completes
         * once the record is durable. Returns the future the writer waits for instead: a listener that
         * must act once its changes are durable (streams show records only then) returns a future that
         * completes after it did; {@code durable} itself otherwise.
         */
        default CompletableFuture<Void> onJournaled(CompletableFuture<Void> durable) {
            return durable;
        }

        /** At start-up, before {@link #onStart}: a mutation this listener journaled (or a snapshot holds). */
        default void replay(Mutation.StreamMutation mutation) {
        }

        /**
         * When the journal cuts a snapshot: captures the listener's state as of now and returns what
         * writes it later, outside the lock, as mutations whose replay (followed by the journal's later
         * records) rebuilds that state exactly; null when there is nothing to keep.
         */
        default SnapshotWriter snapshotWriter() {
            return null;
        }
    }

    /** Writes state captured for a snapshot, as mutations, in replay order. */
    public interface SnapshotWriter {
        void writeTo(java.util.function.Consumer<Mutation> out);
    }

    public Database(Journal journal) {
        this(journal, new ChangeListener[0]);
    }

    /**
     * A database over {@code journal}, followed by {@code listeners} from the start: while the journal
     * is replayed they get back the mutations they journaled, then {@link ChangeListener#onStart}.
     */
    public Database(Journal journal, ChangeListener... listeners) {
        this.journal = journal;
        this.collected = journal.keepsMutations() ? new ArrayList<>() : null;
        this.listeners.addAll(List.of(listeners));
        journal.replay(this::replay);
        for (ChangeListener listener : listeners) {
            start(listener);
        }
        journal.attach(this);
    }

    public TableData table(String name) {
        return tables.get(name);
    }

    public Collection<TableData> tables() {
        return tables.values();
    }

    /** Runs {@code action} holding the write lock (no write half-done); the journal cuts snapshots this way. */
    <T> T underWriteLock(java.util.function.Supplier<T> action) {
        writeLock.lock();
        try {
            return action.get();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Adds a listener to a running database. It sees no replay: what it journals is only read back by a
     * listener given to the constructor.
     */
    public void addListener(ChangeListener listener) {
        writeLock.lock();
        try {
            listeners.add(listener);
            start(listener);
        } finally {
            writeLock.unlock();
        }
    }

    private void start(ChangeListener listener) {
        writeLock.lock();
        try {
            listener.onStart(this, collected);
            if (collected != null && !collected.isEmpty()) {
                append(drain(null));
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** The listeners' state for a snapshot; called by the journal under the write lock. */
    List<SnapshotWriter> snapshotWriters() {
        List<SnapshotWriter> writers = new ArrayList<>();
        for (ChangeListener listener : listeners) {
            SnapshotWriter writer = listener.snapshotWriter();
            if (writer != null) {
                writers.add(writer);
            }
        }
        return writers;
    }

    /** Appends a journal record; what the writer waits for (see {@link ChangeListener#onJournaled}). */
    private CompletableFuture<Void> append(List<Mutation> record) {
        CompletableFuture<Void> durable = journal.append(record);
        if (collected != null) {
            for (ChangeListener listener : listeners) {
                durable = listener.onJournaled(durable);
            }
        }
        return durable;
    }

    /** Tells listeners about a definition change; returns the journal record for it. */
    private List<Mutation> defined(TableDefinition before, TableDefinition after, Mutation mutation) {
        for (ChangeListener listener : listeners) {
            listener.onDefine(before, after, collected);
        }
        return collected == null || collected.isEmpty() ? List.of(mutation) : drain(mutation);
    }

    /** {@code first} (when not null) and what listeners collected, which is cleared. */
    private List<Mutation> drain(Mutation first) {
        List<Mutation> all = new ArrayList<>(collected.size() + 1);
        if (first != null) {
            all.add(first);
        }
        all.addAll(collected);
        collected.clear();
        return all;
    }

    /** Creates a table; throws ResourceInUseException when the name is taken. */
    public CompletableFuture<Void> createTable(TableDefinition definition) {
        writeLock.lock();
        try {
            if (tables.containsKey(definition.name())) {
                throw DynamoException.resourceInUse("Table already exists: " + definition.name());
            }
            tables.put(definition.name(), new TableData(definition));
            return append(defined(null, definition, new Mutation.DefineTable(definition)));
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
            TableDefinition before = table.definition();
            table.define(definition);
            return append(defined(before, definition, new Mutation.DefineTable(definition)));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Changes a table's definition atomically: {@code change} gets the current definition under the
     * write lock, so concurrent control-plane calls never lose each other's changes. Returns the new
     * definition and when it is durable.
     */
    public record Redefinition(TableDefinition definition, CompletableFuture<Void> durable) {
    }

    public Redefinition updateDefinition(String name, UnaryOperator<TableDefinition> change) {
        writeLock.lock();
        try {
            TableData table = tables.get(name);
            if (table == null) {
                throw DynamoException.resourceNotFound("Requested resource not found");
            }
            TableDefinition changed = change.apply(table.definition());
            if (changed == table.definition()) {
                return new Redefinition(changed, Journal.DONE);
            }
            TableDefinition before = table.definition();
            table.define(changed);
            return new Redefinition(changed, append(defined(before, changed, new Mutation.DefineTable(changed))));
        } finally {
            writeLock.unlock();
        }
    }

    public CompletableFuture<Void> dropTable(String name) {
        writeLock.lock();
        try {
            TableData dropped = tables.remove(name);
            if (dropped == null) {
                throw DynamoException.resourceNotFound("Requested resource not found");
            }
            return append(defined(dropped.definition(), null, new Mutation.DropTable(name)));
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
            List<Mutation> record = collected == null || collected.isEmpty() ? List.of(mutation) : drain(mutation);
            return new WriteResult(before, after, append(record));
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
                if (collected != null && !collected.isEmpty()) {
                    mutations.addAll(collected);
                    collected.clear();
                }
            }
            return mutations.isEmpty() ? Journal.DONE : append(mutations);
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
            listener.onChange(table, before, after, byService, collected);
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
            case Mutation.StreamMutation m -> {
                for (ChangeListener listener : listeners) {
                    listener.replay(m);
                }
            }
        }
    }

    @Override
    public void close() {
        journal.close();
    }
}
