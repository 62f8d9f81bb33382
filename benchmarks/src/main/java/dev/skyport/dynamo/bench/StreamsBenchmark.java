package dev.skyport.dynamo.bench;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.EngineClients;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Benchmark of DynamoDB Streams in the engine, through the real AWS SDK as a consumer would use it:
 * (1) how long after a PutItem is acknowledged its record can be read by a consumer polling
 * GetRecords, at a steady write rate; (2) GetRecords throughput draining a backlog from TRIM_HORIZON.
 * Prints figures, asserts nothing. Run: {@code BENCH_CLASS=StreamsBenchmark benchmarks/engine/bench.sh}.
 */
public final class StreamsBenchmark {

    private StreamsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = intArg(args, "--rate", 500);
        int seconds = intArg(args, "--duration", 10);
        int backlog = intArg(args, "--backlog", 100_000);
        try (DynamoEngine engine = DynamoEngine.builder().start();
             DynamoDbClient dynamo = EngineClients.dynamo(engine.endpoint());
             DynamoDbStreamsClient streams = EngineClients.streams(engine.endpoint())) {
            System.out.printf(Locale.ROOT, "dynamo-engine streams benchmark: %d cores, %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            delay(dynamo, streams, "warmup", rate, 3);
            delay(dynamo, streams, "delay", rate, seconds);
            throughput(dynamo, streams, backlog);
        }
    }

    /** Writes at a steady rate while one consumer polls; the delay is acknowledgement to record read. */
    private static void delay(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table, int rate,
                              int seconds) throws InterruptedException {
        String arn = createTable(dynamo, table);
        Shard shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().getFirst();
        String[] iterator = {streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator()};
        int total = rate * seconds;
        long[] acknowledged = new long[total];
        Histogram delays = new Histogram(60_000_000_000L, 3);
        AtomicBoolean done = new AtomicBoolean();
        Thread consumer = Thread.ofPlatform().start(() -> {
            int seen = 0;
            while (seen < total && !done.get()) {
                GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(iterator[0]).limit(1000));
                long now = System.nanoTime();
                for (Record record : page.records()) {
                    int i = Integer.parseInt(record.dynamodb().newImage().get("seq").n());
                    long ack;
                    while ((ack = acknowledged[i]) == 0) {
                        Thread.onSpinWait();
                    }
                    delays.recordValue(Math.max(0, now - ack));
                    seen++;
                }
                iterator[0] = page.nextShardIterator();
            }
        });
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int seq = i;
            dynamo.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS("k" + (seq % 1000)),
                    "seq", AttributeValue.fromN(Integer.toString(seq)), "payload", AttributeValue.fromS("x".repeat(200)))));
            acknowledged[i] = System.nanoTime();
        }
        consumer.join(Duration.ofSeconds(30));
        done.set(true);
        System.out.printf(Locale.ROOT, "%swrite-to-record delay at %d writes/s for %d s (%d records, one consumer "
                        + "polling without pause): p50 %.2f ms, p99 %.2f ms, max %.2f ms (goal: p99 under 50 ms)%n",
                table.equals("warmup") ? "(warm-up) " : "", rate, seconds, delays.getTotalCount(), delays.getValueAtPercentile(50) / 1e6,
                delays.getValueAtPercentile(99) / 1e6, delays.getMaxValue() / 1e6);
    }

    /** Fills a stream with a backlog, then drains it from TRIM_HORIZON with Limit 1000. */
    private static void throughput(DynamoDbClient dynamo, DynamoDbStreamsClient streams, int backlog) {
        String arn = createTable(dynamo, "backlog");
        String payload = "y".repeat(200);
        for (int i = 0; i < backlog; i++) {
            int seq = i;
            dynamo.putItem(b -> b.tableName("backlog").item(Map.of("id", AttributeValue.fromS("k" + seq),
                    "payload", AttributeValue.fromS(payload))));
        }
        for (int round = 0; round < 3; round++) {
            long started = System.nanoTime();
            long records = 0;
            int calls = 0;
            List<Shard> shards = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards();
            for (Shard shard : shards) {
                String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String it = iterator;
                    GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(it).limit(1000));
                    calls++;
                    records += page.records().size();
                    if (page.records().isEmpty()) {
                        break;
                    }
                    iterator = page.nextShardIterator();
                }
            }
            double secondsTaken = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "GetRecords drain %s: %d records (~300 B images, NEW_AND_OLD_IMAGES) in "
                            + "%d calls, %.2f s: %,.0f records/s, %.1f ms per call of 1000%n",
                    round == 0 ? "(cold)" : "(warm)", records, calls, secondsTaken, records / secondsTaken,
                    secondsTaken * 1000 / calls);
        }
    }

    private static String createTable(DynamoDbClient dynamo, String name) {
        return dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription().latestStreamArn();
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
