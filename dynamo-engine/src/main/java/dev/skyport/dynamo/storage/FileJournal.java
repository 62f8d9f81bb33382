package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.storage.journal.JournalFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The durable journal of a data directory: a write-ahead log with group commit, plus snapshots that
 * keep the log short.
 *
 * <h2>Files</h2>
 * <ul>
 * <li>{@code dynamo-engine.lock}: held with an OS file lock while an engine uses the directory.
 * <li>{@code log-<seq>.wal}: a log segment; each record is one {@link #append} (a whole transaction),
 *     framed as {@code [length][crc32c][payload]} (see {@link JournalFiles}).
 * <li>{@code snapshot-<seq>.snap}: every table definition and item, then the state the database's
 *     listeners keep (streams: see {@link Database.ChangeListener#snapshotWriter}), as of the start of
 *     log {@code seq}; it makes all logs before {@code seq} obsolete.
 * </ul>
 * Start-up ({@link JournalReplay}) loads the newest snapshot, then replays logs from its sequence
 * number on, in order. A record cut short or failing its checksum (a write a crash interrupted, never
 * acknowledged) ends the replay with a warning; the file is truncated there and later logs are set
 * aside as {@code *.dropped}. A record that passes its checksum but cannot be decoded stops the
 * start-up instead, naming the file and offset: it was acknowledged. New writes always go to a fresh log.
 *
 * <h2>Writing</h2>
 * {@link #append} only queues (it runs under the database's write lock). One writer thread
 * ({@link GroupCommitWriter}) takes everything queued since its last sync, encodes it, writes it in one
 * go, {@code fdatasync}s once and then completes the futures of the whole group: with many concurrent
 * clients one sync covers many writes. The futures complete on that thread, so what depends on them
 * must not block.
 *
 * <h2>Compaction</h2>
 * After a replay that found log records, and whenever the current log passes a size, a background
 * thread ({@link JournalCompaction}) (1) under the database's write lock queues a switch to a new log
 * and notes the tables, and has the listeners capture their state (streams: cheaply, by noting where
 * each shard ends), (2) writes the definitions and items, then that state, to a temporary snapshot
 * outside the lock and forces it,
 * (3) waits until every write it may have seen is durable in the log, (4) renames it into place and
 * syncs the directory, and only then (5) deletes the older logs and snapshots. Items are immutable once
 * stored, so iterating the live tables outside the lock sees, for every item, its state at the switch
 * or a later one whose log record follows the switch; replaying the new log over the snapshot restores
 * exactly the current state. Stream state is written exactly as it was at the switch (its replay is
 * not idempotent like item puts), which works because stream records are immutable and shards only
 * grow at their end.
 */
public final class FileJournal implements Journal {

    /** Compact once the current log is this large. */
    public static final long DEFAULT_COMPACT_AFTER_BYTES = 64L << 20;

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private final JournalReplay replay;
    private final AtomicLong nextSeq;
    private final GroupCommitWriter writer;
    private final JournalCompaction compaction;
    private final AtomicBoolean closing = new AtomicBoolean();
    private boolean replayed;
    private boolean compactAfterReplay;

    private FileJournal(Path directory, long compactAfterBytes, FileChannel lockChannel, FileLock lock)
            throws IOException {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.replay = JournalReplay.scan(directory);
        this.nextSeq = new AtomicLong(replay.nextSeq());
        // The writer tells the compaction when the log is full; the compaction queues its switch on the writer.
        this.writer = new GroupCommitWriter(directory, compactAfterBytes, this::logFull);
        this.compaction = new JournalCompaction(directory, nextSeq, writer);
    }

    private void logFull() {
        compaction.logFull();
    }

    /** Opens (creating if needed) and locks a data directory. */
    public static FileJournal open(Path directory) {
        return open(directory, DEFAULT_COMPACT_AFTER_BYTES);
    }

    /** As {@link #open(Path)}, compacting whenever the current log grows past {@code compactAfterBytes}. */
    public static FileJournal open(Path directory, long compactAfterBytes) {
        Path dir = directory.toAbsolutePath().normalize();
        FileChannel lockChannel = null;
        FileLock lock = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(JournalFiles.LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("data directory " + dir + " is in use by another dynamo-engine");
            }
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)), 0);
            return new FileJournal(dir, compactAfterBytes, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            release(lock, lockChannel);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open data directory " + dir + ": " + io, io);
            }
            throw (RuntimeException) e;
        }
    }

    private static void release(FileLock lock, FileChannel channel) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void replay(Consumer<Mutation> into) {
        if (replayed) {
            throw new IllegalStateException("the journal was already replayed");
        }
        replayed = true;
        try {
            compactAfterReplay = replay.replay(into);
            writer.start(nextSeq.getAndIncrement());
        } catch (IOException e) {
            closeAfterFailure();
            throw new UncheckedIOException("cannot read data directory " + directory + ": " + e, e);
        } catch (RuntimeException | Error e) {
            closeAfterFailure();
            throw e;
        }
    }

    @Override
    public CompletableFuture<Void> append(List<Mutation> mutations) {
        if (mutations.isEmpty()) {
            return DONE;
        }
        return writer.append(mutations);
    }

    @Override
    public void attach(Database db) {
        compaction.attach(db);
        if (compactAfterReplay) {
            compaction.start();
        }
    }

    /**
     * Writes a snapshot of the database as it is now and deletes the logs it makes obsolete. The future
     * completes when that is done (at once exceptionally when the journal is not attached to a database).
     */
    public CompletableFuture<Void> compact() {
        return compaction.compact();
    }

    /** Writes and syncs everything appended, completes its futures and releases the directory. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        compaction.stop();
        writer.close();
        release(lock, lockChannel);
    }

    private void closeAfterFailure() {
        closing.set(true);
        compaction.stop();
        writer.closeAfterFailure();
        release(lock, lockChannel);
    }

    static void warn(String message) {
        System.err.println("dynamo-engine: warning: " + message);
    }
}
