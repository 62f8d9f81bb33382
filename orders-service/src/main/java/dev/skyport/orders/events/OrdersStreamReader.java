package dev.skyport.orders.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * shard, a parent shard drained before its children (so per order in order). Every replica runs one and
 * reads the whole stream: there is no lease table, each replica only pushes to its own sockets.
 *
 * <p>It starts at LATEST on the shards open at start-up (a socket only gets changes made while it is
 * open), then follows children from TRIM_HORIZON. A failed call is retried after a pause; a record the
 * consumer has seen may be handed again after such a retry (at least once, de-duplicated by clients on
 * the sequence number).
 */
public final class OrdersStreamReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrdersStreamReader.class);
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);

    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final String tableName;
    private final Consumer<Record> consumer;
    private final Duration pollInterval;
    private final Duration discoveryInterval;

    private volatile boolean running;
    private volatile boolean following;
    private volatile Thread thread;

    // Touched only by the reader's thread.
    private String streamArn;
    private final Map<String, ShardCursor> open = new LinkedHashMap<>();
    private final Set<String> known = new HashSet<>();
    private long nextDiscovery;

    public OrdersStreamReader(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String tableName,
                              Consumer<Record> consumer, Duration pollInterval, Duration discoveryInterval) {
        this.dynamo = dynamo;
        this.streams = streams;
        this.tableName = tableName;
        this.consumer = consumer;
        this.pollInterval = pollInterval;
        this.discoveryInterval = discoveryInterval;
    }

    /** Whether the reader holds iterators on the open shards, so a write made now will be seen. */
    public boolean following() {
        return following;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("orders-stream-reader").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        following = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
                    begin(latestStreamArn(), ShardIteratorType.LATEST);
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
                    following = false;
                }
                if (!pause(FAILURE_PAUSE)) {
                    return;
                }
            }
        }
    }

    /** Takes the stream's open shards from {@code type} on; closed shards there before are history. */
    private void begin(String arn, ShardIteratorType type) {
        Map<String, ShardCursor> cursors = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Shard shard : shards(arn)) {
            seen.add(shard.shardId());
            if (shard.sequenceNumberRange().endingSequenceNumber() == null) {
                cursors.put(shard.shardId(), new ShardCursor(shard.shardId(), iterator(arn, shard.shardId(), type, null)));
            }
        }
        open.clear();
        open.putAll(cursors);
        known.clear();
        known.addAll(seen);
        streamArn = arn;
        nextDiscovery = System.nanoTime() + discoveryInterval.toNanos();
        following = true;
        log.info("orders stream: following {} open shard(s) of {} from {}", open.size(), arn, type);
    }

    /** One round over the open shards; whether any record came. */
    private boolean poll() {
        boolean gotRecords = false;
        boolean shardEnded = false;
        for (ShardCursor cursor : List.copyOf(open.values())) {
            GetRecordsResponse response = read(cursor);
            for (Record record : response.records()) {
                consumer.accept(record);
                cursor.lastSequence = record.dynamodb().sequenceNumber();
            }
            gotRecords |= !response.records().isEmpty();
            if (response.nextShardIterator() == null) {
                open.remove(cursor.shardId);
                shardEnded = true;
            } else {
                cursor.iterator = response.nextShardIterator();
            }
        }
        if (shardEnded || System.nanoTime() - nextDiscovery >= 0) {
            discover();
        }
        return gotRecords || shardEnded;
    }

    private void discover() {
        nextDiscovery = System.nanoTime() + discoveryInterval.toNanos();
        List<Shard> listed = shards(streamArn);
        Set<String> listedIds = new HashSet<>();
        listed.forEach(shard -> listedIds.add(shard.shardId()));
        for (Shard shard : listed) {
            String parent = shard.parentShardId();
            // A child starts once its parent is drained (or was never ours to drain): order per order. The listing
            // need not put parents first, so a parent listed but not taken up yet also holds its child back.
            boolean parentPending = parent != null
                    && (open.containsKey(parent) || (listedIds.contains(parent) && !known.contains(parent)));
            if (!known.contains(shard.shardId()) && !parentPending) {
                open.put(shard.shardId(), new ShardCursor(shard.shardId(),
                        iterator(streamArn, shard.shardId(), ShardIteratorType.TRIM_HORIZON, null)));
                known.add(shard.shardId());
            }
        }
        if (open.isEmpty()) {
            String latest = latestStreamArn();
            if (!latest.equals(streamArn)) {
                // The stream was replaced (disabled and enabled again): read the new one from its start.
                log.info("orders stream: {} replaced by {}", streamArn, latest);
                begin(latest, ShardIteratorType.TRIM_HORIZON);
            }
        }
    }

    private GetRecordsResponse read(ShardCursor cursor) {
        try {
            return streams.getRecords(r -> r.shardIterator(cursor.iterator).limit(1000));
        } catch (ExpiredIteratorException e) {
            // Only after a long stall (iterators live 15 minutes): resume after the last record handed on.
            cursor.iterator = cursor.lastSequence == null
                    ? iterator(streamArn, cursor.shardId, ShardIteratorType.LATEST, null)
                    : iterator(streamArn, cursor.shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, cursor.lastSequence);
            return streams.getRecords(r -> r.shardIterator(cursor.iterator).limit(1000));
        } catch (TrimmedDataAccessException e) {
            cursor.iterator = iterator(streamArn, cursor.shardId, ShardIteratorType.TRIM_HORIZON, null);
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

    private List<Shard> shards(String streamArn) {
        List<Shard> shards = new ArrayList<>();
        String after = null;
        do {
            String start = after;
            DescribeStreamResponse response = streams.describeStream(
                    DescribeStreamRequest.builder().streamArn(streamArn).exclusiveStartShardId(start).build());
            shards.addAll(response.streamDescription().shards());
            after = response.streamDescription().lastEvaluatedShardId();
        } while (after != null);
        return shards;
    }

    private String iterator(String streamArn, String shardId, ShardIteratorType type, String sequence) {
        return streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shardId).shardIteratorType(type)
                .sequenceNumber(sequence)).shardIterator();
    }

    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final class ShardCursor {
        final String shardId;
        String iterator;
        String lastSequence;

        ShardCursor(String shardId, String iterator) {
            this.shardId = shardId;
            this.iterator = iterator;
        }
    }
}
