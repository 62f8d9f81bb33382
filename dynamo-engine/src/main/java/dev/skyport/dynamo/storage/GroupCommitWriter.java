package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.storage.journal.ByteSink;
import dev.skyport.dynamo.storage.journal.JournalFiles;
import dev.skyport.dynamo.storage.journal.MutationCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The journal's writer thread: callers only queue; the thread takes everything queued since its last
 * sync, writes it to the current log in one go, {@code fdatasync}s once and then completes the futures
 * of the whole group. The futures complete on that thread, so what depends on them must not block.
 */
final class GroupCommitWriter {

    private static final int WRITE_CHUNK = 4 << 20;

    private enum State { REPLAYING, OPEN, CLOSING, CLOSED }

    private final Path directory;
    private final long compactAfterBytes;
    /** Told, on the writer thread, each time a group leaves the current log past compactAfterBytes. */
    private final Runnable logFull;

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

    /** A queued request to the writer. */
    private record Entry(int kind, List<Mutation> mutations, CompletableFuture<Void> future, long seq) {
        static final int APPEND = 0;
        static final int FLUSH = 1;
        static final int ROTATE = 2;
    }

    GroupCommitWriter(Path directory, long compactAfterBytes, Runnable logFull) {
        this.directory = directory;
        this.compactAfterBytes = compactAfterBytes;
        this.logFull = logFull;
    }

    /** Creates log {@code seq} and starts the writer thread; until then every request fails. */
    void start(long seq) throws IOException {
        log = createLog(seq);
        queueLock.lock();
        try {
            state = State.OPEN;
        } finally {
            queueLock.unlock();
        }
        writer = Thread.ofPlatform().daemon().name("dynamo-journal-writer").start(this::writeLoop);
    }

    /** Completes once {@code mutations} are durable, as one record. */
    CompletableFuture<Void> append(List<Mutation> mutations) {
        return enqueue(Entry.APPEND, mutations, 0);
    }

    /** Completes once everything queued before it is durable. */
    CompletableFuture<Void> flush() {
        return enqueue(Entry.FLUSH, null, 0);
    }

    /** Completes once everything queued before it is durable and later appends go to a new log {@code seq}. */
    CompletableFuture<Void> rotate(long seq) {
        return enqueue(Entry.ROTATE, null, seq);
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
                            FileJournal.warn("cannot journal a write: " + ex);
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
        if (failure == null && logBytes >= compactAfterBytes) {
            logFull.run();
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
        FileJournal.warn("writing the journal in " + directory + " failed; no further write will be acknowledged: "
                + cause);
        for (CompletableFuture<Void> f : done) {
            f.completeExceptionally(failed());
        }
        done.clear();
    }


    /** Writes and syncs everything queued, completes its futures, stops the thread and closes the log. */
    void close() {
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
            FileJournal.warn("closing the log failed: " + e);
        }
        queueLock.lock();
        try {
            state = State.CLOSED;
        } finally {
            queueLock.unlock();
        }
    }

    /** Closes without writing anything: start-up failed before the thread ran. */
    void closeAfterFailure() {
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
    }
}
