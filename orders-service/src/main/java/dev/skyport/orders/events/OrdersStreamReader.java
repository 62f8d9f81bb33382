package dev.skyport.orders.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Follows the {@code orders} table's DynamoDB stream and hands every record to a consumer, in order per
 * shard, a parent shard drained before its children (so per order in order). Which shards it reads, and from
 * where, is its {@link ShardPlan}'s: all of them ({@link LocalShardPlan}), or the ones whose lease this
 * replica holds.
 *
 * <p>A failed call is retried after a pause; a record the consumer has seen may be handed again after such a
 * retry or a handover (at least once, de-duplicated by clients on the sequence number).
 */
public final class OrdersStreamReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrdersStreamReader.class);
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);

    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final String tableName;
    private final Consumer<Record> consumer;
    private final ShardPlan plan;
    private final Duration pollInterval;
    private final Duration roundInterval;

    private volatile boolean running;
    private volatile boolean following;
    private volatile Thread thread;
    // Pauses wait on it, so stop() ends a pause at once without interrupting a call in flight.
    private volatile CountDownLatch stopping = new CountDownLatch(0);

    // Touched only by the reader's thread.
    private String streamArn;
    private final Map<String, ShardCursor> open = new LinkedHashMap<>();
    private long nextRound;

    public OrdersStreamReader(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String tableName,
                              Consumer<Record> consumer, Duration pollInterval, Duration discoveryInterval) {
        this(dynamo, streams, tableName, consumer, new LocalShardPlan(), pollInterval, discoveryInterval);
    }

    public OrdersStreamReader(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String tableName,
                              Consumer<Record> consumer, ShardPlan plan, Duration pollInterval,
                              Duration discoveryInterval) {
        this.dynamo = dynamo;
        this.streams = streams;
        this.tableName = tableName;
        this.consumer = consumer;
        this.plan = plan;
        this.pollInterval = pollInterval;
        Duration planned = plan.roundInterval();
        this.roundInterval = planned != null && planned.compareTo(discoveryInterval) < 0 ? planned : discoveryInterval;
    }

    /** Whether a write made now will be seen: the open shards are read (by this replica or, with leases, another). */
    public boolean following() {
        return following;
    }

    @Override
    public void start() {
        running = true;
        stopping = new CountDownLatch(1);
        thread = Thread.ofVirtual().name("orders-stream-reader").start(this::run);
    }

    /** Lets the current round finish (its records handed on and checkpointed), then gives the shards up. */
    @Override
    public void stop() {
        running = false;
        following = false;
        stopping.countDown();
        Thread t = thread;
        if (t != null) {
            try {
                if (!t.join(Duration.ofSeconds(10))) {
                    t.interrupt();
                    t.join(Duration.ofSeconds(2));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            plan.release();
        } catch (RuntimeException e) {
            log.warn("orders stream: could not give up the shards on shutdown ({}); they pass on when their leases expire",
                    e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the table provisioner and the web server, before anything that stops sockets. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private void run() {
        while (running) {
            try {
                if (streamArn == null) {
                    streamArn = latestStreamArn();
                    round();
                }
                if (!poll() && !pause(pollInterval)) {
                    return;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // The cursors stay: the next round retries the same iterators, so nothing is skipped (a
                // record may come twice). Before the first success (no table or stream yet) it just waits.
                log.warn("orders stream: {}; retrying in {}", e.toString(), FAILURE_PAUSE);
                if (e instanceof ResourceNotFoundException) {
                    // The table, stream or a shard went away: start over on whatever stream is there now.
                    streamArn = null;
                    open.clear();
                    plan.reset();
                    following = false;
                }
                if (!pause(FAILURE_PAUSE)) {
                    return;
                }
            }
        }
    }

    /** Asks the plan which shards to read now: opens the new ones, drops those that are no longer ours. */
    private void round() {
        nextRound = System.nanoTime() + roundInterval.toNanos();
        Map<String, ShardPlan.Start> assigned = plan.assign(streamArn, shards(streamArn));
        open.keySet().retainAll(assigned.keySet());
        for (Map.Entry<String, ShardPlan.Start> shard : assigned.entrySet()) {
            if (open.containsKey(shard.getKey())) {
                continue;
            }
            ShardPlan.Start start = shard.getValue();
            String iterator;
            try {
                iterator = iterator(shard.getKey(), start);
            } catch (TrimmedDataAccessException e) {
                // A checkpoint older than the stream's retention (24 h): what is left of the shard.
                start = ShardPlan.Start.TRIM_HORIZON;
                iterator = iterator(shard.getKey(), start);
            }
            open.put(shard.getKey(), new ShardCursor(shard.getKey(), start, iterator));
            log.info("orders stream: reading shard {} from {}", shard.getKey(), start);
        }
        following = plan.covered();
    }

    /** One read of every shard held; whether any record came. */
    private boolean poll() {
        boolean gotRecords = false;
        boolean shardEnded = false;
        for (ShardCursor cursor : List.copyOf(open.values())) {
            if (!plan.holds(cursor.shardId)) {
                open.remove(cursor.shardId);
                continue;
            }
            GetRecordsResponse response = read(cursor);
            for (Record record : response.records()) {
                if (cursor.wanted(record)) {
                    consumer.accept(record);
                }
                cursor.lastSequence = record.dynamodb().sequenceNumber();
            }
            gotRecords |= !response.records().isEmpty();
            if (!response.records().isEmpty() && !plan.checkpoint(cursor.shardId, cursor.lastSequence)) {
                open.remove(cursor.shardId);
            } else if (response.nextShardIterator() == null) {
                plan.finished(cursor.shardId);
                open.remove(cursor.shardId);
                shardEnded = true;
            } else {
                cursor.iterator = response.nextShardIterator();
            }
        }
        if (shardEnded || System.nanoTime() - nextRound >= 0) {
            round();
            if (open.isEmpty()) {
                replaced();
            }
        }
        return gotRecords || shardEnded;
    }

    /** Nothing to read here: if the stream was replaced (disabled and enabled again), go on with the new one. */
    private void replaced() {
        String latest = latestStreamArn();
        if (!latest.equals(streamArn)) {
            log.info("orders stream: {} replaced by {}", streamArn, latest);
            streamArn = latest;
            round();
        }
    }

    private GetRecordsResponse read(ShardCursor cursor) {
        try {
            return streams.getRecords(r -> r.shardIterator(cursor.iterator).limit(1000));
        } catch (ExpiredIteratorException e) {
            // Only after a long stall (iterators live 15 minutes): resume after the last record handed on.
            cursor.iterator = iterator(cursor.shardId, cursor.lastSequence == null ? cursor.start
                    : ShardPlan.Start.after(cursor.lastSequence));
            return streams.getRecords(r -> r.shardIterator(cursor.iterator).limit(1000));
        } catch (TrimmedDataAccessException e) {
            cursor.iterator = iterator(cursor.shardId, ShardPlan.Start.TRIM_HORIZON);
            return streams.getRecords(r -> r.shardIterator(cursor.iterator).limit(1000));
        }
    }

    private String latestStreamArn() {
        String arn = dynamo.describeTable(r -> r.tableName(tableName)).table().latestStreamArn();
        if (arn == null) {
            throw ResourceNotFoundException.builder().message("table " + tableName + " has no stream").build();
        }
        return arn;
    }

    private List<Shard> shards(String arn) {
        List<Shard> shards = new ArrayList<>();
        String after = null;
        do {
            String start = after;
            DescribeStreamResponse response = streams.describeStream(
                    DescribeStreamRequest.builder().streamArn(arn).exclusiveStartShardId(start).build());
            shards.addAll(response.streamDescription().shards());
            after = response.streamDescription().lastEvaluatedShardId();
        } while (after != null);
        return shards;
    }

    private String iterator(String shardId, ShardPlan.Start start) {
        return streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shardId).shardIteratorType(start.type())
                .sequenceNumber(start.sequenceNumber())).shardIterator();
    }

    private boolean pause(Duration duration) {
        try {
            stopping.await(duration.toNanos(), TimeUnit.NANOSECONDS);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final class ShardCursor {
        final String shardId;
        final ShardPlan.Start start;
        String iterator;
        String lastSequence;

        ShardCursor(String shardId, ShardPlan.Start start, String iterator) {
            this.shardId = shardId;
            this.start = start;
            this.iterator = iterator;
        }

        /**
         * A record created before the shard's {@code notBefore} was history when the shard was first taken up.
         * Creation times are whole seconds, so the records of that second pass (at least once).
         */
        boolean wanted(Record record) {
            Instant created = record.dynamodb().approximateCreationDateTime();
            return start.notBefore() == null || created == null
                    || !created.isBefore(start.notBefore().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
    }
}
