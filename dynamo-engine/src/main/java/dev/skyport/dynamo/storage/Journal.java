package dev.skyport.dynamo.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where committed mutations go to survive a restart. {@link #append} is called under the database's
 * write lock, in commit order; the returned future completes once the mutations are durable, and only
 * then is the client answered.
 */
public interface Journal extends AutoCloseable {

    /** A journal that keeps nothing: in-memory mode. */
    Journal NONE = new Journal() {
        @Override
        public CompletableFuture<Void> append(List<Mutation> mutations) {
            return DONE;
        }

        @Override
        public void replay(Consumer<Mutation> into) {
        }

        @Override
        public boolean keepsMutations() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    CompletableFuture<Void> append(List<Mutation> mutations);

    /**
     * False when appended mutations are dropped (in-memory): then nothing beyond the item changes
     * themselves need be built for it.
     */
    default boolean keepsMutations() {
        return true;
    }

    /** Feeds every recorded mutation, in order, to {@code into}; called once at start-up. */
    void replay(Consumer<Mutation> into);

    /**
     * Called once by the database after {@link #replay}: a journal that compacts (snapshots the current
     * state) reads that state from {@code database}.
     */
    default void attach(Database database) {
    }

    @Override
    void close();
}
