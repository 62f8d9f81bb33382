package dev.skyport.orders.events.fanout;

import dev.skyport.orders.events.ShardPlan;
import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.data.ItemAlreadyExistsException;
import dev.skyport.starter.data.ItemNotFoundException;
import dev.skyport.starter.data.OptimisticLockException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * Shares the {@code orders} stream's shards out among the replicas through leases in the {@code stream-leases}
 * table, so that one replica reads a shard at a time (DynamoDB Streams throttles beyond about two readers per
 * shard). Each round (a third of the lease) a replica renews its heartbeat and leases, gives up what is over
 * its share, and takes unowned or expired leases up to its share: ceil(shards that need a reader / live
 * replicas), live replicas counted from the heartbeats. Every write is conditional on the row's version.
 *
 * <p>A shard needs a reader when it is not finished and its parent is (or is history, or gone). A new owner
 * starts after the checkpoint; a shard without one from its start, skipping records older than the row's
 * {@code since} when it was first taken up with nothing before it (the open shards at the very first start,
 * LATEST in effect, but nothing written after that moment is lost if the shard changes hands before its first
 * record). Leases compare epoch millis across replicas: their clocks must agree (NTP) to well under the
 * margin, a fifth of the lease, by which an owner stops reading before its lease runs out.
 */
public final class ShardLeases implements ShardPlan {

    private static final Logger log = LoggerFactory.getLogger(ShardLeases.class);
    // Finished shards' rows must outlive the stream's 24 h retention: a listed child looks its parent up.
    private static final Duration KEEP_FINISHED = Duration.ofDays(2);

    private final EntityTable<StreamLease> table;
    private final String replicaId;
    private final Duration lease;
    private final Clock clock;
    // Touched only by the reader's thread (and by release() after it stopped).
    private final Map<String, StreamLease> held = new LinkedHashMap<>();
    private final Map<String, Long> readableUntil = new HashMap<>();
    private StreamLease heartbeat;
    private volatile boolean covered;
    private volatile int owned;

    public ShardLeases(EntityTable<StreamLease> table, String replicaId, Duration lease, Clock clock,
                       MeterRegistry meters) {
        this.table = table;
        this.replicaId = replicaId;
        this.lease = lease;
        this.clock = clock;
        Gauge.builder("orders.stream.shards.owned", this, leases -> leases.owned)
                .description("Shards of the orders stream this replica holds the lease of (and reads)").register(meters);
    }

    @Override
    public Duration roundInterval() {
        return lease.dividedBy(3);
    }

