package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.storage.journal.ByteSink;
import dev.skyport.dynamo.storage.journal.ByteSource;
import dev.skyport.dynamo.storage.journal.CorruptDataException;
import dev.skyport.dynamo.storage.journal.DefinitionCodec;
import dev.skyport.dynamo.storage.journal.ItemCodec;
import dev.skyport.dynamo.storage.journal.JournalFiles;
import dev.skyport.dynamo.storage.journal.JournalFiles.RecordReader;
import dev.skyport.dynamo.storage.journal.MutationCodec;
import dev.skyport.dynamo.model.AttributeValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

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
 * Start-up loads the newest snapshot, then replays logs from its sequence number on, in order. A record
 * cut short or failing its checksum (a write a crash interrupted, never acknowledged) ends the replay
 * with a warning; the file is truncated there and later logs are set aside as {@code *.dropped}. A
 * record that passes its checksum but cannot be decoded stops the start-up instead, naming the file
 * and offset: it was acknowledged. New writes always go to a fresh log.
 *
 * <h2>Writing</h2>
 * {@link #append} only queues (it runs under the database's write lock). One writer thread takes
 * everything queued since its last sync, encodes it, writes it in one go, {@code fdatasync}s once and
 * then completes the futures of the whole group: with many concurrent clients one sync covers many
 * writes. The futures complete on that thread, so what depends on them must not block.
 *
 * <h2>Compaction</h2>
 * After a replay that found log records, and whenever the current log passes a size, a background
 * thread (1) under the database's write lock queues a switch to a new log and notes the tables,
 * and has the listeners capture their state (streams: cheaply, by noting where each shard ends),
 * (2) writes the definitions and items, then that state, to a temporary snapshot outside the lock
 * and forces it,
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

    private static final int WRITE_CHUNK = 4 << 20;
    private static final int SNAPSHOT_CHUNK = 1 << 20;

    private enum State { REPLAYING, OPEN, CLOSING, CLOSED }

    private final Path directory;
    private final long compactAfterBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;

    /** The snapshot found at open (-1: none) and the logs to replay after it, ascending. */
    private final long snapshotSeq;
    private final List<Long> logSeqs;
    private final AtomicLong nextSeq;

    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition wake = queueLock.newCondition();
    /** Guarded by queueLock. */
    private ArrayList<Entry> queue = new ArrayList<>();
    private State state = State.REPLAYING;
    private Throwable failure;

    /** Owned by the writer thread once it runs. */
    private Thread writer;
    private FileChannel log;
    private volatile long logBytes;
    private boolean unforced;

    private volatile Database database;
    private final AtomicReference<CompletableFuture<Void>> compaction = new AtomicReference<>();
    private volatile boolean closing;
    private boolean replayed;
    private boolean compactAfterReplay;

    /** A queued request to the writer. */
    private record Entry(int kind, List<Mutation> mutations, CompletableFuture<Void> future, long seq) {
        static final int APPEND = 0;
        static final int FLUSH = 1;
        static final int ROTATE = 2;
    }

    private FileJournal(Path directory, long compactAfterBytes, FileChannel lockChannel, FileLock lock)
            throws IOException {
        this.directory = directory;
        this.compactAfterBytes = compactAfterBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
        long latestSnapshot = -1;
        long maxLog = 0;
        List<Long> logs = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(JournalFiles.TEMP_SUFFIX)) {
                    Files.deleteIfExists(file);
                    continue;
                }
                long s = JournalFiles.snapshotSeq(name);
                if (s >= 0) {
                    latestSnapshot = Math.max(latestSnapshot, s);
                }
                long l = JournalFiles.logSeq(name);
                if (l >= 0) {
                    logs.add(l);
                    maxLog = Math.max(maxLog, l);
                }
            }
        }
        long fromSeq = latestSnapshot;
        logs.removeIf(seq -> seq < fromSeq);
        logs.sort(null);
        this.snapshotSeq = latestSnapshot;
        this.logSeqs = logs;
        this.nextSeq = new AtomicLong(Math.max(Math.max(maxLog + 1, latestSnapshot), 1));
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

    // ---------------------------------------------------------------- replay

    @Override
    public void replay(Consumer<Mutation> into) {
        if (replayed) {
            throw new IllegalStateException("the journal was already replayed");
        }
        replayed = true;
        try {
            if (snapshotSeq >= 0) {
                loadSnapshot(into);
            }
            long records = 0;
            boolean damaged = false;
            for (int i = 0; i < logSeqs.size(); i++) {
                long seq = logSeqs.get(i);
                Path file = directory.resolve(JournalFiles.logName(seq));
                if (damaged) {
                    Path aside = directory.resolve(file.getFileName() + ".dropped");
                    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                    warn("log " + file + " follows a damaged record and was not replayed; kept as " + aside);
                    continue;
                }
                long[] count = {0};
                damaged = !replayLog(file, seq, i == logSeqs.size() - 1, into, count);
                records += count[0];
                if (count[0] == 0 && !damaged) {
                    // Holds no record (e.g. the log of a run without writes): nothing to keep.
                    Files.deleteIfExists(file);
                }
            }
            // Logs and snapshots the newest snapshot made obsolete (left by a crash during clean-up).
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    long l = JournalFiles.logSeq(name);
                    long s = JournalFiles.snapshotSeq(name);
                    if ((l >= 0 && l < snapshotSeq) || (s >= 0 && s < snapshotSeq)) {
                        Files.deleteIfExists(file);
                    }
                }
            }
            compactAfterReplay = records > 0 || damaged;
            startWriter();
        } catch (IOException e) {
            closeAfterFailure();
            throw new UncheckedIOException("cannot read data directory " + directory + ": " + e, e);
        } catch (RuntimeException | Error e) {
            closeAfterFailure();
            throw e;
        }
    }

    private void loadSnapshot(Consumer<Mutation> into) throws IOException {
        Path file = directory.resolve(JournalFiles.snapshotName(snapshotSeq));
        try (RecordReader reader = new RecordReader(file)) {
            long seq = reader.readHeader(JournalFiles.SNAPSHOT_MAGIC);
            if (seq != snapshotSeq) {
                throw damagedSnapshot(file, seq < 0 ? reader.problem() : "header names sequence " + seq);
            }
            String table = null;
            long tables = 0;
            long items = 0;
            long others = 0;
            boolean ended = false;
            while (true) {
                RecordReader.Status status = reader.next();
                if (status == RecordReader.Status.END) {
                    break;
                }
                if (status != RecordReader.Status.RECORD) {
                    throw damagedSnapshot(file, reader.problem() + " at offset " + reader.recordOffset());
                }
                if (ended) {
                    throw damagedSnapshot(file, "data after the end marker");
                }
                ByteSource in = reader.payload();
                try {
                    while (in.hasMore()) {
                        int tag = in.readByte();
                        switch (tag) {
                            case MutationCodec.DEFINE_TABLE -> {
                                var definition = DefinitionCodec.decode(in.readBytes());
                                into.accept(new Mutation.DefineTable(definition));
                                table = definition.name();
                                tables++;
                            }
                            case MutationCodec.TABLE_ITEM -> {
                                if (table == null) {
                                    throw new CorruptDataException("item before any table");
                                }
                                into.accept(new Mutation.PutItem(table, ItemCodec.readItem(in)));
                                items++;
                            }
                            case MutationCodec.END -> {
                                long t = in.readLong();
                                long n = in.readLong();
                                // Snapshots written before streams were kept end without the third count.
                                long o = in.remaining() >= 8 ? in.readLong() : 0;
                                if (t != tables || n != items || o != others) {
                                    throw new CorruptDataException("end marker counts " + t + " tables, " + n
                                            + " items and " + o + " stream entries, read " + tables + ", " + items
                                            + " and " + others);
                                }
                                ended = true;
                            }
                            default -> {
                                if (!MutationCodec.isStreamTag(tag)) {
                                    throw new CorruptDataException("unknown snapshot entry " + tag);
                                }
                                into.accept(MutationCodec.read(tag, in));
                                others++;
                            }
                        }
                    }
                } catch (CorruptDataException e) {
                    throw damagedSnapshot(file, e.getMessage() + " in record at offset " + reader.recordOffset());
                }
            }
            if (!ended) {
                throw damagedSnapshot(file, "it ends before its end marker");
            }
        }
    }

    private static IllegalStateException damagedSnapshot(Path file, String problem) {
        return new IllegalStateException("snapshot " + file + " is damaged (" + problem + "); dynamo-engine will not"
                + " start from it. Move it out of the data directory to start from the remaining logs only"
                + " (changes from before the snapshot would be lost).");
    }

    /**
     * Replays one log; returns false when it ended in a damaged record (the file is then truncated to
     * its intact records).
     */
    private boolean replayLog(Path file, long seq, boolean last, Consumer<Mutation> into, long[] count)
            throws IOException {
        long good;
        String problem;
        try (RecordReader reader = new RecordReader(file)) {
            long headerSeq = reader.readHeader(JournalFiles.LOG_MAGIC);
            if (headerSeq != seq) {
                problem = headerSeq < 0 ? reader.problem() : "header names sequence " + headerSeq;
                if (problem.startsWith("format version")) {
                    throw new IllegalStateException("log " + file + ": " + problem);
                }
                long size = Files.size(file);
                if (last && size <= JournalFiles.HEADER_BYTES) {
                    // Created just before a crash; it never held a record.
                    Files.deleteIfExists(file);
                    return true;
                }
                Path aside = directory.resolve(file.getFileName() + ".dropped");
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                warn("log " + file + " is damaged (" + problem + "); it was not replayed and is kept as " + aside);
                return false;
            }
            while (true) {
                RecordReader.Status status = reader.next();
                if (status == RecordReader.Status.END) {
                    return true;
                }
                if (status == RecordReader.Status.RECORD) {
                    List<Mutation> mutations;
                    try {
                        mutations = MutationCodec.readRecord(reader.payload());
                    } catch (CorruptDataException e) {
                        throw undecodable(file, reader.recordOffset(), e.getMessage());
                    }
                    for (Mutation m : mutations) {
                        into.accept(m);
                    }
                    count[0]++;
                    continue;
                }
                problem = (status == RecordReader.Status.TORN ? "incomplete record: " : "damaged record: ")
                        + reader.problem();
                good = reader.goodLength();
                break;
            }
        }
        long size = Files.size(file);
        warn("log " + file + ": " + problem + " at offset " + good + "; dropping it and everything after it ("
                + (size - good) + " bytes" + (last ? "" : ", and the later logs") + ")");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(good);
            channel.force(true);
        }
        return false;
    }

    /**
     * A whole record that passed its checksum was acknowledged to a client: dropping it, and every
     * acknowledged write after it, is not the engine's call to make.
     */
    private IllegalStateException undecodable(Path file, long offset, String problem) {
        return new IllegalStateException("log " + file + " holds a record at offset " + offset + " that passes its"
                + " checksum but cannot be decoded (" + problem + "); dynamo-engine will not start, so that no"
                + " acknowledged write is dropped. Keep a copy of " + directory + ", then either start a version of"
                + " dynamo-engine that can read it, or give up that record and every later one: truncate the file"
                + " to " + offset + " bytes (truncate -s " + offset + " " + file + ") and move the logs after it"
                + " out of the directory.");
    }

    private void startWriter() throws IOException {
        long seq = nextSeq.getAndIncrement();
        log = createLog(seq);
        queueLock.lock();
        try {
            state = State.OPEN;
        } finally {
            queueLock.unlock();
        }
        writer = Thread.ofPlatform().daemon().name("dynamo-journal-writer").start(this::writeLoop);
    }

    private FileChannel createLog(long seq) throws IOException {
        Path file = directory.resolve(JournalFiles.logName(seq));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.wrap(JournalFiles.header(JournalFiles.LOG_MAGIC, seq));
            while (header.hasRemaining()) {
                channel.write(header);
            }
            channel.force(true);
            JournalFiles.syncDirectory(directory);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        logBytes = JournalFiles.HEADER_BYTES;
        return channel;
    }

    // ---------------------------------------------------------------- appending

    @Override
    public CompletableFuture<Void> append(List<Mutation> mutations) {
        if (mutations.isEmpty()) {
            return DONE;
        }
        return enqueue(Entry.APPEND, mutations, 0);
    }

    private CompletableFuture<Void> enqueue(int kind, List<Mutation> mutations, long seq) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        queueLock.lock();
        try {
            if (state != State.OPEN) {
                future.completeExceptionally(new IllegalStateException(state == State.REPLAYING
                        ? "the journal has not been replayed yet" : "the journal is closed"));
            } else if (failure != null) {
                future.completeExceptionally(failed());
            } else {
                queue.add(new Entry(kind, mutations, future, seq));
                wake.signal();
            }
        } finally {
            queueLock.unlock();
        }
        return future;
    }

    private IllegalStateException failed() {
        return new IllegalStateException("the journal in " + directory + " failed; writes can no longer be made"
                + " durable: " + failure, failure);
    }

    private void writeLoop() {
        ArrayList<Entry> spare = new ArrayList<>();
        ByteSink sink = new ByteSink(1 << 16);
        CRC32C crc = new CRC32C();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        while (true) {
            ArrayList<Entry> batch;
            queueLock.lock();
            try {
                while (queue.isEmpty() && state == State.OPEN) {
                    wake.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return;
                }
                batch = queue;
                queue = spare;
            } finally {
                queueLock.unlock();
            }
            process(batch, sink, crc, done);
            batch.clear();
            spare = batch;
            sink.shrinkTo(8 << 20);
        }
    }

    private void process(List<Entry> batch, ByteSink sink, CRC32C crc, List<CompletableFuture<Void>> done) {
        for (Entry e : batch) {
            if (failure != null) {
                e.future().completeExceptionally(failed());
                continue;
            }
            try {
                switch (e.kind()) {
                    case Entry.APPEND -> {
                        int start = JournalFiles.beginRecord(sink);
                        try {
                            MutationCodec.writeRecord(sink, e.mutations());
                            JournalFiles.endRecord(sink, start, crc);
                        } catch (RuntimeException ex) {
                            sink.truncate(start);
                            warn("cannot journal a write: " + ex);
                            e.future().completeExceptionally(ex);
                            continue;
                        }
                        done.add(e.future());
                        if (sink.size() >= WRITE_CHUNK) {
                            writeOut(sink);
                        }
                    }
                    case Entry.FLUSH -> done.add(e.future());
                    case Entry.ROTATE -> {
                        sync(sink, done);
                        log.close();
                        log = createLog(e.seq());
                        e.future().complete(null);
                    }
                    default -> throw new IllegalStateException("unknown entry " + e.kind());
                }
            } catch (Throwable ex) {
                // Including errors (out of memory): no future may be left waiting forever.
                fail(ex, done);
                e.future().completeExceptionally(failed());
            }
        }
        if (failure == null) {
            try {
                sync(sink, done);
            } catch (Throwable ex) {
                fail(ex, done);
            }
        }
        if (failure == null && logBytes >= compactAfterBytes && database != null && !closing
                && compaction.get() == null) {
            startCompaction();
        }
    }

    /** Writes what is encoded, forces the log if anything is unforced, then completes {@code done}. */
    private void sync(ByteSink sink, List<CompletableFuture<Void>> done) throws IOException {
        writeOut(sink);
        if (unforced) {
            log.force(false);
            unforced = false;
        }
        for (CompletableFuture<Void> f : done) {
            f.complete(null);
        }
        done.clear();
    }

    private void writeOut(ByteSink sink) throws IOException {
        if (sink.size() == 0) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(sink.array(), 0, sink.size());
        while (buffer.hasRemaining()) {
            log.write(buffer);
        }
        logBytes += sink.size();
        sink.reset();
        unforced = true;
    }

    private void fail(Throwable cause, List<CompletableFuture<Void>> done) {
        queueLock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
        } finally {
            queueLock.unlock();
        }
        warn("writing the journal in " + directory + " failed; no further write will be acknowledged: " + cause);
        for (CompletableFuture<Void> f : done) {
            f.completeExceptionally(failed());
        }
        done.clear();
    }

    // ---------------------------------------------------------------- compaction

    @Override
    public void attach(Database db) {
        this.database = db;
        if (compactAfterReplay) {
            startCompaction();
        }
    }

    /**
     * Writes a snapshot of the database as it is now and deletes the logs it makes obsolete. The future
     * completes when that is done (at once exceptionally when the journal is not attached to a database).
     */
    public CompletableFuture<Void> compact() {
        CompletableFuture<Void> running = compaction.get();
        if (running != null) {
            // That one may have captured the state before this call: run another after it.
            return running.handle((v, e) -> null).thenCompose(v -> compact());
        }
        return startCompaction();
    }

    private CompletableFuture<Void> startCompaction() {
        Database db = database;
        if (db == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the journal has no database attached"));
        }
        if (closing) {
            return CompletableFuture.failedFuture(new IllegalStateException("the journal is closing"));
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = compaction.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        Thread.ofPlatform().daemon().name("dynamo-journal-compaction").start(() -> {
            Throwable error = null;
            try {
                compact(db);
            } catch (Throwable t) {
                error = t;
                if (!closing) {
                    warn("compacting the journal in " + directory + " failed (the logs still hold everything): " + t);
                }
            }
            compaction.set(null);
            if (error == null) {
                mine.complete(null);
            } else {
                mine.completeExceptionally(error);
            }
        });
        return mine;
    }

    private record Captured(TableDefinition definition, TableData data) {
    }

    private record Cut(long seq, CompletableFuture<Void> rotated, List<Captured> tables,
                       List<Database.SnapshotWriter> others) {
    }

    private void compact(Database db) throws IOException, InterruptedException {
        Cut cut = db.underWriteLock(() -> {
            long seq = nextSeq.getAndIncrement();
            CompletableFuture<Void> rotated = enqueue(Entry.ROTATE, null, seq);
            List<Captured> tables = new ArrayList<>();
            for (TableData table : db.tables()) {
                tables.add(new Captured(table.definition(), table));
            }
            return new Cut(seq, rotated, tables, db.snapshotWriters());
        });
        if (cut.rotated().isCompletedExceptionally()) {
            await(cut.rotated());
        }
        Path target = directory.resolve(JournalFiles.snapshotName(cut.seq()));
        Path temp = directory.resolve(target.getFileName() + JournalFiles.TEMP_SUFFIX);
        try {
            writeSnapshot(temp, cut);
            // Every write the snapshot may show must be in the log before the snapshot replaces the old logs.
            CompletableFuture<Void> flushed = db.underWriteLock(() -> enqueue(Entry.FLUSH, null, 0));
            await(cut.rotated());
            await(flushed);
            if (closing) {
                throw new CancellationException("the journal is closing");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            JournalFiles.syncDirectory(directory);
        } finally {
            Files.deleteIfExists(temp);
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                long l = JournalFiles.logSeq(name);
                long s = JournalFiles.snapshotSeq(name);
                if ((l >= 0 && l < cut.seq()) || (s >= 0 && s < cut.seq())) {
                    Files.deleteIfExists(file);
                }
            }
        }
        JournalFiles.syncDirectory(directory);
    }

    private static void await(CompletableFuture<Void> future) throws IOException, InterruptedException {
        try {
            future.get();
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    private void writeSnapshot(Path temp, Cut cut) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            SnapshotWriter out = new SnapshotWriter(channel);
            out.sink.writeRaw(JournalFiles.header(JournalFiles.SNAPSHOT_MAGIC, cut.seq()), 0,
                    JournalFiles.HEADER_BYTES);
            long items = 0;
            for (Captured table : cut.tables()) {
                out.entry().writeByte(MutationCodec.DEFINE_TABLE);
                out.sink.writeBytes(DefinitionCodec.encode(table.definition()));
                for (var partition : table.data().partitions().values()) {
                    if (closing) {
                        throw new CancellationException("the journal is closing");
                    }
                    for (ItemStore.StoredItem stored : partition.values()) {
                        Map<String, AttributeValue> item = stored.item();
                        if (item == null) {
                            continue; // deleted since the cut: the journal after the cut says so
                        }
                        out.entry().writeByte(MutationCodec.TABLE_ITEM);
                        ItemCodec.writeItem(out.sink, item);
                        items++;
                        out.maybeFlush();
                    }
                }
            }
            long[] others = {0};
            try {
                for (Database.SnapshotWriter writer : cut.others()) {
                    writer.writeTo(m -> {
                        if (closing) {
                            throw new CancellationException("the journal is closing");
                        }
                        MutationCodec.write(out.entry(), m);
                        others[0]++;
                        try {
                            out.maybeFlush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            out.entry().writeByte(MutationCodec.END);
            out.sink.writeLong(cut.tables().size());
            out.sink.writeLong(items);
            out.sink.writeLong(others[0]);
            out.flush();
            channel.force(true);
        }
    }

    /** Packs snapshot entries into records of about {@link #SNAPSHOT_CHUNK} bytes. */
    private static final class SnapshotWriter {
        final ByteSink sink = new ByteSink(SNAPSHOT_CHUNK + (64 << 10));
        final CRC32C crc = new CRC32C();
        final FileChannel channel;
        int recordStart = -1;

        SnapshotWriter(FileChannel channel) {
            this.channel = channel;
        }

        ByteSink entry() {
            if (recordStart < 0) {
                recordStart = JournalFiles.beginRecord(sink);
            }
            return sink;
        }

        void maybeFlush() throws IOException {
            if (sink.size() >= SNAPSHOT_CHUNK) {
                flush();
            }
        }

        void flush() throws IOException {
            if (recordStart >= 0) {
                JournalFiles.endRecord(sink, recordStart, crc);
                recordStart = -1;
            }
            ByteBuffer buffer = ByteBuffer.wrap(sink.array(), 0, sink.size());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            sink.reset();
        }
    }

    // ---------------------------------------------------------------- closing

    /** Writes and syncs everything appended, completes its futures and releases the directory. */
    @Override
    public void close() {
        queueLock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
        } finally {
            queueLock.unlock();
        }
        CompletableFuture<Void> running = compaction.get();
        if (running != null) {
            try {
                running.join();
            } catch (RuntimeException ignored) {
                // cancelled by closing; the logs still hold everything
            }
        }
        queueLock.lock();
        try {
            if (state == State.OPEN) {
                state = State.CLOSING;
            }
            wake.signalAll();
        } finally {
            queueLock.unlock();
        }
        if (writer != null) {
            boolean interrupted = false;
            while (true) {
                try {
                    writer.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (log != null) {
                log.close();
            }
        } catch (IOException e) {
            warn("closing the log failed: " + e);
        }
        queueLock.lock();
        try {
            state = State.CLOSED;
        } finally {
            queueLock.unlock();
        }
        release(lock, lockChannel);
    }

    private void closeAfterFailure() {
        closing = true;
        queueLock.lock();
        try {
            state = State.CLOSED;
        } finally {
            queueLock.unlock();
        }
        try {
            if (log != null) {
                log.close();
            }
        } catch (IOException ignored) {
            // already failing
        }
        release(lock, lockChannel);
    }

    private static void warn(String message) {
        System.err.println("dynamo-engine: warning: " + message);
    }
}
