package dev.skyport.dynamo.storage;

import static dev.skyport.dynamo.storage.JournalFixtures.delete;
import static dev.skyport.dynamo.storage.JournalFixtures.everyType;
import static dev.skyport.dynamo.storage.JournalFixtures.fileNames;
import static dev.skyport.dynamo.storage.JournalFixtures.fullTable;
import static dev.skyport.dynamo.storage.JournalFixtures.get;
import static dev.skyport.dynamo.storage.JournalFixtures.item;
import static dev.skyport.dynamo.storage.JournalFixtures.put;
import static dev.skyport.dynamo.storage.JournalFixtures.putAll;
import static dev.skyport.dynamo.storage.JournalFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.model.AttributeValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database over a file journal: restarts, snapshots (compaction) and crashes keep the exact state. */
class DurableDatabaseTest {

    @TempDir
    Path dir;

    /** Everything observable about the tables: definitions, items by key, counts and sizes. */
    static Map<String, Object> state(Database db) {
        Map<String, Object> out = new TreeMap<>();
        for (TableData table : db.tables()) {
            Map<PrimaryKey, Map<String, AttributeValue>> items = new HashMap<>();
            table.partitions().forEach((pk, partition) ->
                    partition.forEach((range, item) -> items.put(new PrimaryKey(pk, range), item.item())));
            Map<String, Long> indexCounts = new TreeMap<>();
            for (IndexDefinition index : table.definition().globalIndexes()) {
                indexCounts.put(index.name(), table.index(index.name()).itemCount());
            }
            for (IndexDefinition index : table.definition().localIndexes()) {
                indexCounts.put(index.name(), table.index(index.name()).itemCount());
            }
            out.put(table.definition().name(), List.of(table.definition(), items, table.itemCount(),
                    table.sizeBytes(), indexCounts));
        }
        return out;
    }

    /** The journal of the database opened last. */
    private FileJournal journal;

    private Database open(Path directory) {
        return open(directory, FileJournal.DEFAULT_COMPACT_AFTER_BYTES);
    }

    private Database open(Path directory, long compactAfterBytes) {
        journal = FileJournal.open(directory, compactAfterBytes);
        return new Database(journal);
    }

    /** Opens, waits for the start-up compaction (if any), and returns the state. */
    private Map<String, Object> reopenState() {
        try (Database db = open(dir)) {
            journal.compact().join();
            return state(db);
        }
    }

    private static Map<String, AttributeValue> counter(String pk, int n) {
        return item(pk, "n", n);
    }

    private static List<String> snapshots(Path dir) throws IOException {
        return fileNames(dir).stream().filter(n -> n.endsWith(".snap")).toList();
    }

    private static List<String> logs(Path dir) throws IOException {
        return fileNames(dir).stream().filter(n -> n.endsWith(".wal")).toList();
    }

    @Test
    void tablesAndItemsSurviveARestartExactly() {
        Map<String, Object> before;
        try (Database db = open(dir)) {
            db.createTable(fullTable("orders")).join();
            db.createTable(table("t")).join();
            db.createTable(table("dropped")).join();
            put(db, "t", everyType("a"));
            put(db, "t", item("b", "v", 1));
            put(db, "t", item("b", "v", 2));
            put(db, "t", item("c"));
            delete(db, "t", "c");
            put(db, "dropped", item("x"));
            db.dropTable("dropped").join();
            db.defineTable(table("t").withTags(Map.of("k", "v"))).join();
            before = state(db);
        }

        Map<String, Object> after = reopenState();

        assertThat(after).isEqualTo(before);
        assertThat(after).containsOnlyKeys("orders", "t");
        // and once more, now from the snapshot the first restart wrote
        assertThat(reopenState()).isEqualTo(before);
    }

