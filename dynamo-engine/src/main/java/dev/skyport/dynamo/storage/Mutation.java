package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.stream.StreamRecord;
import java.math.BigInteger;
import java.util.Map;

/** One change to the database, as the journal records and replays it. */
public sealed interface Mutation {

    /** A table created or changed (the whole new definition). */
    record DefineTable(TableDefinition definition) implements Mutation {
    }

    record DropTable(String tableName) implements Mutation {
    }

    record PutItem(String tableName, Map<String, AttributeValue> item) implements Mutation {
    }

    /** Deletes the item with these key attributes. */
    record DeleteItem(String tableName, Map<String, AttributeValue> key) implements Mutation {
    }

    /**
     * A change of DynamoDB Streams state. The stream store decides these under the database's write lock
     * and they are journaled in the same record as the table or item change that caused them; replay
     * hands them back to the store (see {@link Database.ChangeListener#replay}). Snapshots carry the
     * whole stream state as these too.
     */
    sealed interface StreamMutation extends Mutation {
    }

    /** A stream began (enabled on a table); its first shard follows as a {@link ShardOpened}. */
    record StreamCreated(String streamArn, String tableName, String label, String viewType, KeySchema key,
                         long createdMillis) implements StreamMutation {
    }

    /** A shard opened in a stream; {@code parentShardId} is null for a stream's first shard. */
    record ShardOpened(String streamArn, String shardId, String parentShardId, BigInteger startingSequence,
                       long createdMillis) implements StreamMutation {
    }

    /** A shard closed: no record follows {@code endingSequence} in it. */
    record ShardClosed(String streamArn, String shardId, BigInteger endingSequence) implements StreamMutation {
    }

    /** A record appended to a shard. */
    record StreamRecordAdded(String streamArn, String shardId, StreamRecord record) implements StreamMutation {
    }

    /** A stream turned DISABLED (stream disabled, replaced by a new one, or its table deleted). */
    record StreamDisabled(String streamArn, long disabledMillis) implements StreamMutation {
    }

    /**
     * The highest stream sequence number issued so far. Snapshots carry it, so numbers never repeat even
     * once every record that used them has expired.
     */
    record StreamSequence(BigInteger lastIssued) implements StreamMutation {
    }
}
