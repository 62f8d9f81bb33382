package dev.skyport.starter.data;

import dev.skyport.starter.problem.PreconditionFailedException;

/**
 * The item's version attribute changed since it was read: 412 (a stale ETag/If-Match or a lost race).
 * {@link #currentItem()} is the stored item, so a caller may re-apply its change.
 */
public class OptimisticLockException extends PreconditionFailedException {

    private final transient Object currentItem;

    public OptimisticLockException(String table, Object currentItem) {
        super("stale-version", "Precondition Failed",
                "The item in " + table + " was changed by someone else; read it again and retry.");
        this.currentItem = currentItem;
    }

    @SuppressWarnings("unchecked")
    public <T> T currentItem() {
        return (T) currentItem;
    }
}
