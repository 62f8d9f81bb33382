package dev.skyport.starter.data;

import dev.skyport.starter.problem.ConflictException;

/**
 * A transaction collided with another one on the same items (TransactionConflict): 409, safe to retry.
 * Not {@link java.util.ConcurrentModificationException}: this one is about stored items.
 */
public class ConcurrentModificationException extends ConflictException {

    public ConcurrentModificationException(String detail, Throwable cause) {
        super("concurrent-modification", "Conflict", detail, cause);
    }
}
