package dev.skyport.orders.order;

import dev.skyport.starter.data.Condition;
import dev.skyport.starter.data.ConcurrentModificationException;
import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.data.QuerySpec;
import dev.skyport.starter.data.TransactionFailedException;
import dev.skyport.starter.data.Transactions;
import dev.skyport.starter.data.Ttl;
import dev.skyport.starter.problem.ServiceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * Each customer's numbered log of order changes in {@code order-events}. Every change to an order is one
 * TransactWriteItems holding the order write, the event {@code n+1} and the head moved from {@code n} to
 * {@code n+1} (conditioned on still being {@code n}). So event {@code n+1} can only commit after event
 * {@code n} did: whoever sees event {@code k} of a customer knows that every event up to {@code k} exists.
 * The order item carries the same {@code eventNumber}, so its stream record tells readers the number.
 */
public class OrderEventLog {

    /** Attempts when other changes of the same customer move the head meanwhile. */
    static final int ATTEMPTS = 10;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final long MAX_PAUSE_MILLIS = 250;
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    private static final int STRIPES = 256;

    private final EntityTable<OrderEventItem> events;
    private final TableSchema<OrderItem> orderSchema;
    private final Transactions transactions;
    private final Clock clock;
    private final Duration retention;
    /** Per-customer locks, striped: bounded memory; two customers sharing a stripe merely take turns. */
    private final ReentrantLock[] stripes = IntStream.range(0, STRIPES).mapToObj(i -> new ReentrantLock(true))
            .toArray(ReentrantLock[]::new);

    public OrderEventLog(EntityTable<OrderEventItem> events, TableSchema<OrderItem> orderSchema,
                         Transactions transactions, Clock clock, Duration retention) {
        this.events = events;
        this.orderSchema = orderSchema;
        this.transactions = transactions;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Commits {@code orderWrites} (which write {@code order}: its create or update with its own conditions,
     * and anything else that must go with it) together with the customer's next event, in one transaction.
     * A head that moved meanwhile (another change of the same customer won) is read again and the whole
     * transaction retried; a failure of the caller's own conditions is the caller's
     * {@link TransactionFailedException}.
     *
     * @param oldStatus the status before the change; null for a new order
     * @return the order as written (its new version and event number)
     */
    public OrderItem commit(OrderItem order, OrderStatus oldStatus, Consumer<Transactions.Writer> orderWrites) {
        String customerId = order.getCustomerId();
        // Changes of one customer on this replica queue here instead of racing each other for the head in
        // DynamoDB; only changes made through other replicas at the same instant still race (and retry).
        ReentrantLock lock = stripes[Math.floorMod(customerId.hashCode(), stripes.length)];
        try {
            if (!lock.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to change an order", e);
        }
        try {
            return commitLocked(customerId, order, oldStatus, orderWrites);
        } finally {
            lock.unlock();
        }
    }

    private OrderItem commitLocked(String customerId, OrderItem order, OrderStatus oldStatus,
                                   Consumer<Transactions.Writer> orderWrites) {
        for (int attempt = 1; ; attempt++) {
            long last = lastEventNumber(customerId);
            long next = last + 1;
            order.setEventNumber(next);
            OrderItem written = asWritten(order);
            OrderEventItem event = event(written, oldStatus);
            try {
                transactions.write(tx -> {
                    orderWrites.accept(tx);
                    tx.create(events, event).put(events, OrderEventItem.head(customerId, next), headAt(last));
                });
                return written;
            } catch (TransactionFailedException e) {
                boolean onlyTheLogMoved = e.failures().stream().allMatch(f -> f.table().equals(OrderEventItem.TABLE));
                if (!onlyTheLogMoved) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    throw busy(e);
                }
            } catch (ConcurrentModificationException e) {
                if (attempt == ATTEMPTS) {
                    throw busy(e);
                }
            }
            pause(attempt);
        }
    }

    /** The number of the customer's latest event (0 when there is none), read consistently. */
    public long lastEventNumber(String customerId) {
        return events.getConsistent(events.key(customerId, OrderEventItem.HEAD))
                .map(OrderEventItem::getLastEventNumber).orElse(0L);
    }

    /**
     * Up to {@code limit} of the customer's events numbered {@code after + 1} to {@code upTo}, in order, read
     * consistently. Expired events may still be among them until TTL removes them (see {@link #expired}).
     */
    public List<OrderEventItem> read(String customerId, long after, long upTo, int limit) {
        return events.query(QuerySpec.partition(customerId).sortBetween(after + 1, upTo).limit(limit)
                .consistentRead(true).build()).items();
    }

    /** Past its retention: counts as gone, whether or not TTL has removed it yet. */
    public boolean expired(OrderEventItem event) {
        return Ttl.isExpired(event.getExpiresAt(), clock);
    }

    /** The order as the transaction will store it: the version extension writes the read version + 1. */
    private OrderItem asWritten(OrderItem order) {
        OrderItem written = orderSchema.mapToItem(orderSchema.itemToMap(order, true));
        written.setVersion(order.getVersion() == null ? 1 : order.getVersion() + 1);
        return written;
    }

    private OrderEventItem event(OrderItem written, OrderStatus oldStatus) {
        OrderEventItem event = new OrderEventItem();
        event.setCustomerId(written.getCustomerId());
        event.setEventNumber(written.getEventNumber());
        event.setType(oldStatus == null ? OrderEventItem.CREATED : OrderEventItem.UPDATED);
        event.setOrder(written);
        event.setOldStatus(oldStatus == null ? null : oldStatus.name());
        event.setNewStatus(written.getStatus());
        event.setCreatedAt(clock.instant());
        event.setExpiresAt(Ttl.after(clock, retention));
        return event;
    }

    private static Condition headAt(long last) {
        return last == 0 ? Condition.attribute("lastEventNumber").notExists()
                : Condition.attribute("lastEventNumber").eq(last);
    }

    private static ServiceUnavailableException busy(RuntimeException cause) {
        return new ServiceUnavailableException("order-changes-contended", "Too many concurrent changes",
                "Too many changes to this customer's orders are being made at once; retry shortly.", RETRY_AFTER, cause);
    }

    private static void pause(int attempt) {
        try {
            // Exponential backoff with full jitter (10 ms doubling, at most 250 ms; 1.3 s over all attempts), so
            // that changes racing for the same head spread out instead of colliding again in step.
            long bound = Math.min(MAX_PAUSE_MILLIS, 10L << Math.min(attempt - 1, 10));
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying an order change", e);
        }
    }
}
