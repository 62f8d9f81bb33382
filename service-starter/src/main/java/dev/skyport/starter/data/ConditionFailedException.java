package dev.skyport.starter.data;

import dev.skyport.starter.problem.ConflictException;

/**
 * A write's {@link Condition} did not hold: 409. {@link #currentItem()} is the item as stored when the check
 * failed (DynamoDB's ReturnValuesOnConditionCheckFailure), or null; it is not put into the problem body.
 */
public class ConditionFailedException extends ConflictException {

    private final transient Object currentItem;

    public ConditionFailedException(String table, Object currentItem) {
        super("condition-failed", "Conflict", "The item in " + table + " is not in a state that allows this change.");
        this.currentItem = currentItem;
    }

    @SuppressWarnings("unchecked")
    public <T> T currentItem() {
        return (T) currentItem;
    }
}
