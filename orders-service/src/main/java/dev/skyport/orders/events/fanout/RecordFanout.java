package dev.skyport.orders.events.fanout;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The replicas' fan-out of stream records over one Redis pub/sub channel: the replica that reads a shard
 * publishes each record ({@link #accept}), and every replica, itself included, hands what comes in to its own
 * broadcaster ({@link #onMessage}), one record at a time in the order received (so per order in order).
 *
 * <p>Messages are sealed ({@link ChannelSeal}): what Redis holds or passes on tells nothing of the orders, and
 * a message not sealed by a replica is dropped. At most once: a record published while a replica is
 * disconnected does not reach it, and while Redis is down the reading replica delivers to its own sockets only
 * (counted as publish failures).
 */
public final class RecordFanout implements Consumer<Record>, MessageListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RecordFanout.class);

    private final StringRedisTemplate redis;
    private final String channel;
    private final RecordCodec codec;
    private final ChannelSeal seal;
    private final CircuitBreaker breaker;
    private final int maxMessageBytes;
    private final Consumer<Record> local;
    private final ThreadPoolExecutor dispatch;
    private final Counter published;
    private final Counter publishFailures;
    private final Counter received;
    private final MeterRegistry meters;
    private volatile boolean failing;

    public RecordFanout(StringRedisTemplate redis, String channel, RecordCodec codec, ChannelSeal seal,
                        int maxRecordBytes, CircuitBreaker breaker, Consumer<Record> local, int backlog,
                        MeterRegistry meters) {
        this.redis = redis;
        this.channel = channel;
        this.codec = codec;
        this.seal = seal;
        this.breaker = breaker;
        // Sealed: base64 of nonce, record and tag.
        this.maxMessageBytes = (maxRecordBytes + 28) / 3 * 4 + 4;
        this.local = local;
        this.meters = meters;
        // One thread keeps the channel's order; a bounded backlog keeps a stalled broadcaster from eating the heap.
        this.dispatch = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(backlog),
                Thread.ofVirtual().name("orders-stream-fanout").factory());
        this.published = Counter.builder("orders.stream.records.published")
                .description("Stream records this replica read and published to the replicas").register(meters);
        this.publishFailures = Counter.builder("orders.stream.publish.failures")
                .description("Stream records that could not be published (delivered to this replica's sockets only)")
                .register(meters);
        this.received = Counter.builder("orders.stream.records.received")
                .description("Stream records received from the replicas' channel").register(meters);
    }

    public String channel() {
        return channel;
    }

    /** Publishes a record this replica read; if Redis fails, at least this replica's sockets get it. */
    @Override
    public void accept(Record record) {
        String message = seal.seal(codec.encode(record));
        try {
            breaker.executeRunnable(() -> redis.convertAndSend(channel, message));
            published.increment();
            if (failing) {
                failing = false;
                log.info("orders stream: publishing to redis again");
            }
        } catch (RuntimeException e) {
            publishFailures.increment();
            if (!failing) {
                failing = true;
                log.warn("orders stream: cannot publish to redis ({}); this replica's sockets only, until it is back",
                        e.toString());
            }
            local.accept(record);
        }
    }

    /** A record from the channel (Lettuce's thread): decoded and handed on by the dispatch thread. */
    @Override
    public void onMessage(Message message, byte[] pattern) {
        byte[] body = message.getBody();
        if (body.length > maxMessageBytes) {
            rejected("oversized");
            return;
        }
        try {
            dispatch.execute(() -> deliver(body));
        } catch (RejectedExecutionException e) {
            rejected("backlog");
        }
    }

    private void deliver(byte[] body) {
        Record record;
        try {
            record = codec.decode(seal.open(body));
        } catch (IllegalArgumentException e) {
            rejected("malformed");
            log.warn("orders stream: dropped a malformed message from {}: {}", channel, e.getMessage());
            return;
        }
        received.increment();
        try {
            local.accept(record);
        } catch (RuntimeException e) {
            log.warn("orders stream: record {} not delivered: {}", record.dynamodb() == null ? null
                    : record.dynamodb().sequenceNumber(), e.toString());
        }
    }

    private void rejected(String reason) {
        meters.counter("orders.stream.records.rejected", "reason", reason).increment();
    }

    @Override
    public void destroy() throws InterruptedException {
        dispatch.shutdown();
        dispatch.awaitTermination(2, TimeUnit.SECONDS);
    }
}
