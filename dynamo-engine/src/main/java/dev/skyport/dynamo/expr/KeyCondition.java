package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.model.AttributeValue;

/** What a Query reads: the partition key value, and the sort key comparison if any (else null). */
public record KeyCondition(AttributeValue hashValue, RangeCondition range) {
}
