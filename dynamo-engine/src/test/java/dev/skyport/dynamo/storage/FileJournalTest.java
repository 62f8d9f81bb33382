package dev.skyport.dynamo.storage;

import static dev.skyport.dynamo.storage.JournalFixtures.everyType;
import static dev.skyport.dynamo.storage.JournalFixtures.fileNames;
import static dev.skyport.dynamo.storage.JournalFixtures.fullTable;
import static dev.skyport.dynamo.storage.JournalFixtures.item;
import static dev.skyport.dynamo.storage.JournalFixtures.newestLog;
import static dev.skyport.dynamo.storage.JournalFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.model.AttributeValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on its own: what goes in comes back out after close and reopen, and damage is contained. */
class FileJournalTest {

    @TempDir
    Path dir;

    private List<Mutation> reopenAndReplay() {
        List<Mutation> replayed = new ArrayList<>();
        try (FileJournal journal = FileJournal.open(dir)) {
            journal.replay(replayed::add);
        }
        return replayed;
    }

    private void appendAll(List<List<Mutation>> records) {
        try (FileJournal journal = FileJournal.open(dir)) {
            journal.replay(m -> {
            });
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (List<Mutation> record : records) {
                futures.add(journal.append(record));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        }
    }

    private static String captureStderr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyAttributeTypeRoundTripsExactlyIncludingKeyAndSetOrder() {
        Map<String, AttributeValue> item = everyType("a");
        appendAll(List.of(List.of(new Mutation.PutItem("t", item))));

        List<Mutation> replayed = reopenAndReplay();

        assertThat(replayed).hasSize(1);
        Mutation.PutItem put = (Mutation.PutItem) replayed.get(0);
        assertThat(put.tableName()).isEqualTo("t");
        assertThat(put.item()).isEqualTo(item);
        assertThat(put.item().keySet()).containsExactlyElementsOf(item.keySet());
        var map = (AttributeValue.M) put.item().get("map");
        assertThat(map.values().keySet()).containsExactly("zulu", "alpha", "mike");
        assertThat(((AttributeValue.SS) put.item().get("strings")).values()).containsExactly("pear", "apple", "ß", "zz");
        assertThat(((AttributeValue.N) put.item().get("huge")).value())
                .isEqualTo(((AttributeValue.N) item.get("huge")).value());
        assertThat(((AttributeValue.S) put.item().get("zString")).value())
                .isEqualTo("héllo wörld ✓ 😀 \uD800 lone surrogate");
    }

    @Test
    void tableDefinitionsRoundTripEveryField() {
        TableDefinition full = fullTable("orders");
        TableDefinition minimal = table("plain");
        appendAll(List.of(List.of(new Mutation.DefineTable(full)), List.of(new Mutation.DefineTable(minimal))));

        List<Mutation> replayed = reopenAndReplay();

        assertThat(replayed).containsExactly(new Mutation.DefineTable(full), new Mutation.DefineTable(minimal));
        TableDefinition back = ((Mutation.DefineTable) replayed.get(0)).definition();
        assertThat(back.globalIndexes().get(0).nonKeyAttributes()).containsExactly("b", "a", "c");
        assertThat(back.globalIndexes().get(1).nonKeyAttributes()).isNull();
        assertThat(back.key().rangeName()).isEqualTo("sk");
        assertThat(back.attributeDefinitions().keySet()).containsExactly("pk", "sk", "gsiHash", "lsiRange");
        assertThat(back.tags().keySet()).containsExactly("team", "ünïcode");
        assertThat(((Mutation.DefineTable) replayed.get(1)).definition().streamViewType()).isNull();
    }

    @Test
    void mutationsOfEveryKindReplayInAppendOrderAcrossRestarts() {
        List<List<Mutation>> first = List.of(
                List.of(new Mutation.DefineTable(table("t"))),
                List.of(new Mutation.PutItem("t", item("a", "v", 1))),
                List.of(new Mutation.PutItem("t", item("b")), new Mutation.DeleteItem("t", item("a"))));
        appendAll(first);
        List<List<Mutation>> second = List.of(List.of(new Mutation.DropTable("t")));
        appendAll(second);

        List<Mutation> expected = new ArrayList<>();
        first.forEach(expected::addAll);
        second.forEach(expected::addAll);
        assertThat(reopenAndReplay()).containsExactlyElementsOf(expected);
    }

    @Test
    void aTornFinalRecordIsDroppedAndLaterWritesStillSurvive() throws Exception {
        appendAll(List.of(
                List.of(new Mutation.PutItem("t", item("kept"))),
                List.of(new Mutation.PutItem("t", item("torn-1")), new Mutation.PutItem("t", item("torn-2")))));
        Path log = newestLog(dir);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 3);
        }

