package dev.skyport.dynamo.stream;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.ItemSize;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.dynamo.storage.Mutation;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableDefinition;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * DynamoDB Streams for every table that has one: turns each committed item change into a stream
 * record (in commit order, since the database calls it under its write lock) and keeps records for
 * 24 hours. Streams appear when a table's StreamSpecification enables one and turn DISABLED when it is
 * disabled, the table is deleted, or a new stream replaces it.
 *
 * <h2>Durability</h2>
 * Every change of stream state (a stream created or disabled, a shard opened or closed, a record
 * added) is decided here under the database's write lock and, with a data directory, handed to the
 * database as a {@link Mutation.StreamMutation} that goes into the same journal record as the table or
 * item change that caused it: a record is durable exactly when its item change is, and a transaction's
 * records with its items. At start-up the journal gives them back ({@link #replay}) before any new
 * write, so streams, shards, records (sequence numbers, event ids, times, images, userIdentity) and
 * the sequence counter come back as they were. Snapshots carry the whole state as the same mutations
 * ({@link #snapshotWriter}), leaving out what retention expired. Only trimming expired records is not
 * journaled: it follows from the records' times and the clock, before and after a restart alike.
 *
 * <p>Readers see a record (and a shard opened or closed by its write) only once its journal record is
 * durable ({@link #onJournaled}), so a consumer never reads, nor stores the sequence number of, a
 * record that a crash could take back and a later write could then number the same.
 */
public final class StreamStore implements Database.ChangeListener {

    /** How long records are kept, as on the service. */
    public static final Duration RETENTION = Duration.ofHours(24);

    private static final BigInteger SEQUENCE_BASE = new BigInteger("100000000000000000000");

    private final ConcurrentSkipListMap<String, TableStream> streams = new ConcurrentSkipListMap<>();
    private final Clock clock;
    private final int shardMaxRecords;
    private final long shardMaxAgeMillis;
    /** The last sequence number issued, less {@link #SEQUENCE_BASE}; changed only under the write lock. */
    private volatile long sequence;
    /** The last sequence number whose durability {@link #onJournaled} already waits for (under the write lock). */
    private long awaited;
    private final Visibility visibility = new Visibility();

    /** What readers may see: records up to a sequence number (everything in memory). */
    static final class Visibility {
        /** Null: everything. */
        private volatile BigInteger upTo;

        boolean shows(BigInteger sequenceNumber) {
            BigInteger limit = upTo;
            return sequenceNumber == null || limit == null || sequenceNumber.compareTo(limit) <= 0;
        }

        synchronized void showUpTo(BigInteger sequenceNumber) {
            if (upTo != null && sequenceNumber.compareTo(upTo) > 0) {
                upTo = sequenceNumber;
            }
        }

        synchronized void showFrom(BigInteger sequenceNumber) {
            upTo = sequenceNumber;
        }
    }

    public StreamStore(Clock clock, int shardMaxRecords, Duration shardMaxAge) {
        this.clock = clock;
        this.shardMaxRecords = shardMaxRecords;
        this.shardMaxAgeMillis = shardMaxAge.toMillis();
    }

    /**
     * Follows a database that is already running (it sees no replay, so nothing of a data directory's
     * streams); a durable engine passes the store to the database's constructor instead.
     */
    public void attach(Database database) {
        database.addListener(this);
    }

    // ---------------------------------------------------------------- changes (under the write lock)

    @Override
    public void onChange(TableData table, Map<String, AttributeValue> before, Map<String, AttributeValue> after,
                         boolean byService, List<Mutation> journal) {
        TableDefinition definition = table.definition();
        if (definition.streamViewType() == null || (before == null && after == null)
                || (before != null && before.equals(after))) {
            return;
        }
        long now = clock.millis();
        TableStream stream = streams.get(arnOf(definition));
        if (stream == null) {
            stream = create(definition, now, journal);
        } else if (!stream.enabled()) {
            return;
        }
        long issued = sequence + 1;
        sequence = issued;
        BigInteger next = SEQUENCE_BASE.add(BigInteger.valueOf(issued));
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
        Shard shard = stream.current();
        if (shard == null || shard.closedNow() || shard.size() >= shardMaxRecords
                || now - shard.createdMillis() >= shardMaxAgeMillis) {
            shard = openShard(stream, next, now, next, journal);
        }
        shard.append(record);
        if (journal != null) {
            journal.add(new Mutation.StreamRecordAdded(stream.arn(), shard.id(), record));
        }
    }

    /** Readers see this write's records once it is durable. */
    @Override
    public CompletableFuture<Void> onJournaled(CompletableFuture<Void> durable) {
        long issued = sequence;
        if (issued == awaited) {
            return durable; // no record in this journal record
        }
        awaited = issued;
        BigInteger upTo = SEQUENCE_BASE.add(BigInteger.valueOf(issued));
        return durable.thenRun(() -> visibility.showUpTo(upTo));
    }

    @Override
    public void onDefine(TableDefinition before, TableDefinition after, List<Mutation> journal) {
        if (before != null && after != null && Objects.equals(before.streamViewType(), after.streamViewType())
                && Objects.equals(before.streamLabel(), after.streamLabel()) && before.arn().equals(after.arn())) {
            return; // no stream change (status, indexes, TTL, tags...)
        }
        follow(after != null ? after.name() : before.name(), after, clock.millis(), journal);
    }

    /**
     * Brings the streams in line with the tables replayed (a data directory written before streams were
     * kept has tables with streams enabled but no stream yet).
     */
    @Override
    public void onStart(Database database, List<Mutation> journal) {
        // In memory readers see everything at once; else what was replayed, and later what is durable.
        visibility.showFrom(journal == null ? null : SEQUENCE_BASE.add(BigInteger.valueOf(sequence)));
        awaited = sequence;
        long now = clock.millis();
        Set<String> tables = new HashSet<>();
        for (TableData table : database.tables()) {
            tables.add(table.definition().name());
            follow(table.definition().name(), table.definition(), now, journal);
        }
        for (TableStream stream : streams.values()) {
            if (stream.enabled() && !tables.contains(stream.tableName())) {
                disable(stream, now, journal);
            }
        }
    }

    /** Makes the stream {@code definition} names (if any) the table's only enabled one. */
    private void follow(String tableName, TableDefinition definition, long now, List<Mutation> journal) {
        String current = definition != null && definition.streamViewType() != null ? arnOf(definition) : null;
        for (TableStream stream : streams.values()) {
            if (stream.enabled() && stream.tableName().equals(tableName) && !stream.arn().equals(current)) {
                disable(stream, now, journal);
            }
        }
        if (current != null && !streams.containsKey(current)) {
            create(definition, now, journal);
        }
    }

    private TableStream create(TableDefinition definition, long now, List<Mutation> journal) {
        String arn = arnOf(definition);
        for (TableStream other : streams.values()) {
            if (other.enabled() && other.tableName().equals(definition.name())) {
                disable(other, now, journal);
            }
        }
        TableStream stream = new TableStream(arn, definition.name(), definition.streamLabel(),
                definition.streamViewType(), definition.key(), now);
        if (journal != null) {
            journal.add(new Mutation.StreamCreated(arn, stream.tableName(), stream.label(), stream.viewType(),
                    stream.key(), now));
        }
        // As on the service, an enabled stream has an open shard before its first record.
        openShard(stream, SEQUENCE_BASE.add(BigInteger.valueOf(sequence + 1)), now, null, journal);
        streams.put(arn, stream);
        return stream;
    }

    /**
     * Closes the open shard (if any) and opens its child, starting at {@code start}; {@code by} is the
     * record whose write does it (readers see both once it is durable), null for a table change.
     */
    private Shard openShard(TableStream stream, BigInteger start, long now, BigInteger by,
                            List<Mutation> journal) {
        Shard parent = stream.current();
        if (parent != null && !parent.closedNow()) {
            close(stream, parent, by, journal);
        }
        Shard shard = new Shard(TableStream.shardId(now), parent == null ? null : parent.id(), start, now,
                visibility, by);
        stream.add(shard);
        if (journal != null) {
            journal.add(new Mutation.ShardOpened(stream.arn(), shard.id(), shard.parentId(), start, now));
        }
        return shard;
    }

    private static void close(TableStream stream, Shard shard, BigInteger by, List<Mutation> journal) {
        shard.close(by);
        if (journal != null) {
            journal.add(new Mutation.ShardClosed(stream.arn(), shard.id(), shard.endingNow()));
        }
    }

    private static void disable(TableStream stream, long now, List<Mutation> journal) {
        Shard open = stream.current();
        if (open != null && !open.closedNow()) {
            close(stream, open, null, journal);
        }
        stream.disable(now);
        if (journal != null) {
            journal.add(new Mutation.StreamDisabled(stream.arn(), now));
        }
    }

    private static String arnOf(TableDefinition definition) {
        return definition.arn() + "/stream/" + definition.streamLabel();
    }

    // ---------------------------------------------------------------- replay and snapshots

    @Override
    public void replay(Mutation.StreamMutation mutation) {
        switch (mutation) {
            case Mutation.StreamCreated m -> streams.putIfAbsent(m.streamArn(), new TableStream(m.streamArn(),
                    m.tableName(), m.label(), m.viewType(), m.key(), m.createdMillis()));
            case Mutation.ShardOpened m -> {
                TableStream stream = streams.get(m.streamArn());
                if (stream != null && stream.shardNow(m.shardId()) == null) {
                    stream.add(new Shard(m.shardId(), m.parentShardId(), m.startingSequence(), m.createdMillis(),
                            visibility, null));
                }
                issued(m.startingSequence().subtract(BigInteger.ONE));
            }
            case Mutation.ShardClosed m -> {
                Shard shard = shard(m.streamArn(), m.shardId());
                if (shard != null) {
                    shard.closeAt(m.endingSequence());
                }
            }
            case Mutation.StreamRecordAdded m -> {
                Shard shard = shard(m.streamArn(), m.shardId());
                if (shard != null) {
                    shard.appendReplayed(m.record());
                }
                issued(m.record().sequence());
            }
            case Mutation.StreamDisabled m -> {
                TableStream stream = streams.get(m.streamArn());
                if (stream != null) {
                    stream.disable(m.disabledMillis());
                }
            }
            case Mutation.StreamSequence m -> issued(m.lastIssued());
        }
    }

    private Shard shard(String streamArn, String shardId) {
        TableStream stream = streams.get(streamArn);
        return stream == null ? null : stream.shardNow(shardId);
    }

    /** Notes a sequence number as issued, so later records get higher ones. */
    private void issued(BigInteger sequenceNumber) {
        BigInteger relative = sequenceNumber.subtract(SEQUENCE_BASE);
        if (relative.signum() > 0 && relative.bitLength() < 63 && relative.longValue() > sequence) {
            sequence = relative.longValue();
        }
    }

    private record ShardCut(Shard shard, BigInteger ending, BigInteger last) {
    }

    private record StreamCut(TableStream stream, boolean enabled, long disabledMillis, List<ShardCut> shards) {
    }

    /**
     * Notes, under the write lock, each stream's state and each shard's last record and end (cheap: no
     * record is copied); the writer then emits the streams, shards and records up to those points, which
     * is exactly the state at the cut because records are immutable and shards only grow at their end.
     * Disabled streams whose retention passed, closed shards without retained records, and expired
     * records are left out.
     */
    @Override
    public Database.SnapshotWriter snapshotWriter() {
        long cutoff = clock.millis() - RETENTION.toMillis();
        long last = sequence;
        List<StreamCut> cuts = new ArrayList<>();
        for (TableStream stream : streams.values()) {
            if (!stream.enabled() && stream.disabledMillis() < cutoff) {
                continue;
            }
            List<ShardCut> shards = new ArrayList<>();
            for (Shard shard : stream.allShards()) {
                shards.add(new ShardCut(shard, shard.endingNow(), shard.lastSequence()));
            }
            cuts.add(new StreamCut(stream, stream.enabled(), stream.disabledMillis(), shards));
        }
        return out -> {
            for (StreamCut cut : cuts) {
                TableStream stream = cut.stream();
                out.accept(new Mutation.StreamCreated(stream.arn(), stream.tableName(), stream.label(),
                        stream.viewType(), stream.key(), stream.createdMillis()));
                for (ShardCut s : cut.shards()) {
                    Shard shard = s.shard();
                    List<StreamRecord> records = shard.recordsThrough(s.last(), cutoff);
                    if (s.ending() != null && records.isEmpty() && shard.createdMillis() < cutoff) {
                        continue;
                    }
                    out.accept(new Mutation.ShardOpened(stream.arn(), shard.id(), shard.parentId(),
                            shard.startingSequence(), shard.createdMillis()));
                    for (StreamRecord record : records) {
                        out.accept(new Mutation.StreamRecordAdded(stream.arn(), shard.id(), record));
                    }
                    if (s.ending() != null) {
                        out.accept(new Mutation.ShardClosed(stream.arn(), shard.id(), s.ending()));
                    }
                }
                if (!cut.enabled()) {
                    out.accept(new Mutation.StreamDisabled(stream.arn(), cut.disabledMillis()));
                }
            }
            out.accept(new Mutation.StreamSequence(SEQUENCE_BASE.add(BigInteger.valueOf(last))));
        };
    }

    // ---------------------------------------------------------------- reading

    /** Drops what retention expired: old records, closed shards left empty, long-disabled streams. */
    public synchronized void refresh() {
        long cutoff = clock.millis() - RETENTION.toMillis();
        for (TableStream stream : streams.values()) {
            stream.trim(cutoff);
            if (!stream.enabled() && stream.disabledMillis() < cutoff && stream.allShards().isEmpty()) {
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
