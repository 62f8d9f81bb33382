package dev.skyport.dynamo.stream;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.ItemSize;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableDefinition;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * DynamoDB Streams for every table that has one: turns each committed item change into a stream
 * record (in commit order, since the database calls it under its write lock) and keeps records for
 * 24 hours. Streams appear when a table's StreamSpecification enables one and turn DISABLED when it is
 * disabled, the table is deleted, or a new stream replaces it.
 */
public final class StreamStore implements Database.ChangeListener {

    /** How long records are kept, as on the service. */
    public static final Duration RETENTION = Duration.ofHours(24);

    private static final BigInteger SEQUENCE_BASE = new BigInteger("100000000000000000000");

    private final ConcurrentSkipListMap<String, TableStream> streams = new ConcurrentSkipListMap<>();
    private final Clock clock;
    private final int shardMaxRecords;
    private final long shardMaxAgeMillis;
    private volatile Database database;
    private long sequence;

    public StreamStore(Clock clock, int shardMaxRecords, Duration shardMaxAge) {
        this.clock = clock;
        this.shardMaxRecords = shardMaxRecords;
        this.shardMaxAgeMillis = shardMaxAge.toMillis();
    }

    /** Connects the store to the database it follows (once, at start-up). */
    public void attach(Database database) {
        this.database = database;
        database.addListener(this);
    }

    @Override
    public void onChange(TableData table, Map<String, AttributeValue> before, Map<String, AttributeValue> after,
                         boolean byService) {
        TableDefinition definition = table.definition();
        if (definition.streamViewType() == null || (before == null && after == null)
                || (before != null && before.equals(after))) {
            return;
        }
        TableStream stream = streamFor(definition);
        long now = clock.millis();
        BigInteger next = SEQUENCE_BASE.add(BigInteger.valueOf(++sequence));
        Map<String, AttributeValue> keys = definition.key().keyOf(after != null ? after : before);
        String event = before == null ? "INSERT" : after == null ? "REMOVE" : "MODIFY";
        long size = ItemSize.of(keys);
        String view = definition.streamViewType();
        if (before != null && (view.equals("OLD_IMAGE") || view.equals("NEW_AND_OLD_IMAGES"))) {
            size += ItemSize.of(before);
        }
        if (after != null && (view.equals("NEW_IMAGE") || view.equals("NEW_AND_OLD_IMAGES"))) {
            size += ItemSize.of(after);
        }
        StreamRecord record = new StreamRecord(next, UUID.randomUUID().toString().replace("-", ""), event, now,
                keys, before, after, size, byService);
        stream.openShard(next, now, shardMaxRecords, shardMaxAgeMillis).append(record);
    }

    @Override
    public void onTableDefined(TableDefinition definition) {
        if (definition.streamViewType() != null) {
            streamFor(definition);
        } else {
            onTableDropped(definition.name());
        }
    }

    @Override
    public void onTableDropped(String tableName) {
        for (TableStream stream : streams.values()) {
            if (stream.tableName().equals(tableName) && stream.enabled()) {
                stream.disable(clock.millis());
            }
        }
    }

    /** The current stream of a table whose definition has one enabled, creating it on first use. */
    private TableStream streamFor(TableDefinition definition) {
        String arn = definition.arn() + "/stream/" + definition.streamLabel();
        TableStream stream = streams.get(arn);
        if (stream != null) {
            return stream;
        }
        synchronized (this) {
            stream = streams.get(arn);
            if (stream == null) {
                for (TableStream other : streams.values()) {
                    if (other.tableName().equals(definition.name()) && other.enabled()) {
                        other.disable(clock.millis());
                    }
                }
                long now = clock.millis();
                stream = new TableStream(arn, definition.name(), definition.streamLabel(),
                        definition.streamViewType(), definition.key(), now);
                // As on the service, an enabled stream has an open shard before its first record.
                stream.openShard(SEQUENCE_BASE.add(BigInteger.valueOf(sequence + 1)), now, shardMaxRecords,
                        shardMaxAgeMillis);
                streams.put(arn, stream);
            }
            return stream;
        }
    }

    /** Brings stream states in line with table definitions and drops what retention expired. */
    public synchronized void refresh() {
        Database db = database;
        long cutoff = clock.millis() - RETENTION.toMillis();
        for (TableData table : db.tables()) {
            TableDefinition definition = table.definition();
            if (definition.streamViewType() != null) {
                streamFor(definition);
            }
        }
        for (TableStream stream : new ArrayList<>(streams.values())) {
            TableData table = db.table(stream.tableName());
            TableDefinition definition = table == null ? null : table.definition();
            boolean current = definition != null && definition.streamViewType() != null
                    && stream.arn().equals(definition.arn() + "/stream/" + definition.streamLabel());
            if (!current && stream.enabled()) {
                stream.disable(clock.millis());
            }
            stream.trim(cutoff);
            if (!stream.enabled() && stream.disabledMillis() < cutoff && stream.shards().isEmpty()) {
                streams.remove(stream.arn());
            }
        }
    }

    public TableStream stream(String arn) {
        refresh();
        return streams.get(arn);
    }

    /** Streams in ARN order, of one table or of all. */
    public List<TableStream> list(String tableName) {
        refresh();
        List<TableStream> out = new ArrayList<>();
        for (TableStream stream : streams.values()) {
            if (tableName == null || stream.tableName().equals(tableName)) {
                out.add(stream);
            }
        }
        return out;
    }

    public Clock clock() {
        return clock;
    }
}
