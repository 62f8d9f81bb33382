package dev.skyport.dynamo.storage.journal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * File names, headers and record framing shared by logs and snapshots.
 *
 * <p>A file starts with a 16-byte header: magic (4 bytes), format version (int), sequence number
 * (long). Then records, each {@code [int length][int crc][payload of length bytes]}, where crc is the
 * CRC32C of the 4 length bytes followed by the payload (so a zero-filled tail never looks like a
 * record). All integers are big-endian.
 */
public final class JournalFiles {

    public static final int LOG_MAGIC = 0x444A4C47;      // "DJLG"
    public static final int SNAPSHOT_MAGIC = 0x444A534E; // "DJSN"
    /** The format written: 2 added stream mutations (an older engine must not mistake them for damage). */
    public static final int VERSION = 2;
    /** The oldest format still read. */
    public static final int OLDEST_VERSION = 1;
    public static final int HEADER_BYTES = 16;
    public static final int RECORD_HEADER_BYTES = 8;
    /** No record is this large; a larger length is damage. */
    public static final int MAX_RECORD_BYTES = 512 << 20;

    public static final String LOCK_FILE = "dynamo-engine.lock";
    private static final String LOG_PREFIX = "log-";
    private static final String LOG_SUFFIX = ".wal";
    private static final String SNAPSHOT_PREFIX = "snapshot-";
    private static final String SNAPSHOT_SUFFIX = ".snap";
    public static final String TEMP_SUFFIX = ".tmp";

    private JournalFiles() {
    }

    public static String logName(long seq) {
        return String.format("%s%016d%s", LOG_PREFIX, seq, LOG_SUFFIX);
    }

    public static String snapshotName(long seq) {
        return String.format("%s%016d%s", SNAPSHOT_PREFIX, seq, SNAPSHOT_SUFFIX);
    }

    /** The sequence number of a log file name, or -1. */
    public static long logSeq(String fileName) {
        return seqOf(fileName, LOG_PREFIX, LOG_SUFFIX);
    }

    /** The sequence number of a snapshot file name, or -1. */
    public static long snapshotSeq(String fileName) {
        return seqOf(fileName, SNAPSHOT_PREFIX, SNAPSHOT_SUFFIX);
    }

    private static long seqOf(String name, String prefix, String suffix) {
        if (!name.startsWith(prefix) || !name.endsWith(suffix)) {
            return -1;
        }
        String digits = name.substring(prefix.length(), name.length() - suffix.length());
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    public static byte[] header(int magic, long seq) {
        ByteSink sink = new ByteSink(HEADER_BYTES);
        sink.writeInt(magic);
        sink.writeInt(VERSION);
        sink.writeLong(seq);
        return sink.array().length == HEADER_BYTES ? sink.array() : java.util.Arrays.copyOf(sink.array(), HEADER_BYTES);
    }

    /** Reserves a record header in {@code sink}; returns where the record starts. */
    public static int beginRecord(ByteSink sink) {
        int start = sink.size();
        sink.writeInt(0);
        sink.writeInt(0);
        return start;
    }

    /** Fills in length and checksum of the record begun at {@code start}. */
    public static void endRecord(ByteSink sink, int start, CRC32C crc) {
        int length = sink.size() - start - RECORD_HEADER_BYTES;
        if (length > MAX_RECORD_BYTES) {
            sink.truncate(start);
            throw new IllegalArgumentException("journal record too large: " + length + " bytes");
        }
        sink.putInt(start, length);
        crc.reset();
        crc.update(sink.array(), start, 4);
        crc.update(sink.array(), start + RECORD_HEADER_BYTES, length);
        sink.putInt(start + 4, (int) crc.getValue());
    }

    /** Deletes the logs and snapshots older than {@code seq}. */
    public static void deleteBefore(Path directory, long seq) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                long l = JournalFiles.logSeq(name);
                long s = JournalFiles.snapshotSeq(name);
                if ((l >= 0 && l < seq) || (s >= 0 && s < seq)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Forces a directory's entries (new, renamed, deleted files) to disk where the platform allows. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; its rename and create are durable once the file is forced.
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }

    /** Reads a log or snapshot sequentially, record by record, checking each. */
    public static final class RecordReader implements Closeable {

        public enum Status {
            /** A whole, intact record: see {@link #payload()}. */
            RECORD,
            /** The file ends exactly after the previous record. */
            END,
            /** The file ends inside a record (a write cut short). */
            TORN,
            /** A record whose length or checksum is wrong. */
            CORRUPT
        }

        private final InputStream in;
        private final CRC32C crc = new CRC32C();
        private final byte[] head = new byte[RECORD_HEADER_BYTES];
        private long offset;
        private long recordOffset;
        private byte[] payload;
        private int payloadLength;
        private String problem;

        public RecordReader(Path file) throws IOException {
            this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
        }

        /**
         * Reads the header: returns its sequence number, or -1 when the file is shorter than a header
         * or does not start with {@code magic} and the expected version.
         */
        public long readHeader(int magic) throws IOException {
            byte[] h = new byte[HEADER_BYTES];
            int n = in.readNBytes(h, 0, HEADER_BYTES);
            offset = n;
            if (n < HEADER_BYTES) {
                problem = "file shorter than its header";
                return -1;
            }
            ByteSource src = new ByteSource(h);
            int m = src.readInt();
            int version = src.readInt();
            long seq = src.readLong();
            if (m != magic) {
                problem = "not a dynamo-engine file (bad magic)";
                return -1;
            }
            if (version < OLDEST_VERSION || version > VERSION) {
                problem = "format version " + version + " is not supported (this engine reads versions "
                        + OLDEST_VERSION + " to " + VERSION + ")";
                return -1;
            }
            return seq;
        }

        public Status next() throws IOException {
            recordOffset = offset;
            int n = in.readNBytes(head, 0, RECORD_HEADER_BYTES);
            if (n == 0) {
                return Status.END;
            }
            if (n < RECORD_HEADER_BYTES) {
                problem = "record header cut short";
                return Status.TORN;
            }
            ByteSource src = new ByteSource(head);
            int length = src.readInt();
            int expected = src.readInt();
            if (length <= 0 || length > MAX_RECORD_BYTES) {
                problem = "bad record length " + length;
                return Status.CORRUPT;
            }
            if (payload == null || payload.length < length) {
                payload = new byte[Math.max(length, 64 * 1024)];
            }
            int got = in.readNBytes(payload, 0, length);
            if (got < length) {
                problem = "record of " + length + " bytes cut short after " + got;
                return Status.TORN;
            }
            crc.reset();
            crc.update(head, 0, 4);
            crc.update(payload, 0, length);
            if ((int) crc.getValue() != expected) {
                problem = "checksum mismatch";
                return Status.CORRUPT;
            }
            payloadLength = length;
            offset += RECORD_HEADER_BYTES + length;
            return Status.RECORD;
        }

        /** The last record's payload; valid until the next call of {@link #next()}. */
        public ByteSource payload() {
            return new ByteSource(payload, 0, payloadLength);
        }

        /** The offset just after the last intact record (or the header). */
        public long goodLength() {
            return offset;
        }

        /** Where the record last read (or attempted) starts. */
        public long recordOffset() {
            return recordOffset;
        }

        /** What was wrong, after TORN, CORRUPT or a failed header. */
        public String problem() {
            return problem;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
