package dev.skyport.gateway.decisions;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import reactor.core.publisher.Mono;

/** Records in this replica's memory: at most {@code maxRecords}, each kept {@code ttl} after it was written. */
public class InMemoryDecisionRecords implements DecisionRecords {

    private final Cache<String, String> records;

    public InMemoryDecisionRecords(Duration ttl, long maxRecords) {
        this(ttl, maxRecords, Ticker.systemTicker());
    }

    InMemoryDecisionRecords(Duration ttl, long maxRecords, Ticker ticker) {
        this.records = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxRecords).ticker(ticker)
                // Eviction bookkeeping on the calling thread: a few map operations, no hand-off to another pool.
                .executor(Runnable::run).build();
    }

    @Override
    public Mono<Void> save(String requestId, String record) {
        return Mono.fromRunnable(() -> records.put(requestId, record));
    }

    @Override
    public Mono<String> find(String requestId) {
        return Mono.fromSupplier(() -> records.getIfPresent(requestId));
    }

    long size() {
        records.cleanUp();
        return records.estimatedSize();
    }
}
