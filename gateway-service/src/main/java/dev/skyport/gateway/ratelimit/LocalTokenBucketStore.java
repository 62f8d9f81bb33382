package dev.skyport.gateway.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import reactor.core.publisher.Mono;

/** In-process buckets (Bucket4j), for a single gateway without Redis. Idle buckets are evicted. */
public class LocalTokenBucketStore implements TokenBucketStore {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(30)).maximumSize(200_000).executor(Runnable::run).build();

    @Override
    public Mono<BucketDecision> take(String bucketKey, RatePolicy policy, long tokens) {
        Bucket bucket = buckets.get(bucketKey + "|" + policy.rate() + "|" + policy.burst(), k -> newBucket(policy));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        if (probe.isConsumed()) {
            return Mono.just(BucketDecision.of(true, probe.getRemainingTokens(), policy));
        }
        long retry = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        long reset = (long) Math.ceil(policy.burst() / policy.rate());
        return Mono.just(new BucketDecision(false, 0, retry, reset));
    }

    private static Bucket newBucket(RatePolicy policy) {
        // Bucket4j refills whole tokens: express fractional rates (0.1/s) as one token per period.
        Bandwidth limit = policy.rate() >= 1
                ? Bandwidth.builder().capacity(policy.burst()).refillGreedy(Math.round(policy.rate()), Duration.ofSeconds(1))
                        .build()
                : Bandwidth.builder().capacity(policy.burst())
                        .refillGreedy(1, Duration.ofMillis(Math.round(1000 / policy.rate()))).build();
        return Bucket.builder().addLimit(limit).build();
    }
}
