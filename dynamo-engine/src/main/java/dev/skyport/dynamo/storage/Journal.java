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
        public void close() {
        }
    };

    CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    CompletableFuture<Void> append(List<Mutation> mutations);

    /** Feeds every recorded mutation, in order, to {@code into}; called once at start-up. */
    void replay(Consumer<Mutation> into);

    @Override
    void close();
}