    @Override
    public Map<String, Start> assign(String streamArn, List<Shard> shards) {
        long started = System.nanoTime();
        long now = clock.millis();
        beat(now);
        Map<String, StreamLease> rows = new HashMap<>();
        table.raw().scan(ScanEnhancedRequest.builder().consistentRead(true).build()).items()
                .forEach(row -> rows.put(row.getShardId(), row));
        if (heartbeat == null) {
            heartbeat = rows.get(StreamLease.REPLICA + replicaId);
        }
        long othersAlive = rows.values().stream().filter(row -> row.getShardId().startsWith(StreamLease.REPLICA)
                && !replicaId.equals(row.getOwner()) && row.liveAt(now)).count();
        Lineage lineage = new Lineage(shards, rows);
        List<Shard> needReader = shards.stream().filter(lineage::needsReader).toList();
        int share = (int) Math.ceilDiv(needReader.size(), othersAlive + 1);

        Set<String> needed = new LinkedHashSet<>();
        needReader.forEach(shard -> needed.add(shard.shardId()));
        // What we hold and still is ours in the table (same version): renewed if it needs a reader, else handed
        // back. What moved on in the table was taken over: forgotten.
        for (String shardId : List.copyOf(held.keySet())) {
            StreamLease stored = rows.get(shardId);
            if (stored == null || !held.get(shardId).getLeaseVersion().equals(stored.getLeaseVersion())) {
                held.remove(shardId);
                log.info("orders stream: lost the lease of shard {}", shardId);
            } else if (needed.contains(shardId)) {
                write(held.remove(shardId), now);
            } else {
                giveUp(shardId);
            }
        }
        // Over the share (replicas joined): give the surplus up, so they can take it.
        for (String shardId : new ArrayList<>(held.keySet()).subList(Math.min(share, held.size()), held.size())) {
            giveUp(shardId);
        }
        List<Shard> candidates = new ArrayList<>(needReader);
        // Replicas that start together do not all race for the same shard first.
        Collections.shuffle(candidates);
        for (Shard shard : candidates) {
            if (held.size() >= share) {
                break;
            }
            StreamLease row = rows.get(shard.shardId());
            if (held.containsKey(shard.shardId()) || row != null && row.liveAt(now)) {
                continue;
            }
            take(streamArn, shard, row, lineage.isRoot(shard), now);
        }
        long until = started + lease.minus(lease.dividedBy(5)).toNanos();
        held.keySet().forEach(shardId -> readableUntil.put(shardId, until));
        readableUntil.keySet().retainAll(held.keySet());
        owned = held.size();
        covered = needed.stream().allMatch(id -> held.containsKey(id) || rows.get(id) != null && rows.get(id).liveAt(now));

        Map<String, Start> starts = new LinkedHashMap<>();
        held.forEach((shardId, row) -> starts.put(shardId, row.getCheckpoint() != null ? Start.after(row.getCheckpoint())
                : row.getSince() != null ? Start.since(Instant.ofEpochMilli(row.getSince())) : Start.TRIM_HORIZON));
        return starts;
    }

    @Override
    public boolean holds(String shardId) {
        Long until = readableUntil.get(shardId);
        return held.containsKey(shardId) && until != null && System.nanoTime() - until < 0;
    }

    @Override
    public boolean covered() {
        return covered;
    }

    @Override
    public boolean checkpoint(String shardId, String sequenceNumber) {
        StreamLease row = held.remove(shardId);
        if (row == null) {
            return false;
        }
        long started = System.nanoTime();
        row.setCheckpoint(sequenceNumber);
        if (write(row, clock.millis())) {
            readableUntil.put(shardId, started + lease.minus(lease.dividedBy(5)).toNanos());
            return true;
        }
        return false;
    }

    @Override
    public void finished(String shardId) {
        StreamLease row = held.remove(shardId);
        if (row == null) {
            return;
        }
        row.setFinished(true);
        row.setOwner(null);
        row.setLeaseUntil(0L);
        row.setExpiresAt(Instant.ofEpochMilli(clock.millis()).plus(KEEP_FINISHED).getEpochSecond());
        try {
            table.update(row);
            log.info("orders stream: shard {} read to its end", shardId);
        } catch (OptimisticLockException | ItemNotFoundException e) {
            // Taken over meanwhile: the new owner reads the rest again and finishes it.
            log.warn("orders stream: shard {} read to its end, but its lease had passed on", shardId);
        }
        owned = held.size();
    }

    /** On shutdown: every lease handed back (its checkpoint kept) and the heartbeat removed, for a fast handover. */
    @Override
    public void release() {
        for (String shardId : List.copyOf(held.keySet())) {
            giveUp(shardId);
        }
        owned = 0;
        covered = false;
        if (heartbeat != null) {
            table.delete(table.key(heartbeat.getShardId()));
            heartbeat = null;
        }
    }

    /** Renews a lease we hold (with whatever else changed on the row); false, and no longer held, when it passed on. */
    private boolean write(StreamLease row, long now) {
        row.setOwner(replicaId);
        row.setLeaseUntil(now + lease.toMillis());
        try {
            held.put(row.getShardId(), table.update(row));
            return true;
        } catch (OptimisticLockException | ItemNotFoundException e) {
            log.info("orders stream: lost the lease of shard {}", row.getShardId());
            return false;
        }
    }