        List<Mutation> replayed = new ArrayList<>();
        String warnings = captureStderr(() -> {
            try (FileJournal journal = FileJournal.open(dir)) {
                journal.replay(replayed::add);
                journal.append(List.of(new Mutation.PutItem("t", item("after")))).join();
            }
        });

        assertThat(replayed).containsExactly(new Mutation.PutItem("t", item("kept")));
        assertThat(warnings).contains("incomplete record").contains(log.getFileName().toString());
        assertThat(reopenAndReplay()).containsExactly(
                new Mutation.PutItem("t", item("kept")), new Mutation.PutItem("t", item("after")));
    }

    @Test
    void anUndecodableRecordStopsTheStartUpAndKeepsEveryRecord() throws Exception {
        appendAll(List.of(
                List.of(new Mutation.PutItem("t", item("one"))),
                List.of(new Mutation.PutItem("t", item("two"))),
                List.of(new Mutation.PutItem("t", item("three")))));
        Path log = newestLog(dir);
        byte[] bytes = Files.readAllBytes(log);
        int firstLength = ByteBuffer.wrap(bytes, 16, 4).getInt();
        int second = 16 + 8 + firstLength;
        int secondLength = ByteBuffer.wrap(bytes, second, 4).getInt();
        // A record whole and checksummed, as the writer would have framed it, that no decoder reads.
        bytes[second + 8] = (byte) 0x7F;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, second, 4);
        crc.update(bytes, second + 8, secondLength);
        ByteBuffer.wrap(bytes).putInt(second + 4, (int) crc.getValue());
        Files.write(log, bytes);

        assertThatThrownBy(() -> {
            try (FileJournal journal = FileJournal.open(dir)) {
                journal.replay(m -> {
                });
            }
        }).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(log.toString())
                .hasMessageContaining("offset " + second)
                .hasMessageContaining("truncate -s " + second);
        assertThat(Files.readAllBytes(log)).isEqualTo(bytes);
        assertThat(fileNames(dir)).noneMatch(name -> name.endsWith(".dropped"));
    }

    @Test
    void aRecordWithABadChecksumEndsTheReplayWithAWarning() throws Exception {
        appendAll(List.of(
                List.of(new Mutation.PutItem("t", item("one"))),
                List.of(new Mutation.PutItem("t", item("two"))),
                List.of(new Mutation.PutItem("t", item("three")))));
        Path log = newestLog(dir);
        long secondRecord;
        byte[] bytes = Files.readAllBytes(log);
        int firstLength = ByteBuffer.wrap(bytes, 16, 4).getInt();
        secondRecord = 16 + 8 + firstLength;
        bytes[(int) secondRecord + 8 + 2] ^= 0x40;
        Files.write(log, bytes);

        List<Mutation> replayed = new ArrayList<>();
        String warnings = captureStderr(() -> {
            try (FileJournal journal = FileJournal.open(dir)) {
                journal.replay(replayed::add);
            }
        });

        assertThat(replayed).containsExactly(new Mutation.PutItem("t", item("one")));
        assertThat(warnings).contains("checksum mismatch").contains("offset " + secondRecord);
    }

    @Test
    void logsAfterADamagedOneAreSetAsideNotReplayed() throws Exception {
        appendAll(List.of(List.of(new Mutation.PutItem("t", item("one")))));
        Path firstLog = newestLog(dir);
        appendAll(List.of(List.of(new Mutation.PutItem("t", item("two")))));
        Path secondLog = newestLog(dir);
        assertThat(secondLog).isNotEqualTo(firstLog);
        try (FileChannel channel = FileChannel.open(firstLog, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}), channel.size());
        }

        List<Mutation> replayed = new ArrayList<>();
        String warnings = captureStderr(() -> {
            try (FileJournal journal = FileJournal.open(dir)) {
                journal.replay(replayed::add);
            }
        });

        assertThat(replayed).containsExactly(new Mutation.PutItem("t", item("one")));
        assertThat(warnings).contains("was not replayed");
        assertThat(fileNames(dir)).contains(secondLog.getFileName() + ".dropped");
    }

    @Test
    void concurrentAppendsFromManyThreadsAllCompleteAndReplayInCommitOrder() throws Exception {
        int threads = 32;
        int perThread = 300;
        ReentrantLock commitLock = new ReentrantLock();
        List<Integer> committed = Collections.synchronizedList(new ArrayList<>());
        int[] counter = {0};
        try (FileJournal journal = FileJournal.open(dir)) {
            journal.replay(m -> {
            });
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        CompletableFuture<Void> durable;
                        commitLock.lock();
                        try {
                            int seq = counter[0]++;
                            committed.add(seq);
                            durable = journal.append(List.of(new Mutation.PutItem("t", item("k" + seq, "seq", seq))));
                        } finally {
                            commitLock.unlock();
                        }
                        durable.get(30, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }

        List<Mutation> replayed = reopenAndReplay();
        assertThat(replayed).hasSize(threads * perThread);
        for (int i = 0; i < replayed.size(); i++) {
            assertThat(((Mutation.PutItem) replayed.get(i)).item().get("seq")).isEqualTo(AttributeValue.n(i));
        }
    }

    @Test
    void closeMakesEveryPendingAppendDurableAndCompletesItsFuture() {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        FileJournal journal = FileJournal.open(dir);
        journal.replay(m -> {
        });
        for (int i = 0; i < 1000; i++) {
            futures.add(journal.append(List.of(new Mutation.PutItem("t", item("k" + i)))));
        }
        journal.close();

        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(reopenAndReplay()).hasSize(1000);
        FileJournal closed = journal;
        assertThat(closed.append(List.of(new Mutation.DropTable("t")))).isCompletedExceptionally();
    }

    @Test
    void aSecondJournalOnTheSameDirectoryFailsClearly() {
        try (FileJournal first = FileJournal.open(dir)) {
            first.replay(m -> {
            });
            assertThatThrownBy(() -> FileJournal.open(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("data directory " + dir.toAbsolutePath() + " is in use by another dynamo-engine");
        }
        try (FileJournal again = FileJournal.open(dir)) {
            again.replay(m -> {
            });
        }
    }

    @Test
    void aLogCutShortInsideItsHeaderIsIgnored() throws Exception {
        appendAll(List.of(List.of(new Mutation.PutItem("t", item("one")))));
        Files.write(dir.resolve("log-0000000000000099.wal"), new byte[5]);

        assertThat(reopenAndReplay()).containsExactly(new Mutation.PutItem("t", item("one")));
    }

    @Test
    void restartsWithoutWritesDoNotPileUpLogFiles() throws Exception {
        appendAll(List.of(List.of(new Mutation.PutItem("t", item("one")))));
        for (int i = 0; i < 5; i++) {
            reopenAndReplay();
        }
        assertThat(fileNames(dir).stream().filter(n -> n.endsWith(".wal")).count()).isLessThanOrEqualTo(2);
        assertThat(reopenAndReplay()).containsExactly(new Mutation.PutItem("t", item("one")));
    }
}
