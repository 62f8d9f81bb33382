package dev.skyport.dynamo.stream;

import dev.skyport.dynamo.storage.KeySchema;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The stream of one table between enabling and disabling it (re-enabling makes a new one): its shards,
 * oldest first, the last one open while the stream is enabled.
 */
public final class TableStream {

    private final String arn;
    private final String tableName;
    private final String label;
    private final String viewType;
    private final KeySchema key;
    private final long createdMillis;
    private final List<Shard> shards = new CopyOnWriteArrayList<>();
    private volatile boolean enabled = true;
    private volatile long disabledMillis;

    TableStream(String arn, String tableName, String label, String viewType, KeySchema key, long createdMillis) {
        this.arn = arn;
        this.tableName = tableName;
        this.label = label;
        this.viewType = viewType;
        this.key = key;
        this.createdMillis = createdMillis;
    }

    public String arn() {
        return arn;
    }

    public String tableName() {
        return tableName;
    }

    public String label() {
        return label;
    }

    public String viewType() {
        return viewType;
    }

    public KeySchema key() {
        return key;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public boolean enabled() {
        return enabled;
    }

    public List<Shard> shards() {
        return shards;
    }

    public Shard shard(String shardId) {
        for (Shard shard : shards) {
            if (shard.id().equals(shardId)) {
                return shard;
            }
        }
        return null;
    }

    /** The open shard, opening the first (or a child of a full or old one) as needed. */
    Shard openShard(BigInteger nextSequence, long nowMillis, int maxRecords, long maxAgeMillis) {
        Shard current = shards.isEmpty() ? null : shards.getLast();
        if (current != null && !current.closed()
                && current.size() < maxRecords && nowMillis - current.createdMillis() < maxAgeMillis) {
            return current;
        }
        if (current != null) {
            current.close();
        }
        Shard next = new Shard(shardId(nowMillis), current == null ? null : current.id(), nextSequence, nowMillis);
        shards.add(next);
        return next;
    }

    /** Adds a shard restored from a snapshot. */
    void restore(Shard shard) {
        shards.add(shard);
    }

    /** When the stream was disabled; meaningful only once {@link #enabled()} is false. */
    public long disabledMillis() {
        return disabledMillis;
    }

    void disable(long nowMillis) {
        enabled = false;
        disabledMillis = nowMillis;
        if (!shards.isEmpty()) {
            shards.getLast().close();
        }
    }

    /** Drops expired records and shards that are closed and empty; the open shard always stays. */
    void trim(long cutoffMillis) {
        for (Shard shard : shards) {
            if (shard.trim(cutoffMillis) && shard.closed() && shard.createdMillis() < cutoffMillis) {
                shards.remove(shard);
            }
        }
    }

    static String shardId(long nowMillis) {
        return String.format("shardId-%020d-%08x", nowMillis, ThreadLocalRandom.current().nextInt());
    }
}