    private void take(String streamArn, Shard shard, StreamLease row, boolean root, long now) {
        try {
            if (row == null) {
                StreamLease fresh = new StreamLease();
                fresh.setShardId(shard.shardId());
                fresh.setStreamArn(streamArn);
                fresh.setOwner(replicaId);
                fresh.setLeaseUntil(now + lease.toMillis());
                fresh.setSince(root ? now : null);
                fresh.setExpiresAt(Instant.ofEpochMilli(now).plus(KEEP_FINISHED).getEpochSecond());
                held.put(shard.shardId(), table.create(fresh));
            } else {
                row.setOwner(replicaId);
                row.setLeaseUntil(now + lease.toMillis());
                row.setExpiresAt(Instant.ofEpochMilli(now).plus(KEEP_FINISHED).getEpochSecond());
                held.put(shard.shardId(), table.update(row));
            }
            log.info("orders stream: took the lease of shard {}", shard.shardId());
        } catch (ItemAlreadyExistsException | OptimisticLockException | ItemNotFoundException e) {
            // Another replica was quicker.
        }
    }

    private void giveUp(String shardId) {
        StreamLease row = held.remove(shardId);
        row.setOwner(null);
        row.setLeaseUntil(0L);
        try {
            table.update(row);
            log.info("orders stream: gave up the lease of shard {}", shardId);
        } catch (OptimisticLockException | ItemNotFoundException e) {
            // Already someone else's.
        }
    }

    /** This replica's heartbeat row: while it is fresh, the others leave it a share of the shards. */
    private void beat(long now) {
        StreamLease row = heartbeat;
        if (row == null) {
            row = new StreamLease();
            row.setShardId(StreamLease.REPLICA + replicaId);
        }
        row.setOwner(replicaId);
        row.setLeaseUntil(now + lease.toMillis());
        row.setExpiresAt(Instant.ofEpochMilli(now).plus(Duration.ofDays(1)).getEpochSecond());
        try {
            heartbeat = heartbeat == null ? table.create(row) : table.update(row);
        } catch (ItemAlreadyExistsException | OptimisticLockException | ItemNotFoundException e) {
            // A row of a former life of this replica id, or changed meanwhile: the round's scan reads it back
            // (no GetItem, so the role needs none), and the next round writes over it.
            heartbeat = null;
        }
    }

    /** The listed shards with their rows: which need a reader now, and which are roots (nothing before them to follow). */
    private record Lineage(Map<String, Shard> listed, Map<String, StreamLease> rows) {

        Lineage(List<Shard> shards, Map<String, StreamLease> rows) {
            this(index(shards), rows);
        }

        private static Map<String, Shard> index(List<Shard> shards) {
            Map<String, Shard> byId = new HashMap<>();
            shards.forEach(shard -> byId.put(shard.shardId(), shard));
            return byId;
        }

        boolean needsReader(Shard shard) {
            StreamLease row = rows.get(shard.shardId());
            boolean unfinished = row != null ? !row.readToTheEnd() : !history(shard);
            return unfinished && !parentPending(shard);
        }

        /** A parent that is listed and still to be read to its end holds its child back (order per order). */
        boolean parentPending(Shard shard) {
            Shard parent = listed.get(shard.parentShardId());
            if (parent == null) {
                return false;
            }
            StreamLease row = rows.get(parent.shardId());
            return row != null ? !row.readToTheEnd() : !history(parent);
        }

        /** Nothing before it to follow: no parent listed, or the parent is history. */
        boolean isRoot(Shard shard) {
            Shard parent = listed.get(shard.parentShardId());
            return parent == null || rows.get(parent.shardId()) == null && history(parent);
        }

        /**
         * Closed before any replica took it up, and so were its ancestors: records from before the first start
         * (not delivered, as a socket only gets changes made while it is open).
         */
        boolean history(Shard shard) {
            for (Shard s = shard; s != null; s = listed.get(s.parentShardId())) {
                if (rows.containsKey(s.shardId()) || s.sequenceNumberRange().endingSequenceNumber() == null) {
                    return false;
                }
            }
            return true;
        }
    }
}
