package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.storage.journal.ByteSink;
import dev.skyport.dynamo.storage.journal.DefinitionCodec;
import dev.skyport.dynamo.storage.journal.ItemCodec;
import dev.skyport.dynamo.storage.journal.JournalFiles;
import dev.skyport.dynamo.storage.journal.MutationCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
import java.util.zip.CRC32C;

/**
 * Keeps the journal short: on a background thread, snapshots the attached database at a log switch
 * and deletes the logs and snapshots that snapshot makes obsolete (the steps are in {@link FileJournal}).
 */
final class JournalCompaction {

    private static final int SNAPSHOT_CHUNK = 1 << 20;

    private final Path directory;
    /** Shared with the facade: the sequence number of the next log or snapshot. */
    private final AtomicLong nextSeq;
    private final GroupCommitWriter writer;

    private volatile Database database;
    private final AtomicReference<CompletableFuture<Void>> compaction = new AtomicReference<>();
    private volatile boolean closing;

    JournalCompaction(Path directory, AtomicLong nextSeq, GroupCommitWriter writer) {
        this.directory = directory;
        this.nextSeq = nextSeq;
        this.writer = writer;
    }

    void attach(Database db) {
        this.database = db;
    }

    /** As {@link FileJournal#compact()}. */
    CompletableFuture<Void> compact() {
        CompletableFuture<Void> running = compaction.get();
        if (running != null) {
            // That one may have captured the state before this call: run another after it.
            return running.handle((v, e) -> null).thenCompose(v -> compact());
        }
        return start();
    }

    /** Starts one when none runs: the current log grew past its size. */
    void logFull() {
        if (database != null && !closing && compaction.get() == null) {
            start();
        }
    }

    /** Cancels a running compaction and waits for it; none starts after this. */
    void stop() {
        closing = true;
        CompletableFuture<Void> running = compaction.get();
        if (running != null) {
            try {
                running.join();
            } catch (RuntimeException ignored) {
                // cancelled by closing; the logs still hold everything
            }
        }
    }

    /** Starts one unless one runs (then returns that one). */
    CompletableFuture<Void> start() {
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
                    FileJournal.warn("compacting the journal in " + directory
                            + " failed (the logs still hold everything): " + t);
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
            CompletableFuture<Void> rotated = writer.rotate(seq);
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
            CompletableFuture<Void> flushed = db.underWriteLock(() -> writer.flush());
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
        JournalFiles.deleteBefore(directory, cut.seq());
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
                for (Database.SnapshotWriter listener : cut.others()) {
                    listener.writeTo(m -> {
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
}
