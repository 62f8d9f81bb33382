package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.storage.journal.ByteSink;
import dev.skyport.dynamo.storage.journal.ByteSource;
import dev.skyport.dynamo.storage.journal.ItemCodec;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where the items of one table (and of its indexes) are kept: encoded with {@link ItemCodec}, one
 * after the other, in large byte arrays ("chunks"), each item reached through its {@link StoredItem}.
 *
 * <p>Why not keep the parsed maps: a write rate of many thousand items a second makes every young
 * collection copy each newly written item (a graph of a dozen objects or more) and scan every old map
 * entry that now points at a young one; at 15,000 PutItem/s those pauses alone were 20-35 ms. Here a
 * write of an existing key allocates nothing that outlives the request: its bytes go into a chunk that
 * the collector places in the old generation straight away (G1 allocates an array of a whole region
 * there), and the item's {@link StoredItem} gets a new {@code long} location, which needs no card mark.
 * Reads decode the bytes into short-lived maps.
 *
 * <p>Concurrency: every change is made by one writer at a time (the database's write lock). Readers never
 * lock. A chunk's written bytes never change, and an item's location is published with a volatile write
 * after its bytes, so a reader sees either the previous or the new bytes of an item, whole. Overwritten
 * and deleted items leave garbage behind; {@link #compact} moves the live items of the chunk with the
 * most garbage to the newest chunk, a bounded amount per write, and then drops the chunk. A reader that
 * still holds a location in a dropped chunk sees that the chunk number no longer matches and reads the
 * item's location again. Emptied chunks are reused; see {@link #read} for why readers still get whole items.
 */
public final class ItemStore {

    /** The location of an item that was deleted. */
    private static final long GONE = -1L;
    /** Each entry: the item's slot id and the length of its encoding, then the encoding. */
    private static final int ENTRY_HEADER = 8;
    private static final int FIRST_CHUNK = 16 * 1024;
    /** The largest chunk: exactly one G1 region (array header included), so G1 allocates it in the old generation. */
    private static final int LARGEST_CHUNK = largestChunk();
    /**
     * Emptied chunks kept for reuse. Allocating a region-sized array is a humongous allocation, and G1 checks
     * at each one whether to start a concurrent marking cycle (whose remark pause is several milliseconds);
     * with the old generation past its threshold, a steady stream of new chunks started cycle after cycle.
     */
    private static final int SPARE_CHUNKS = 4;
    /** Bytes of a compacted chunk looked at per write. */
    private static final int COMPACTION_STEP = 16 * 1024;

    /** Per-item handle kept in the table's sorted maps: where the item's current bytes are. */
    public static final class StoredItem {
        private final ItemStore store;
        private final int id;
        private volatile long location;
        /** The item's size as the service counts it; written by the writer only. */
        private long size;

        private StoredItem(ItemStore store, int id) {
            this.store = store;
            this.id = id;
        }

        /** The item, decoded anew; null when it was deleted while the caller was looking at it. */
        public Map<String, AttributeValue> item() {
            return store.read(this);
        }

        long size() {
            return size;
        }
    }

    private static final class Chunk {
        final int number;
        final byte[] data;
        int used;
        int live;

        Chunk(int number, byte[] data) {
            this.number = number;
            this.data = data;
        }
    }

    ItemStore() {
    }

    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    private final ByteSink scratch = new ByteSink(1024);
    /** Chunks by number modulo the length; a reader checks the number it finds. */
    private volatile Chunk[] ring = new Chunk[16];
    private final List<Chunk> chunks = new ArrayList<>();
    private Chunk head;
    private int nextChunkNumber;
    private StoredItem[] slots = new StoredItem[64];
    private int[] freeIds = new int[16];
    private int freeCount;
    private int nextId;
    private long totalBytes;
    private long liveBytes;
    /** The chunk being compacted and how far; null when none is. */
    private Chunk victim;
    private int victimCursor;

    /** Stores a new item; returns its handle. */
    StoredItem add(Map<String, AttributeValue> item, long size) {
        int id = freeCount > 0 ? freeIds[--freeCount] : nextId++;
        if (id >= slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        StoredItem stored = new StoredItem(this, id);
        slots[id] = stored;
        write(stored, item, size);
        return stored;
    }

    /** Replaces the item behind a handle. */
    void replace(StoredItem stored, Map<String, AttributeValue> item, long size) {
        release(stored.location);
        write(stored, item, size);
    }

    /** Deletes the item behind a handle; readers still holding it then see null. */
    void remove(StoredItem stored) {
        release(stored.location);
        stored.location = GONE;
        slots[stored.id] = null;
        if (freeCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, freeCount * 2);
        }
        freeIds[freeCount++] = stored.id;
    }

    private void write(StoredItem stored, Map<String, AttributeValue> item, long size) {
        scratch.reset();
        ItemCodec.writeItem(scratch, item);
        stored.size = size;
        stored.location = append(stored.id, scratch.array(), 0, scratch.size());
        if (scratch.array().length > 64 * 1024) {
            scratch.shrinkTo(1024);
        }
    }

    private long append(int id, byte[] bytes, int offset, int length) {
        int entry = ENTRY_HEADER + length;
        if (head == null || head.data.length - head.used < entry) {
            int capacity = head == null ? FIRST_CHUNK : Math.min(LARGEST_CHUNK, head.data.length * 2);
            if (!spare.isEmpty()) {
                capacity = LARGEST_CHUNK;
            }
            head = newChunk(Math.max(capacity, entry));
        }
        Chunk chunk = head;
        int at = chunk.used;
        putInt(chunk.data, at, id);
        putInt(chunk.data, at + 4, length);
        System.arraycopy(bytes, offset, chunk.data, at + ENTRY_HEADER, length);
        chunk.used += entry;
        chunk.live += entry;
        totalBytes += entry;
        liveBytes += entry;
        return ((long) chunk.number << 32) | at;
    }

    private Chunk newChunk(int capacity) {
        byte[] data;
        if (capacity == LARGEST_CHUNK && !spare.isEmpty()) {
            data = spare.pop();
            // The moves out of the chunk this array last belonged to are stored before any byte of its reuse.
            VarHandle.storeStoreFence();
        } else {
            data = new byte[capacity];
        }
        Chunk chunk = new Chunk(nextChunkNumber++, data);
        Chunk[] current = ring;
        if (current[chunk.number & (current.length - 1)] != null) {
            Chunk[] grown = current;
            while (grown == current || grown[chunk.number & (grown.length - 1)] != null) {
                grown = new Chunk[grown.length * 2];
                for (Chunk c : chunks) {
                    grown[c.number & (grown.length - 1)] = c;
                }
            }
            current = grown;
        }
        current[chunk.number & (current.length - 1)] = chunk;
        ring = current;
        chunks.add(chunk);
        return chunk;
    }

    /** Marks the entry at a location as garbage. */
    private void release(long location) {
        Chunk chunk = chunkAt(location);
        int entry = ENTRY_HEADER + getInt(chunk.data, (int) location + 4);
        chunk.live -= entry;
        liveBytes -= entry;
    }

    private Chunk chunkAt(long location) {
        int number = (int) (location >>> 32);
        Chunk[] current = ring;
        Chunk chunk = current[number & (current.length - 1)];
        return chunk != null && chunk.number == number ? chunk : null;
    }

    /**
     * Reads like an optimistic read of a {@link java.util.concurrent.locks.StampedLock}: the entry's bytes
     * are copied, then the location is checked again. The array of a dropped chunk is reused, but only after
     * every item in it has moved, so an unchanged location means the copy is the item's.
     */
    private Map<String, AttributeValue> read(StoredItem stored) {
        while (true) {
            long location = stored.location;
            if (location == GONE) {
                return null;
            }
            Chunk chunk = chunkAt(location);
            int at = (int) location;
            int length = chunk == null ? -1 : getInt(chunk.data, at + 4);
            if (length < 0 || length > chunk.data.length - at - ENTRY_HEADER) {
                // Compacted away after the location was read: the item has moved; read where to.
                Thread.onSpinWait();
                continue;
            }
            byte[] copy = Arrays.copyOfRange(chunk.data, at + ENTRY_HEADER, at + ENTRY_HEADER + length);
            VarHandle.acquireFence();
            if (stored.location == location) {
                return ItemCodec.readItem(new ByteSource(copy));
            }
        }
    }

    /**
     * One bounded step of compaction, run by the writer after each change: when more than a third of the
     * stored bytes are garbage, moves the live items of the chunk with the most garbage to the newest chunk;
     * once a chunk has been gone through, it is dropped.
     */
    void compact() {
        if (victim == null) {
            long garbage = totalBytes - liveBytes;
            if (garbage < FIRST_CHUNK || garbage * 3 < totalBytes) {
                return;
            }
            Chunk most = null;
            for (Chunk c : chunks) {
                if (c != head && (most == null || c.used - c.live > most.used - most.live)) {
                    most = c;
                }
            }
            if (most == null || most.used == most.live) {
                return;
            }
            victim = most;
            victimCursor = 0;
        }
        Chunk chunk = victim;
        int stop = Math.min(chunk.used, victimCursor + COMPACTION_STEP);
        while (victimCursor < stop) {
            int at = victimCursor;
            int id = getInt(chunk.data, at);
            int length = getInt(chunk.data, at + 4);
            victimCursor += ENTRY_HEADER + length;
            StoredItem stored = id < slots.length ? slots[id] : null;
            long here = ((long) chunk.number << 32) | at;
            if (stored != null && stored.location == here) {
                chunk.live -= ENTRY_HEADER + length;
                liveBytes -= ENTRY_HEADER + length;
                stored.location = append(id, chunk.data, at + ENTRY_HEADER, length);
            }
        }
        if (victimCursor >= chunk.used) {
            chunks.remove(chunk);
            Chunk[] current = ring;
            current[chunk.number & (current.length - 1)] = null;
            totalBytes -= chunk.used;
            victim = null;
            if (chunk.data.length == LARGEST_CHUNK && spare.size() < SPARE_CHUNKS) {
                spare.push(chunk.data);
            }
        }
    }

    /** Bytes held in chunks, live and garbage (for tests and diagnostics). */
    long totalBytes() {
        return totalBytes;
    }

    /** Bytes of the current items' entries. */
    long liveBytes() {
        return liveBytes;
    }

    private static void putInt(byte[] data, int at, int value) {
        data[at] = (byte) (value >>> 24);
        data[at + 1] = (byte) (value >>> 16);
        data[at + 2] = (byte) (value >>> 8);
        data[at + 3] = (byte) value;
    }

    private static int getInt(byte[] data, int at) {
        return (data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8 | (data[at + 3] & 0xFF);
    }

    /**
     * G1's region size as it picks it when not told (heap / 2048, a power of two, 1 to 32 MB), less the
     * array header. A guess that is off costs a little: a chunk smaller than half a region is copied once
     * by a young collection; a larger one leaves part of its last region empty.
     */
    private static int largestChunk() {
        long target = Runtime.getRuntime().maxMemory() / 2048;
        long region = Long.highestOneBit(Math.max(1 << 20, Math.min(32 << 20, target)));
        return (int) region - 16;
    }
}
