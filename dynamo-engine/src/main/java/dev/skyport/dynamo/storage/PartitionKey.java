package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.Values;

/**
 * A hash key value with its placement token. The token is a stable 63-bit hash of the value, so
 * scan order is the same across restarts and parallel-scan segments split the token space evenly.
 */
public record PartitionKey(long token, AttributeValue hash) implements Comparable<PartitionKey> {

    public static final long TOKEN_SPACE = Long.MAX_VALUE;

    public static PartitionKey of(AttributeValue hash) {
        return new PartitionKey(tokenOf(hash), hash);
    }

    static long tokenOf(AttributeValue hash) {
        long h = switch (hash) {
            case AttributeValue.S s -> s.value().hashCode();
            case AttributeValue.N n -> n.text().hashCode() * 31L + 7;
            case AttributeValue.B b -> b.value().hashCode() * 31L + 13;
            default -> throw new IllegalArgumentException("not a key type: " + hash.type());
        };
        // MurmurHash3's 64-bit finalizer spreads the 32-bit hash over the whole token space.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h >>> 1;
    }

    /** The parallel-scan segment this partition belongs to. */
    public int segment(int totalSegments) {
        return (int) (token / (TOKEN_SPACE / totalSegments + 1));
    }

    @Override
    public int compareTo(PartitionKey other) {
        int c = Long.compare(token, other.token);
        return c != 0 ? c : Values.compare(hash, other.hash);
    }
}
