package dev.skyport.dynamo.access;

import dev.skyport.dynamo.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opt-in record of who touched what: one JSON line per distinct (access key id, operation, part, resource), e.g.
 * {@code {"accessKeyId":"orders-service","operation":"Query","resource":"arn:aws:dynamodb:...:table/orders/index/by-id"}}.
 * Meant for deriving least-privilege IAM policies from a test run, so it is bounded: lines are deduplicated, at
 * most {@code maxEntries} are written (then one {@code {"event":"truncated"}} line), long values are cut, and a
 * failing disk stops the recording, never a request.
 */
public final class AccessRecorder implements AutoCloseable {

    /** Lines written before the record stops growing. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    /** Longer values (a header's access key id is unbounded) are cut to this many characters. */
    static final int MAX_VALUE_CHARS = 1024;

    private final Path file;
    private final int maxEntries;
    private final Set<List<String>> seen = ConcurrentHashMap.newKeySet();
    private final OutputStream out;
    private boolean stopped;

    private AccessRecorder(Path file, int maxEntries, OutputStream out) {
        this.file = file;
        this.maxEntries = maxEntries;
        this.out = out;
    }

    /** Starts a new record in {@code file} (created with its directories, emptied if it exists). */
    public static AccessRecorder open(Path file, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("the access record needs room for at least one entry: " + maxEntries);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new AccessRecorder(file, maxEntries, Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the access record " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Records what one request touches; {@code accessKeyId} is null for a request without credentials. */
    public void record(String accessKeyId, String operation, List<Access> accesses) {
        for (Access access : accesses) {
            List<String> entry = java.util.Arrays.asList(cut(accessKeyId), cut(operation), cut(access.part()),
                    cut(access.resource()));
            // Most requests repeat what was seen: only a new entry takes the lock.
            if (!seen.contains(entry)) {
                add(entry);
            }
        }
    }

    private synchronized void add(List<String> entry) {
        if (stopped || seen.contains(entry)) {
            return;
        }
        if (seen.size() >= maxEntries) {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("event", "truncated");
            last.put("maxEntries", maxEntries);
            write(last);
            stopped = true;
            return;
        }
        seen.add(entry);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("accessKeyId", entry.get(0));
        line.put("operation", entry.get(1));
        if (entry.get(2) != null) {
            line.put("part", entry.get(2));
        }
        line.put("resource", entry.get(3));
        write(line);
    }

    /** One line, flushed at once: a reader may look while the engine runs, and lines are few. */
    private synchronized void write(Map<String, Object> line) {
        if (stopped) {
            return;
        }
        try {
            out.write(Json.write(line));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            stopped = true;
            System.err.printf("{\"event\":\"access-record-failed\",\"file\":\"%s\",\"error\":\"%s\"}%n",
                    file, String.valueOf(e.getMessage()).replace("\"", "'"));
        }
    }

    private static String cut(String value) {
        return value == null || value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS);
    }

    @Override
    public synchronized void close() {
        stopped = true;
        try {
            out.close();
        } catch (IOException ignored) {
            // every line was flushed when it was written
        }
    }
}
