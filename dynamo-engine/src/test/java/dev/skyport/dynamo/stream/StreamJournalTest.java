package dev.skyport.dynamo.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.dynamo.storage.FileJournal;
import dev.skyport.dynamo.storage.Journal;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.PrimaryKey;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableDefinition;
import dev.skyport.testsupport.MovableClock;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream store over a file journal, without the API: its whole state (streams, shards, records,
 * the sequence counter) comes back exactly after a restart, after compactions (also ones racing with
 * writes), and compaction drops what retention expired.
 */
class StreamJournalTest {

    @TempDir
    Path dir;

    final MovableClock clock = new MovableClock(Instant.ofEpochMilli(1_750_000_000_000L));
    FileJournal journal;
    StreamStore streams;

    Database open() {
        return open(5);
    }

    Database open(int shardMaxRecords) {
        journal = FileJournal.open(dir);
        streams = new StreamStore(clock, shardMaxRecords, Duration.ofHours(4));
        return new Database(journal, streams);
    }

    static TableDefinition table(String name, String viewType, String label) {
        return new TableDefinition(name, "id-" + name, "arn:aws:dynamodb:us-east-1:000000000000:table/" + name,
                1_700_000_000_000L, "ACTIVE", new KeySchema("pk", "S", null, null), Map.of("pk", "S"), List.of(),
                List.of(), "PAY_PER_REQUEST", 0, 0, viewType, label, null, null, Map.of(), false, "STANDARD", null);
    }

