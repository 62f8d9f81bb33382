package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes items whose TTL attribute (a Number of epoch seconds) is in the past, on tables with TTL
 * enabled, every {@code interval}. As on the service: non-numbers are ignored, items expired more than
 * five years ago are left alone, reads may still see expired items until a sweep, and deletions are
 * marked as done by the service (streams show them with a service userIdentity).
 */
public final class TtlSweeper implements AutoCloseable {

    private static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 3600;

    private final Database database;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    public TtlSweeper(Database database, Clock clock, Duration interval) {
        this.database = database;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dynamo-engine-ttl");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One pass over every TTL-enabled table; returns how many items it deleted. */
    public int sweep() {
        long now = clock.millis() / 1000;
        int deleted = 0;
        for (TableData table : database.tables()) {
            TableDefinition definition = table.definition();
            String attribute = definition.ttlAttribute();
            if (attribute == null || !"ENABLED".equals(definition.ttlStatus())) {
                continue;
            }
            List<PrimaryKey> expired = new ArrayList<>();
            for (var partition : table.partitions().values()) {
                for (ItemStore.StoredItem stored : partition.values()) {
                    Map<String, AttributeValue> item = stored.item();
                    if (item != null && isExpired(item.get(attribute), now)) {
                        expired.add(table.keyOf(item));
                    }
                }
            }
            for (PrimaryKey key : expired) {
                try {
                    Database.WriteResult result = database.write(table, key,
                            current -> current != null && isExpired(current.get(attribute), now) ? null : current,
                            true);
                    if (result.before() != null && result.after() == null) {
                        deleted++;
                    }
                } catch (RuntimeException e) {
                    // An item inside an in-flight transaction is retried on the next sweep.
                }
            }
        }
        return deleted;
    }

    static boolean isExpired(AttributeValue value, long nowSeconds) {
        if (!(value instanceof AttributeValue.N n)) {
            return false;
        }
        BigDecimal expiry = n.value();
        return expiry.compareTo(BigDecimal.valueOf(nowSeconds)) < 0
                && expiry.compareTo(BigDecimal.valueOf(nowSeconds - FIVE_YEARS_SECONDS)) >= 0;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            System.err.println("{\"event\":\"ttl-sweep-failed\",\"error\":\"" + e + "\"}");
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
