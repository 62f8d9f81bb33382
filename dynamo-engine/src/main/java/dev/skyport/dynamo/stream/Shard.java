package dev.skyport.dynamo.stream;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only run of stream records. One writer (under the database write lock) appends; readers
 * copy out slices. A closed shard has an ending sequence number and a child that continues it.
 */
public final class Shard {

    private final String id;
    private final String parentId;
    private final BigInteger startingSequence;
    private final ArrayList<StreamRecord> records = new ArrayList<>();
    private final long createdMillis;
    private BigInteger endingSequence;

    Shard(String id, String parentId, BigInteger startingSequence, long createdMillis) {
        this.id = id;
        this.parentId = parentId;
        this.startingSequence = startingSequence;
        this.createdMillis = createdMillis;
    }

    public String id() {
        return id;
    }

    public String parentId() {
        return parentId;
    }

    public BigInteger startingSequence() {
        return startingSequence;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public synchronized BigInteger endingSequence() {
        return endingSequence;
    }

    public synchronized boolean closed() {
        return endingSequence != null;
    }

    synchronized void append(StreamRecord record) {
        records.add(record);
    }

    /**
     * Appends a replayed record unless the shard already holds it (or a later one): replay may see a
     * record a snapshot already carried. Returns whether it was added.
     */
    synchronized boolean appendReplayed(StreamRecord record) {
        if (endingSequence != null
                || (!records.isEmpty() && record.sequence().compareTo(records.getLast().sequence()) <= 0)) {
            return false;
        }
        records.add(record);
        return true;
    }

    /** The newest record's sequence number, or null when the shard holds none. */
    synchronized BigInteger lastSequence() {
        return records.isEmpty() ? null : records.getLast().sequence();
    }

    synchronized int size() {
        return records.size();
    }

    /** Closes the shard after its last record (or at its start when it has none). */
    synchronized void close() {
        if (endingSequence == null) {
            endingSequence = records.isEmpty() ? startingSequence : records.getLast().sequence();
        }
    }

    /** Closes the shard at a recorded ending sequence number (replay). */
    synchronized void closeAt(BigInteger ending) {
        if (endingSequence == null) {
            endingSequence = ending;
        }
    }

    /** The sequence number after the newest record: where a LATEST iterator starts. */
    public synchronized BigInteger nextSequence() {
        return records.isEmpty() ? startingSequence : records.getLast().sequence().add(BigInteger.ONE);
    }

    /** The oldest retained record's sequence number, or null when none is retained. */
    public synchronized BigInteger oldestSequence() {
        return records.isEmpty() ? null : records.getFirst().sequence();
    }

    /** Up to {@code limit} records with sequence number at or after {@code from}. */
    public synchronized List<StreamRecord> readFrom(BigInteger from, int limit) {
        int i = firstAtOrAfter(from);
        List<StreamRecord> out = new ArrayList<>(Math.min(limit, records.size() - i));
        for (; i < records.size() && out.size() < limit; i++) {
            out.add(records.get(i));
        }
        return out;
    }

    /** Drops records created before {@code cutoffMillis}; returns true when the shard is now empty. */
    synchronized boolean trim(long cutoffMillis) {
        int n = 0;
        while (n < records.size() && records.get(n).createdMillis() < cutoffMillis) {
            n++;
        }
        if (n > 0) {
            records.subList(0, n).clear();
        }
        return records.isEmpty();
    }

    /**
     * For snapshots: the records up to {@code last} (inclusive; none when null), without the leading
     * ones created before {@code cutoffMillis} (those {@link #trim} drops).
     */
    synchronized List<StreamRecord> recordsThrough(BigInteger last, long cutoffMillis) {
        if (last == null) {
            return List.of();
        }
        int from = 0;
        while (from < records.size() && records.get(from).createdMillis() < cutoffMillis) {
            from++;
        }
        int to = firstAtOrAfter(last.add(BigInteger.ONE));
        return from >= to ? List.of() : new ArrayList<>(records.subList(from, to));
    }

    private int firstAtOrAfter(BigInteger sequence) {
        int lo = 0;
        int hi = records.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records.get(mid).sequence().compareTo(sequence) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
