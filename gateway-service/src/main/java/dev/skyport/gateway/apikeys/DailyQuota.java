package dev.skyport.gateway.apikeys;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/** Counts requests per API key per UTC day: in Redis when shared, in memory otherwise. */
public interface DailyQuota {

    /** Adds one request and returns the count so far in this period. */
    Mono<Long> increment(String key, Duration ttl);

    static DailyQuota local() {
        Cache<String, AtomicLong> counters = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(26))
                .maximumSize(100_000).executor(Runnable::run).build();
        return (key, ttl) -> Mono.fromSupplier(() -> counters.get(key, k -> new AtomicLong()).incrementAndGet());
    }

    /**
     * A failing Redis must neither block keyed traffic nor lift the quota: the request is counted in this replica's
     * memory instead (each replica then allows the full quota on its own), and the miss counted.
     */
    static DailyQuota redis(ReactiveStringRedisTemplate redis, Duration timeout, MeterRegistry meters) {
        Counter failures = meters.counter("skyport.gateway.quota.store.failures");
        DailyQuota fallback = local();
        return (key, ttl) -> redis.opsForValue().increment("skyport:quota:{" + key + "}")
                .flatMap(count -> count == 1
                        ? redis.expire("skyport:quota:{" + key + "}", ttl).thenReturn(count)
                        : Mono.just(count))
                .timeout(timeout)
                .onErrorResume(error -> {
                    failures.increment();
                    return fallback.increment(key, ttl);
                });
    }
}
