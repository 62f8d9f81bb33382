package dev.skyport.dynamo.storage;

import static dev.skyport.dynamo.SdkValues.n;
import static dev.skyport.dynamo.SdkValues.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.EngineClients;
import java.io.BufferedReader;
import java.math.BigInteger;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The engine as its own process with a data directory, killed with SIGKILL in the middle of a write
 * load and restarted: every write it acknowledged is there afterwards, writes in flight are all there or
 * not at all (transactions included), and a second engine cannot take the same directory. With a
 * stream on the table, its records match the items exactly (one per change, a transaction's together)
 * and keep their sequence numbers and event ids across kills.
 */
class CrashRecoveryIT {

    private static final String TABLE = "crash";
    private static final int WRITERS = 8;

    @TempDir
    Path tmp;

    private final List<EngineProcess> started = new ArrayList<>();

    @AfterEach
    void stopEngines() {
        for (EngineProcess engine : started) {
            engine.process.destroyForcibly();
        }
    }

    @Test
    void acknowledgedWritesSurviveKillNineAndRestart() throws Exception {
        Path data = tmp.resolve("data");
        Ledger ledger = new Ledger();

        EngineProcess first = start(data);
        try (DynamoDbClient dynamo = EngineClients.dynamo(first.endpoint)) {
            dynamo.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
            loadThenKill(first, dynamo, ledger, "r1", 1000);
        }

        EngineProcess second = start(data);
        try (DynamoDbClient dynamo = EngineClients.dynamo(second.endpoint)) {
            ledger.verify(dynamo);
            assertSecondEngineIsRefused(data);
            // Killed again soon after start-up, while it may still be compacting the replayed log.
            loadThenKill(second, dynamo, ledger, "r2", 200);
        }

        EngineProcess third = start(data);
        try (DynamoDbClient dynamo = EngineClients.dynamo(third.endpoint)) {
            ledger.verify(dynamo);
        }
        third.process.destroy();
        assertThat(third.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        EngineProcess fourth = start(data);
        try (DynamoDbClient dynamo = EngineClients.dynamo(fourth.endpoint)) {
            ledger.verify(dynamo);
        }
    }

    @Test
    void streamRecordsOfAcknowledgedWritesSurviveKillNine() throws Exception {
        Path data = tmp.resolve("streams");
        Ledger ledger = new Ledger();
        String arn;
        List<Record> consumedBeforeKill;

        EngineProcess first = start(data);
        try (DynamoDbClient dynamo = EngineClients.dynamo(first.endpoint);
             DynamoDbStreamsClient streams = EngineClients.streams(first.endpoint)) {
            arn = dynamo.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .streamSpecification(st -> st.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                    .tableDescription().latestStreamArn();
            // A consumer keeps reading while the load runs; what it saw must all be there after the kill.
            AtomicBoolean stopReading = new AtomicBoolean();
            ExecutorService reader = Executors.newSingleThreadExecutor();
            Future<List<Record>> consumer = reader.submit(() -> consume(streams, arn, stopReading));
            reader.shutdown();
            loadThenKill(first, dynamo, ledger, "s1", 800);
            stopReading.set(true);
            consumedBeforeKill = consumer.get(60, TimeUnit.SECONDS);
        }
        assertThat(consumedBeforeKill).isNotEmpty();

        List<Record> afterFirst;
        EngineProcess second = start(data);
        try (DynamoDbClient dynamo = EngineClients.dynamo(second.endpoint);
             DynamoDbStreamsClient streams = EngineClients.streams(second.endpoint)) {
            ledger.verify(dynamo);
            afterFirst = verifyStream(dynamo, streams, arn, ledger);
            assertThat(afterFirst).startsWith(consumedBeforeKill.toArray(Record[]::new));
            // The consumer resumes after the last record it saw: exactly the rest, nothing twice.
            String checkpoint = consumedBeforeKill.getLast().dynamodb().sequenceNumber();
            assertThat(readShards(streams, arn, ShardIteratorType.AFTER_SEQUENCE_NUMBER, checkpoint))
                    .isEqualTo(afterFirst.subList(consumedBeforeKill.size(), afterFirst.size()));
            // Killed again soon after start-up, while it may still be compacting the replayed log.
            loadThenKill(second, dynamo, ledger, "s2", 200);
        }

        EngineProcess third = start(data);
        try (DynamoDbClient dynamo = EngineClients.dynamo(third.endpoint);
             DynamoDbStreamsClient streams = EngineClients.streams(third.endpoint)) {
            ledger.verify(dynamo);
            List<Record> afterSecond = verifyStream(dynamo, streams, arn, ledger);
            assertThat(afterSecond).startsWith(afterFirst.toArray(Record[]::new));
            assertThat(afterSecond.size()).isGreaterThan(afterFirst.size());
        }
    }

    /** Reads the stream as a consumer does, from TRIM_HORIZON, until told to stop or the engine is gone. */
    private static List<Record> consume(DynamoDbStreamsClient streams, String arn, AtomicBoolean stop) {
        List<Record> seen = new ArrayList<>();
        try {
            String shardId = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().getFirst()
                    .shardId();
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (!stop.get() && iterator != null) {
                String it = iterator;
                var page = streams.getRecords(b -> b.shardIterator(it).limit(50));
                seen.addAll(page.records());
                iterator = page.nextShardIterator();
                if (page.records().isEmpty()) {
                    Thread.sleep(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the engine was killed
        }
        return seen;
    }

    /** Every record of every shard (from {@code type}, at {@code sequenceNumber} in the shard holding it). */
    private static List<Record> readShards(DynamoDbStreamsClient streams, String arn, ShardIteratorType type,
                                           String sequenceNumber) {
        List<Record> records = new ArrayList<>();
        BigInteger seq = sequenceNumber == null ? null : new BigInteger(sequenceNumber);
        boolean started = seq == null;
        for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
            ShardIteratorType from = ShardIteratorType.TRIM_HORIZON;
            if (!started) {
                String end = shard.sequenceNumberRange().endingSequenceNumber();
                if (end != null && new BigInteger(end).compareTo(seq) < 0) {
                    continue;
                }
                started = true;
                from = type;
            }
            ShardIteratorType iteratorType = from;
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(iteratorType)
                    .sequenceNumber(iteratorType == ShardIteratorType.TRIM_HORIZON ? null : sequenceNumber))
                    .shardIterator();
            while (iterator != null) {
                String it = iterator;
                var page = streams.getRecords(b -> b.shardIterator(it).limit(1000));
                records.addAll(page.records());
                if (page.records().isEmpty()) {
                    break;
                }
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }

    /**
     * The stream against the table: numbered in order without repeats, one record per change of each
     * item (so replaying the new images gives exactly the table), a transaction's records together.
     */
    private static List<Record> verifyStream(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String arn,
                                             Ledger ledger) {
        List<Record> records = readShards(streams, arn, ShardIteratorType.TRIM_HORIZON, null);
        assertThat(records).extracting(r -> new BigInteger(r.dynamodb().sequenceNumber())).isSorted()
                .doesNotHaveDuplicates();
        assertThat(records).extracting(Record::eventID).doesNotHaveDuplicates();

        Map<String, Map<String, AttributeValue>> fromStream = new HashMap<>();
        Map<String, Integer> changes = new HashMap<>();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            String pk = r.dynamodb().keys().get("pk").s();
            changes.merge(pk, 1, Integer::sum);
            position.put(pk, i);
            switch (r.eventName()) {
                case INSERT -> {
                    assertThat(fromStream).as("INSERT of a present item %s", pk).doesNotContainKey(pk);
                    fromStream.put(pk, r.dynamodb().newImage());
                }
                case MODIFY -> {
                    assertThat(r.dynamodb().oldImage()).as("old image of %s", pk).isEqualTo(fromStream.get(pk));
                    fromStream.put(pk, r.dynamodb().newImage());
                }
                case REMOVE -> {
                    assertThat(r.dynamodb().oldImage()).as("old image of %s", pk).isEqualTo(fromStream.get(pk));
                    fromStream.remove(pk);
                }
                default -> throw new AssertionError("unexpected event " + r.eventName());
            }
        }
        Map<String, Map<String, AttributeValue>> table = new HashMap<>();
        dynamo.scanPaginator(b -> b.tableName(TABLE).consistentRead(true)).items()
                .forEach(item -> table.put(item.get("pk").s(), item));
        assertThat(fromStream).isEqualTo(table);

        for (Writer w : ledger.writers) {
            Map<String, AttributeValue> counter = table.get(w.prefix + "-counter");
            assertThat(changes.getOrDefault(w.prefix + "-counter", 0)).as("records of %s-counter", w.prefix)
                    .isEqualTo(counter == null ? 0 : Integer.parseInt(counter.get("c").n()));
            Map<String, AttributeValue> txCounter = table.get(w.prefix + "-txcount");
            int transactions = txCounter == null ? 0 : Integer.parseInt(txCounter.get("c").n());
            assertThat(changes.getOrDefault(w.prefix + "-txcount", 0)).isEqualTo(transactions);
            for (int t = 0; t < transactions; t++) {
                int a = position.get(w.prefix + "-tx" + t + "-a");
                assertThat(position.get(w.prefix + "-tx" + t + "-b")).as("transaction %d of %s", t, w.prefix)
                        .isEqualTo(a + 1);
                assertThat(records.get(a + 2).dynamodb().keys().get("pk").s()).isEqualTo(w.prefix + "-txcount");
            }
        }
        return records;
    }

    private void assertSecondEngineIsRefused(Path data) throws Exception {
        Process other = engineCommand(data).redirectErrorStream(true).start();
        String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).isNotZero();
        assertThat(output).contains("data directory " + data.toAbsolutePath() + " is in use by another dynamo-engine");
    }

    /** Runs writers until {@code acknowledged} writes were answered, then kills the engine under load. */
    private void loadThenKill(EngineProcess engine, DynamoDbClient dynamo, Ledger ledger, String round,
                              int acknowledged) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acks = new AtomicInteger();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String prefix = round + "-w" + w;
            Writer writer = ledger.writer(prefix);
            writers.add(CompletableFuture.runAsync(() -> writer.run(dynamo, stop, acks)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (acks.get() < acknowledged && System.nanoTime() < deadline) {
            if (writers.stream().anyMatch(CompletableFuture::isDone)) {
                writers.stream().filter(CompletableFuture::isDone).findFirst().get().join();
            }
            Thread.sleep(5);
        }
        assertThat(acks.get()).as("writes acknowledged before the kill").isGreaterThanOrEqualTo(acknowledged);
        engine.process.destroyForcibly();
        assertThat(engine.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ what was written

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    /** An item with every attribute type. */
    static Map<String, AttributeValue> richItem(String pk, int i) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(pk));
        item.put("i", n(Integer.toString(i)));
        item.put("price", n("-12.5"));
        item.put("text", s("héllo ✓ " + i));
        item.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, (byte) i, -1})));
        item.put("flag", AttributeValue.fromBool(i % 2 == 0));
        item.put("nothing", AttributeValue.fromNul(true));
        item.put("list", AttributeValue.fromL(List.of(s("a"), n("1"), AttributeValue.fromM(Map.of("x", n("2"))))));
        item.put("map", AttributeValue.fromM(Map.of("nested", AttributeValue.fromL(List.of(AttributeValue.fromBool(true))))));
        item.put("ss", AttributeValue.fromSs(List.of("b", "a")));
        item.put("ns", AttributeValue.fromNs(List.of("3", "1.5")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {7}))));
        return item;
    }

    /** Everything acknowledged (and what was in flight at the kill), per writer. */
    static final class Ledger {
        final List<Writer> writers = new ArrayList<>();

        synchronized Writer writer(String prefix) {
            Writer writer = new Writer(prefix);
            writers.add(writer);
            return writer;
        }

        void verify(DynamoDbClient dynamo) throws Exception {
            Set<String> keys = new LinkedHashSet<>();
            for (Writer w : writers) {
                keys.addAll(w.present.keySet());
                keys.addAll(w.deleted);
                keys.add(w.prefix + "-counter");
                keys.add(w.prefix + "-txcount");
                for (int t = 0; t <= w.txAcks; t++) {
                    keys.add(w.prefix + "-tx" + t + "-a");
                    keys.add(w.prefix + "-tx" + t + "-b");
                }
            }
            Map<String, Map<String, AttributeValue>> stored = fetch(dynamo, keys);
            for (Writer w : writers) {
                for (Map.Entry<String, Map<String, AttributeValue>> e : w.present.entrySet()) {
                    assertThat(stored.get(e.getKey())).as("acknowledged put %s", e.getKey()).isEqualTo(e.getValue());
                }
                for (String deleted : w.deleted) {
                    assertThat(stored.get(deleted)).as("acknowledged delete %s", deleted).isNull();
                }
                Map<String, AttributeValue> counter = stored.get(w.prefix + "-counter");
                long count = counter == null ? 0 : Long.parseLong(counter.get("c").n());
                assertThat(count).as("counter of %s", w.prefix)
                        .isBetween((long) w.counterAcks, (long) w.counterAcks + (w.counterInFlight ? 1 : 0));
                for (int t = 0; t < w.txAcks; t++) {
                    assertThat(stored.get(w.prefix + "-tx" + t + "-a")).as("transaction item a").isNotNull();
                    assertThat(stored.get(w.prefix + "-tx" + t + "-b")).as("transaction item b").isNotNull();
                }
                // The transaction in flight at the kill: all of it or none of it.
                String a = w.prefix + "-tx" + w.txAcks + "-a";
                boolean aThere = stored.get(a) != null;
                boolean bThere = stored.get(w.prefix + "-tx" + w.txAcks + "-b") != null;
                assertThat(aThere).as("half a transaction (%s)", a).isEqualTo(bThere);
                Map<String, AttributeValue> txCounter = stored.get(w.prefix + "-txcount");
                long txCount = txCounter == null ? 0 : Long.parseLong(txCounter.get("c").n());
                assertThat(txCount).as("transaction counter of %s", w.prefix).isEqualTo(w.txAcks + (aThere ? 1 : 0));
            }
            assertThat(writers.stream().mapToInt(w -> w.present.size() + w.txAcks).sum()).isPositive();
        }

        /** Reads the items (consistently), several at a time; absent ones are left out. */
        private static Map<String, Map<String, AttributeValue>> fetch(DynamoDbClient dynamo, Set<String> keys)
                throws Exception {
            Map<String, Map<String, AttributeValue>> stored = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> reads = new ArrayList<>();
                for (String pk : keys) {
                    reads.add(pool.submit(() -> {
                        var response = dynamo.getItem(b -> b.tableName(TABLE).key(key(pk)).consistentRead(true));
                        if (response.hasItem() && !response.item().isEmpty()) {
                            stored.put(pk, response.item());
                        }
                    }));
                }
                for (Future<?> read : reads) {
                    read.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            return stored;
        }
    }

    /** One client thread's writes: puts, deletes of its earlier puts, counter updates and transactions. */
    static final class Writer {
        final String prefix;
        final Map<String, Map<String, AttributeValue>> present = new HashMap<>();
        final Set<String> deleted = new LinkedHashSet<>();
        int counterAcks;
        boolean counterInFlight;
        int txAcks;

        Writer(String prefix) {
            this.prefix = prefix;
        }

        void run(DynamoDbClient dynamo, AtomicBoolean stop, AtomicInteger acks) {
            List<String> puts = new ArrayList<>();
            for (int i = 0; !stop.get(); i++) {
                int op = i % 5;
                try {
                    switch (op) {
                        case 0, 1 -> {
                            String pk = prefix + "-p" + i;
                            Map<String, AttributeValue> item = richItem(pk, i);
                            dynamo.putItem(b -> b.tableName(TABLE).item(item));
                            present.put(pk, item);
                            puts.add(pk);
                        }
                        case 2 -> {
                            counterInFlight = true;
                            dynamo.updateItem(b -> b.tableName(TABLE).key(key(prefix + "-counter"))
                                    .updateExpression("ADD c :one").expressionAttributeValues(Map.of(":one", n("1"))));
                            counterInFlight = false;
                            counterAcks++;
                        }
                        case 3 -> {
                            String a = prefix + "-tx" + txAcks + "-a";
                            String b = prefix + "-tx" + txAcks + "-b";
                            dynamo.transactWriteItems(r -> r.transactItems(
                                    TransactWriteItem.builder().put(Put.builder().tableName(TABLE)
                                            .item(Map.of("pk", s(a), "side", s("a"))).build()).build(),
                                    TransactWriteItem.builder().put(Put.builder().tableName(TABLE)
                                            .item(Map.of("pk", s(b), "side", s("b"))).build()).build(),
                                    TransactWriteItem.builder().update(Update.builder().tableName(TABLE)
                                            .key(key(prefix + "-txcount")).updateExpression("ADD c :one")
                                            .expressionAttributeValues(Map.of(":one", n("1"))).build()).build()));
                            txAcks++;
                        }
                        default -> {
                            if (puts.size() > 3) {
                                String victim = puts.remove(puts.size() / 2);
                                present.remove(victim);
                                // until acknowledged, either outcome is fine
                                dynamo.deleteItem(b -> b.tableName(TABLE).key(key(victim)));
                                deleted.add(victim);
                            }
                        }
                    }
                    acks.incrementAndGet();
                } catch (RuntimeException e) {
                    if (!stop.get() && !isConnectionFailure(e)) {
                        throw e;
                    }
                    return; // the engine was killed: this write's outcome is unknown
                }
            }
        }

        private static boolean isConnectionFailure(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IOException) {
                    return true;
                }
            }
            return e instanceof software.amazon.awssdk.core.exception.SdkClientException;
        }
    }

    // ------------------------------------------------------------------ the engine process

    private static ProcessBuilder engineCommand(Path data) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.skyport.dynamo.DynamoEngineMain", "--host", "127.0.0.1", "--port", "0",
                "--data-dir", data.toString());
    }

    private EngineProcess start(Path data) throws Exception {
        Path stderr = Files.createTempFile(tmp, "engine-", ".err");
        Process process = engineCommand(data).redirectError(stderr.toFile()).start();
        EngineProcess engine = new EngineProcess(process, stderr);
        started.add(engine);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> startedLine = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains("\"event\":\"started\"")) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String line = startedLine.get(60, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("the engine did not start: " + Files.readString(stderr));
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe from filling
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        Matcher m = Pattern.compile("\"endpoint\":\"([^\"]+)\"").matcher(line);
        assertThat(m.find()).as("endpoint in %s", line).isTrue();
        engine.endpoint = URI.create(m.group(1));
        return engine;
    }

    static final class EngineProcess {
        final Process process;
        final Path stderr;
        URI endpoint;

        EngineProcess(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
        }
    }
}
