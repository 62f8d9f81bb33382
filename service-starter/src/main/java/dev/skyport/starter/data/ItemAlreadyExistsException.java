package dev.skyport.starter.data;

import dev.skyport.starter.problem.ConflictException;

/** {@link EntityTable#create} found an item with the same key: 409. */
public class ItemAlreadyExistsException extends ConflictException {

    public ItemAlreadyExistsException(String table) {
        super("already-exists", "Already exists", "An item with this key already exists in " + table + ".");
    }
}
