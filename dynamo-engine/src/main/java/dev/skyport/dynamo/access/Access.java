package dev.skyport.dynamo.access;

/**
 * One thing a request touches, as an IAM policy names it.
 *
 * @param part     for a transaction or PartiQL statement, what this item does ({@code Put}, {@code Update},
 *                 {@code Delete}, {@code ConditionCheck}, {@code Get}, {@code Select}, {@code Insert}); else null
 * @param resource a table, index or stream ARN, {@code table/NAME/stream/*} for ListStreams of a table, or
 *                 {@code *} for account-wide calls (ListTables, DescribeLimits)
 */
public record Access(String part, String resource) {
}