    @Test
    void anIndexAddedToAPopulatedTableHoldsTheOlderItemsAfterReplay() {
        Map<String, Object> before;
        try (Database db = open(dir)) {
            db.createTable(table("t")).join();
            for (int i = 0; i < 50; i++) {
                put(db, "t", item("k" + i, "colour", i % 2 == 0 ? "red" : "blue"));
            }
            // UpdateTable adding a GSI: only the new definition is journaled; the index fills from the items.
            TableDefinition plain = db.table("t").definition();
            IndexDefinition byColour = new IndexDefinition("by-colour", true,
                    new KeySchema("colour", "S", null, null), "ALL", null, "CREATING", true, 0, 0);
            TableDefinition indexed = new TableDefinition(plain.name(), plain.tableId(), plain.arn(),
                    plain.createdMillis(), plain.status(), plain.key(), Map.of("pk", "S", "colour", "S"),
                    List.of(byColour), List.of(), plain.billingMode(), 0, 0, null, null, null, null, Map.of(),
                    false, plain.tableClass(), plain.history());
            db.defineTable(indexed).join();
            TableData t = db.table("t");
            put(db, "t", item("new", "colour", "red"));
            assertThat(t.index("by-colour").itemCount()).isEqualTo(51);
            before = state(db);
        }
        assertThat(reopenState()).isEqualTo(before);
    }

    @Test
    void aTransactionIsReplayedWhole() {
        try (Database db = open(dir)) {
            db.createTable(table("t")).join();
            TableData t = db.table("t");
            db.commit(List.of(
                    new Database.Change(t, t.keyOf(item("a")), item("a", "tx", 1)),
                    new Database.Change(t, t.keyOf(item("b")), item("b", "tx", 1)))).join();
        }
        try (Database db = open(dir)) {
            assertThat(get(db, "t", "a")).isEqualTo(item("a", "tx", 1));
            assertThat(get(db, "t", "b")).isEqualTo(item("b", "tx", 1));
        }
    }

    @Test
    void startUpCompactsToOneSnapshotAndAFreshLog() throws Exception {
        try (Database db = open(dir)) {
            db.createTable(table("t")).join();
            for (int i = 0; i < 100; i++) {
                put(db, "t", counter("k" + i, i));
            }
        }
        assertThat(snapshots(dir)).isEmpty();

        try (Database db = open(dir)) {
            journal.compact().join();
            assertThat(snapshots(dir)).hasSize(1);
            assertThat(logs(dir)).hasSize(1);
            String snapshotSeq = snapshots(dir).get(0).replaceAll("\\D", "");
            assertThat(logs(dir).get(0).replaceAll("\\D", "")).isEqualTo(snapshotSeq);
            assertThat(db.table("t").itemCount()).isEqualTo(100);
        }
        assertThat(fileNames(dir)).noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void compactionKeepsEverythingIncludingWritesAfterIt() {
        Map<String, Object> before;
        try (Database db = open(dir)) {
            db.createTable(fullTable("orders")).join();
            db.createTable(table("t")).join();
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                items.add(counter("k" + i, i));
            }
            putAll(db, "t", items);
            for (int i = 0; i < 2000; i += 100) {
                delete(db, "t", "k" + i);
            }
            journal.compact().join();
            put(db, "t", counter("after", 1));
            delete(db, "t", "k1");
            db.createTable(table("later")).join();
            put(db, "later", everyType("z"));
            before = state(db);
        }
        assertThat(reopenState()).isEqualTo(before);
    }

    @Test
    void theLogIsCompactedOnceItPassesItsSizeLimit() throws Exception {
        Map<String, Object> before;
        try (Database db = open(dir, 64 * 1024)) {
            db.createTable(table("t")).join();
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                items.add(item("k" + (i % 500), "payload", "x".repeat(100), "n", i));
            }
            putAll(db, "t", items);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (snapshots(dir).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(snapshots(dir)).isNotEmpty();
            journal.compact().join();
            long logBytes = 0;
            for (String log : logs(dir)) {
                logBytes += Files.size(dir.resolve(log));
            }
            assertThat(logBytes).isLessThan(5000L * 100);
            before = state(db);
        }
        assertThat(reopenState()).isEqualTo(before);
    }

