package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.storage.journal.ByteSource;
import dev.skyport.dynamo.storage.journal.CorruptDataException;
import dev.skyport.dynamo.storage.journal.DefinitionCodec;
import dev.skyport.dynamo.storage.journal.ItemCodec;
import dev.skyport.dynamo.storage.journal.JournalFiles;
import dev.skyport.dynamo.storage.journal.JournalFiles.RecordReader;
import dev.skyport.dynamo.storage.journal.MutationCodec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads a data directory back at start-up: the newest snapshot, then the logs after it, in order. A
 * record a crash cut short ends the replay with a warning; one that passed its checksum but cannot be
 * decoded stops the start-up, naming the file and offset (see {@link FileJournal}).
 */
final class JournalReplay {

    private final Path directory;
    /** The snapshot found at open (-1: none) and the logs to replay after it, ascending. */
    private final long snapshotSeq;
    private final List<Long> logSeqs;
    private final long nextSeq;

    private JournalReplay(Path directory, long snapshotSeq, List<Long> logSeqs, long nextSeq) {
        this.directory = directory;
        this.snapshotSeq = snapshotSeq;
        this.logSeqs = logSeqs;
        this.nextSeq = nextSeq;
    }

    /** Finds the newest snapshot and the logs to replay after it; deletes temporary files a crash left. */
    static JournalReplay scan(Path directory) throws IOException {
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
        return new JournalReplay(directory, latestSnapshot, logs,
                Math.max(Math.max(maxLog + 1, latestSnapshot), 1));
    }

    /** The first sequence number no file in the directory uses yet. */
    long nextSeq() {
        return nextSeq;
    }

    /**
     * Feeds the snapshot and the logs to {@code into}; returns whether the directory should be compacted
     * (the logs held records, or one was damaged).
     */
    boolean replay(Consumer<Mutation> into) throws IOException {
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
                FileJournal.warn("log " + file + " follows a damaged record and was not replayed; kept as "
                        + aside);
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
        JournalFiles.deleteBefore(directory, snapshotSeq);
        return records > 0 || damaged;
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
                FileJournal.warn("log " + file + " is damaged (" + problem + "); it was not replayed and is kept as "
                        + aside);
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
        FileJournal.warn("log " + file + ": " + problem + " at offset " + good
                + "; dropping it and everything after it (" + (size - good) + " bytes"
                + (last ? "" : ", and the later logs") + ")");
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
}
