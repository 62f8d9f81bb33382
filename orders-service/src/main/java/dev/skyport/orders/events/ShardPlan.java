package dev.skyport.orders.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/**
 * Which shards of the {@code orders} stream this replica reads, and where each starts: all of them
 * ({@link LocalShardPlan}, one replica or a few), or those whose lease it holds (shard leases, when the
 * replicas fan records out to each other). {@link OrdersStreamReader} asks it every round and reads what it
 * says; it is called from the reader's thread only.
 */
public interface ShardPlan {

    /**
     * Where reading a shard starts: after a sequence number, at the shard's latest record, or at its oldest
     * (skipping records created before {@code notBefore} when that is set).
     */
    record Start(ShardIteratorType type, String sequenceNumber, Instant notBefore) {

        public static final Start LATEST = new Start(ShardIteratorType.LATEST, null, null);
        public static final Start TRIM_HORIZON = new Start(ShardIteratorType.TRIM_HORIZON, null, null);

        public static Start after(String sequenceNumber) {
            return new Start(ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequenceNumber, null);
        }

        public static Start since(Instant notBefore) {
            return new Start(ShardIteratorType.TRIM_HORIZON, null, notBefore);
        }
    }

    /**
     * One round: the shards to read from now on, with where each starts (used for shards not read yet), given
     * the stream's listing. A shard read so far and left out is no longer this replica's: its reading stops.
     */
    Map<String, Start> assign(String streamArn, List<Shard> shards);

    /** Records up to {@code sequenceNumber} were handed on; false when the shard is no longer this replica's. */
    boolean checkpoint(String shardId, String sequenceNumber);

    /** The shard was read to its end (it is closed and every record was handed on). */
    void finished(String shardId);

    /** Whether this replica may read the shard now (a lease not renewed in time is not read any more). */
    default boolean holds(String shardId) {
        return true;
    }

    /** Whether a change written now will be read by some replica (every shard that needs a reader has one). */
    default boolean covered() {
        return true;
    }

    /** How long the reader may wait between two rounds at most (null: the discovery interval). */
    default Duration roundInterval() {
        return null;
    }

    /** The stream or a shard went away: the reader starts over on whatever stream is there now. */
    default void reset() {
    }

    /** The reader stopped: give up what this replica holds, so that others take it over at once. */
    default void release() {
    }
}
