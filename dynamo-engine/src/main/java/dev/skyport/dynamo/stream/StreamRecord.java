package dev.skyport.dynamo.stream;

import dev.skyport.dynamo.model.AttributeValue;
import java.math.BigInteger;
import java.util.Map;

/**
 * One change of one item as DynamoDB Streams delivers it. Images are kept as stored items (immutable
 * maps) and filtered by the stream's view type when the record is written out.
 *
 * @param sequence increasing across the whole engine, so records of one item are in commit order
 * @param createdMillis when the change was committed
 * @param byService true for TTL deletions, which the service marks with a userIdentity
 */
public record StreamRecord(
        BigInteger sequence,
        String eventId,
        String eventName,
        long createdMillis,
        Map<String, AttributeValue> keys,
        Map<String, AttributeValue> oldImage,
        Map<String, AttributeValue> newImage,
        long sizeBytes,
        boolean byService) {

    public String sequenceNumber() {
        return sequence.toString();
    }
}
