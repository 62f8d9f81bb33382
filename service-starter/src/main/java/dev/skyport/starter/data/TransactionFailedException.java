package dev.skyport.starter.data;

import java.util.List;

import dev.skyport.starter.problem.ConflictException;

/**
 * A transaction was cancelled because conditions failed: 409. {@link #failures()} says which actions failed
 * and why (DynamoDB cancellation reasons, in action order), e.g. the e-mail guard's create-if-absent.
 */
public class TransactionFailedException extends ConflictException {

    /**
     * One failed action.
     *
     * @param index position of the action in the transaction (0-based)
     * @param table logical table name
     * @param operation create, put, update, delete or conditionCheck
     * @param code cancellation reason code, e.g. ConditionalCheckFailed
     * @param message DynamoDB's message, may be null
     */
    public record Failure(int index, String table, String operation, String code, String message) {
    }

    private final List<Failure> failures;

    public TransactionFailedException(List<Failure> failures, Throwable cause) {
        super("transaction-failed", "Conflict", "The change conflicts with the current state: "
                + failures.stream().map(f -> f.operation() + " on " + f.table() + " (" + f.code() + ")").toList(), cause);
        this.failures = List.copyOf(failures);
    }

    public List<Failure> failures() {
        return failures;
    }

    /** Whether an action on this table failed its condition. */
    public boolean conditionFailedOn(EntityTable<?> table) {
        return conditionFailedOn(table.name());
    }

    public boolean conditionFailedOn(String logicalTable) {
        return failures.stream().anyMatch(f -> f.table().equals(logicalTable) && "ConditionalCheckFailed".equals(f.code()));
    }

    /** Whether the action at this index failed. */
    public boolean failedAt(int index) {
        return failures.stream().anyMatch(f -> f.index() == index);
    }
}