    static Map<String, AttributeValue> item(String pk, int v) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.s(pk));
        item.put("v", AttributeValue.n(Integer.toString(v)));
        return item;
    }

    static void put(Database db, String table, Map<String, AttributeValue> item) {
        TableData data = db.table(table);
        db.write(data, data.keyOf(item), old -> item).durable().join();
    }

    static void delete(Database db, String table, String pk, boolean byService) {
        TableData data = db.table(table);
        db.write(data, PrimaryKey.of(AttributeValue.s(pk), TableData.NO_RANGE), old -> null, byService)
                .durable().join();
    }

    /** Everything a Streams client can see, and more. */
    static List<Object> state(StreamStore store) {
        List<Object> out = new ArrayList<>();
        for (TableStream s : store.list(null)) {
            List<Object> shards = new ArrayList<>();
            for (Shard shard : s.shards()) {
                shards.add(List.of(shard.id(), String.valueOf(shard.parentId()), shard.startingSequence(),
                        String.valueOf(shard.endingSequence()), shard.createdMillis(),
                        shard.readFrom(BigInteger.ZERO, Integer.MAX_VALUE)));
            }
            out.add(List.of(s.arn(), s.tableName(), s.label(), s.viewType(), s.key(), s.createdMillis(), s.enabled(),
                    s.enabled() ? 0L : s.disabledMillis(), shards));
        }
        return out;
    }

    static List<StreamRecord> records(StreamStore store, String table) {
        List<StreamRecord> out = new ArrayList<>();
        for (TableStream s : store.list(table)) {
            for (Shard shard : s.shards()) {
                out.addAll(shard.readFrom(BigInteger.ZERO, Integer.MAX_VALUE));
            }
        }
        return out;
    }

    private void writeHistory(Database db) {
        db.createTable(table("t", "NEW_AND_OLD_IMAGES", "label-1")).join();
        for (int i = 0; i < 12; i++) {
            put(db, "t", item("k" + (i % 4), i));
            clock.advance(Duration.ofMillis(7));
        }
        TableData t = db.table("t");
        db.commit(List.of(new Database.Change(t, t.keyOf(item("tx-a", 0)), item("tx-a", 1)),
                new Database.Change(t, t.keyOf(item("k1", 0)), null))).join();
        delete(db, "t", "k2", true);
        db.createTable(table("other", "KEYS_ONLY", "label-o")).join();
        put(db, "other", item("o", 1));
        db.dropTable("other").join();
    }

    @Test
    void everythingComesBackAfterARestartAndAfterACompaction() {
        List<Object> before;
        try (Database db = open()) {
            writeHistory(db);
            before = state(streams);
        }
        assertThat(before).hasSize(2);
        try (Database db = open()) {
            assertThat(state(streams)).isEqualTo(before);
            journal.compact().join();
        }
        try (Database db = open()) {
            assertThat(state(streams)).isEqualTo(before);
            List<StreamRecord> records = records(streams, "t");
            assertThat(records).extracting(StreamRecord::eventName).containsSubsequence("INSERT", "MODIFY", "REMOVE");
            assertThat(records.getLast().byService()).isTrue();
            assertThat(records.get(records.size() - 2).byService()).isFalse();
            BigInteger newest = records.getLast().sequence();
            put(db, "t", item("after", 1));
            assertThat(records(streams, "t").getLast().sequence()).isGreaterThan(newest);
        }
    }

    @Test
    void writesRacingWithCompactionsAreAllKeptExactlyOnce() throws Exception {
        List<Object> before;
        try (Database db = open(50)) {
            db.createTable(table("t", "NEW_IMAGE", "l")).join();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                String prefix = "w" + w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 400; i++) {
                        put(db, "t", item(prefix + "-" + (i % 20), i));
                    }
                }));
            }
            CompletableFuture<Void> compactions = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    journal.compact().join();
                }
            });
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            stop.set(true);
            compactions.get(60, TimeUnit.SECONDS);
            pool.shutdown();
            before = state(streams);
            assertThat(records(streams, "t")).hasSize(2400);
        }
        try (Database db = open(50)) {
            assertThat(state(streams)).isEqualTo(before);
            List<StreamRecord> records = records(streams, "t");
            assertThat(records).hasSize(2400);
            assertThat(records).extracting(StreamRecord::sequence).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void compactionDropsWhatRetentionExpiredButNumbersNeverRepeat() {
        BigInteger newest;
        String firstArn;
        try (Database db = open()) {
            db.createTable(table("t", "NEW_AND_OLD_IMAGES", "label-1")).join();
            for (int i = 0; i < 12; i++) {
                put(db, "t", item("k" + i, i));
            }
            firstArn = streams.list("t").getFirst().arn();
            db.defineTable(table("t", null, "label-1")).join();
            assertThat(streams.stream(firstArn).enabled()).isFalse();
            db.defineTable(table("t", "KEYS_ONLY", "label-2")).join();
            put(db, "t", item("k0", 100));
            newest = records(streams, "t").getLast().sequence();
            clock.advance(StreamStore.RETENTION.plusHours(1));
            journal.compact().join();
        }
        try (Database db = open()) {
            // The disabled stream and every expired record are gone; the current stream keeps its open shard.
            assertThat(streams.list("t")).extracting(TableStream::label).containsExactly("label-2");
            assertThat(streams.list("t").getFirst().shards()).hasSize(1);
            assertThat(records(streams, "t")).isEmpty();
            put(db, "t", item("k0", 101));
            assertThat(records(streams, "t")).singleElement()
                    .satisfies(r -> assertThat(r.sequence()).isGreaterThan(newest));
        }
    }

    @Test
    void aStreamIsThereFromCreateTableAndDisabledByDropTableDurably() {
        String arn;
        long dropped;
        try (Database db = open()) {
            db.createTable(table("t", "NEW_IMAGE", "l1")).join();
            assertThat(streams.list("t")).singleElement().satisfies(s -> {
                assertThat(s.enabled()).isTrue();
                assertThat(s.shards()).hasSize(1);
            });
            arn = streams.list("t").getFirst().arn();
            clock.advance(Duration.ofMinutes(3));
            dropped = clock.millis();
            db.dropTable("t").join();
        }
        clock.advance(Duration.ofMinutes(3));
        try (Database db = open()) {
            TableStream s = streams.stream(arn);
            assertThat(s.enabled()).isFalse();
            assertThat(s.disabledMillis()).isEqualTo(dropped);
            assertThat(s.shards().getFirst().closed()).isTrue();
        }
    }

    @Test
    void inMemoryTheStoreBuildsNoMutations() {
        StreamStore store = new StreamStore(clock, 5, Duration.ofHours(4));
        List<List<?>> appended = new ArrayList<>();
        Journal recording = new Journal() {
            @Override
            public CompletableFuture<Void> append(List<dev.skyport.dynamo.storage.Mutation> mutations) {
                appended.add(mutations);
                return DONE;
            }

            @Override
            public void replay(java.util.function.Consumer<dev.skyport.dynamo.storage.Mutation> into) {
            }

            @Override
            public boolean keepsMutations() {
                return false;
            }

            @Override
            public void close() {
            }
        };
        try (Database db = new Database(recording, store)) {
            db.createTable(table("t", "NEW_IMAGE", "l1")).join();
            put(db, "t", item("a", 1));
            assertThat(records(store, "t")).hasSize(1);
        }
        assertThat(appended).allSatisfy(record -> assertThat(record).hasSize(1));
    }
}