    @Test
    void writesRacingWithCompactionsAreAllKept() throws Exception {
        Map<String, Object> before;
        try (Database db = open(dir, 32 * 1024)) {
            db.createTable(table("t")).join();
            for (int i = 0; i < 200; i++) {
                put(db, "t", counter("k" + i, 0));
            }
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int id = w;
                writers.add(pool.submit(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        TableData t = db.table("t");
                        String pk = "k" + ((n * 8 + id) % 200);
                        var key = t.keyOf(item(pk));
                        if (n % 7 == 0) {
                            db.write(t, key, old -> null).durable().join();
                        } else {
                            int value = n;
                            db.write(t, key, old -> counter(pk, value)).durable().join();
                        }
                        n++;
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 10; i++) {
                journal.compact().join();
            }
            stop.set(true);
            for (Future<?> f : writers) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            before = state(db);
        }
        assertThat(reopenState()).isEqualTo(before);
    }

    @Test
    void acknowledgedWritesSurviveACrashWithoutClose() throws Exception {
        Path crashed = Files.createDirectory(dir.resolve("crashed"));
        Path live = dir.resolve("live");
        Database db = open(live);
        Map<String, Object> acknowledged;
        try {
            db.createTable(table("t")).join();
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                items.add(counter("k" + i, i));
            }
            putAll(db, "t", items);
            db.write(db.table("t"), db.table("t").keyOf(item("k0")), old -> null).durable().join();
            acknowledged = state(db);
            // What a killed process leaves behind: exactly the files as they are now, lock not released.
            try (Stream<Path> files = Files.list(live)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, crashed.resolve(f.getFileName()));
                }
            }
        } finally {
            db.close();
        }
        try (Database recovered = open(crashed)) {
            assertThat(state(recovered)).isEqualTo(acknowledged);
        }
    }

    @Test
    void filesLeftByACrashDuringCompactionAreIgnored() throws Exception {
        try (Database db = open(dir)) {
            db.createTable(table("t")).join();
            put(db, "t", counter("gone", 1));
        }
        Path oldLog = JournalFixtures.newestLog(dir);
        byte[] oldLogBytes = Files.readAllBytes(oldLog);
        Map<String, Object> before;
        try (Database db = open(dir)) {
            journal.compact().join();
            delete(db, "t", "gone");
            before = state(db);
        }
        // A crash after the snapshot was renamed but before old logs were deleted, and a half-written temp file.
        Files.write(oldLog, oldLogBytes);
        Files.write(dir.resolve("snapshot-0000000000000100.snap.tmp"), new byte[] {1, 2, 3});

        assertThat(reopenState()).isEqualTo(before);
        assertThat(fileNames(dir)).doesNotContain(oldLog.getFileName().toString())
                .noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void aDamagedSnapshotStopsStartUpWithAClearMessage() throws Exception {
        try (Database db = open(dir)) {
            db.createTable(table("t")).join();
            put(db, "t", counter("a", 1));
        }
        reopenState();
        Path snapshot = dir.resolve(snapshots(dir).get(0));
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 5] ^= 1;
        Files.write(snapshot, bytes);

        assertThatThrownBy(() -> open(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("snapshot " + snapshot.toAbsolutePath() + " is damaged");
        // the failed start released the directory
        FileJournal.open(dir).close();
    }

    @Test
    void aSecondDatabaseOnTheSameDirectoryFails() {
        try (Database db = open(dir)) {
            assertThat(db.tables()).isEmpty();
            assertThatThrownBy(() -> FileJournal.open(dir))
                    .hasMessage("data directory " + dir.toAbsolutePath() + " is in use by another dynamo-engine");
        }
    }

    @Test
    void manyConcurrentWritersAreAllAcknowledgedAndKept() throws Exception {
        Map<String, Object> before;
        try (Database db = open(dir)) {
            db.createTable(table("t")).join();
            ExecutorService pool = Executors.newFixedThreadPool(64);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int w = 0; w < 64; w++) {
                int id = w;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 100; i++) {
                        put(db, "t", counter("w" + id + "-" + i, i));
                        TableData t = db.table("t");
                        db.write(t, t.keyOf(item("shared")), old -> {
                            int n = old == null ? 0 : ((AttributeValue.N) old.get("n")).value().intValue();
                            return counter("shared", n + 1);
                        }).durable().join();
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            pool.shutdown();
            assertThat(get(db, "t", "shared")).isEqualTo(counter("shared", 6400));
            before = state(db);
        }
        assertThat(reopenState()).isEqualTo(before);
    }
}
