package dev.skyport.dynamo.stream;

import dev.skyport.dynamo.storage.KeySchema;
import java.util.ArrayList;
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

    /** The shards readers see (see {@link Shard}), oldest first. */
    public List<Shard> shards() {
        for (Shard shard : shards) {
            if (!shard.visible()) {
                List<Shard> visible = new ArrayList<>();
                for (Shard s : shards) {
                    if (s.visible()) {
                        visible.add(s);
                    }
                }
                return visible;
            }
        }
        return shards;
    }

    /** Every shard, as the writer sees them. */
    List<Shard> allShards() {
        return shards;
    }

    /** A shard readers see, or null. */
    public Shard shard(String shardId) {
        Shard shard = shardNow(shardId);
        return shard != null && shard.visible() ? shard : null;
    }

    /** A shard as the writer sees it, or null. */
    Shard shardNow(String shardId) {
        // Newest first: replay looks for the open shard.
        for (int i = shards.size() - 1; i >= 0; i--) {
            Shard shard;
            try {
                shard = shards.get(i);
            } catch (IndexOutOfBoundsException e) {
                continue; // trimmed meanwhile
            }
            if (shard.id().equals(shardId)) {
                return shard;
            }
        }
        return null;
    }

    /** The newest shard (open while the stream is enabled), or null before the first. */
    Shard current() {
        try {
            return shards.getLast();
        } catch (java.util.NoSuchElementException e) {
            return null;
        }
    }

    /** Adds a shard after the others (opened now, or replayed). */
    void add(Shard shard) {
        shards.add(shard);
    }

    /** When the stream was disabled; meaningful only once {@link #enabled()} is false. */
    public long disabledMillis() {
        return disabledMillis;
    }

    /** Marks the stream DISABLED; the store closes its open shard first. */
    void disable(long nowMillis) {
        if (enabled) {
            disabledMillis = nowMillis;
            enabled = false;
        }
    }

    /** Drops expired records and shards that are closed and empty; the open shard always stays. */
    void trim(long cutoffMillis) {
        for (Shard shard : shards) {
            if (shard.trim(cutoffMillis) && shard.closedNow() && shard.createdMillis() < cutoffMillis) {
                shards.remove(shard);
            }
        }
    }

    static String shardId(long nowMillis) {
        return String.format("shardId-%020d-%08x", nowMillis, ThreadLocalRandom.current().nextInt());
    }
}
