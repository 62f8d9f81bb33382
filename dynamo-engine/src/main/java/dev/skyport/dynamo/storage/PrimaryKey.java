package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;

/**
 * Where an item lives: its partition (hash key, placed by a stable token so scans spread like the
 * service's) and its range key ({@link TableData#NO_RANGE} for hash-only tables). Ordered by token, then hash value, then range value.
 */
public record PrimaryKey(PartitionKey partition, AttributeValue range) implements Comparable<PrimaryKey> {

    public static PrimaryKey of(AttributeValue hash, AttributeValue range) {
        return new PrimaryKey(PartitionKey.of(hash), range);
    }

    public AttributeValue hash() {
        return partition.hash();
    }

    @Override
    public int compareTo(PrimaryKey other) {
        int c = partition.compareTo(other.partition);
        return c != 0 ? c : TableData.RANGE_ORDER.compare(range, other.range);
    }

    public static int compareRange(AttributeValue a, AttributeValue b) {
        return TableData.RANGE_ORDER.compare(a, b);
    }
}
