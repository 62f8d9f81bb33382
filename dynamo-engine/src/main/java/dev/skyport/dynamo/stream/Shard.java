package dev.skyport.dynamo.stream;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only run of stream records. One writer (under the database write lock) appends; readers
 * copy out slices. A closed shard has an ending sequence number and a child that continues it.
 *
 * <p>With a data directory readers see only what is durable: records up to the store's
 * {@link StreamStore.Visibility visible} sequence number, a shard once the write that opened it is
 * durable, and its end once the write that closed it is. So a consumer never sees (nor stores the
 * sequence number of) a record that a crash could still take back. The package-private "now" methods
 * give the writer's view.
 */
public final class Shard {

    private final String id;
    private final String parentId;
    private final BigInteger startingSequence;
    private final ArrayList<StreamRecord> records = new ArrayList<>();
    private final long createdMillis;
    private final StreamStore.Visibility visibility;
    /** The record whose write opened the shard (null: shown at once). */
    private final BigInteger openedBy;
    private BigInteger endingSequence;
    /** The record whose write closed the shard (null: shown at once). */
    private BigInteger closedBy;

    Shard(String id, String parentId, BigInteger startingSequence, long createdMillis,
          StreamStore.Visibility visibility, BigInteger openedBy) {
        this.id = id;
        this.parentId = parentId;
        this.startingSequence = startingSequence;
        this.createdMillis = createdMillis;
        this.visibility = visibility;
        this.openedBy = openedBy;
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

    /** Whether readers see the shard yet. */
    boolean visible() {
        return visibility.shows(openedBy);
    }

    /** The ending sequence number once readers may see the shard closed, else null. */
    public synchronized BigInteger endingSequence() {
        return endingSequence != null && visibility.shows(closedBy) ? endingSequence : null;
    }

    public boolean closed() {
        return endingSequence() != null;
    }

    /** The writer's view: closed, whether or not that is durable yet. */
    synchronized boolean closedNow() {
        return endingSequence != null;
    }

    synchronized BigInteger endingNow() {
        return endingSequence;
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

    /**
     * Closes the shard after its last record (or at its start when it has none); {@code by} is the
     * record whose write closes it (null when readers may see it at once).
     */
    synchronized void close(BigInteger by) {
        if (endingSequence == null) {
            endingSequence = records.isEmpty() ? startingSequence : records.getLast().sequence();
            closedBy = by;
        }
    }

    /** Closes the shard at a recorded ending sequence number (replay). */
    synchronized void closeAt(BigInteger ending) {
        if (endingSequence == null) {
            endingSequence = ending;
        }
    }

    /** The sequence number after the newest record readers see: where a LATEST iterator starts. */
    public synchronized BigInteger nextSequence() {
        int n = visibleCount();
        return n == 0 ? startingSequence : records.get(n - 1).sequence().add(BigInteger.ONE);
    }

    /** The oldest retained record's sequence number, or null when none is retained (or shown). */
    public synchronized BigInteger oldestSequence() {
        return visibleCount() == 0 ? null : records.getFirst().sequence();
    }

    /** Up to {@code limit} records with sequence number at or after {@code from}. */
    public synchronized List<StreamRecord> readFrom(BigInteger from, int limit) {
        int i = firstAtOrAfter(from);
        int end = visibleCount();
        List<StreamRecord> out = new ArrayList<>(Math.max(0, Math.min(limit, end - i)));
        for (; i < end && out.size() < limit; i++) {
            out.add(records.get(i));
        }
        return out;
    }

    /** How many records (from the oldest) readers see; all but the newest few at most. */
    private int visibleCount() {
        int n = records.size();
        while (n > 0 && !visibility.shows(records.get(n - 1).sequence())) {
            n--;
        }
        return n;
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
