package dev.skyport.gateway.ratelimit;

import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import reactor.core.publisher.Mono;

/**
 * Shared buckets in Redis, using Spring Cloud Gateway's own token-bucket Lua script (the one behind its
 * RedisRateLimiter), so the algorithm is the well-tested upstream one and every replica shares the budget.
 */
public class RedisTokenBucketStore implements TokenBucketStore {

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static final RedisScript<List<Long>> SCRIPT = (RedisScript) RedisScript.of(
            new ClassPathResource("META-INF/scripts/request_rate_limiter.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;

    public RedisTokenBucketStore(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public Mono<BucketDecision> take(String bucketKey, RatePolicy policy) {
        String prefix = "skyport:rl:{" + bucketKey + "}";
        List<String> keys = List.of(prefix + ".tokens", prefix + ".timestamp");
        List<String> args = List.of(Double.toString(policy.rate()), Long.toString(policy.burst()), "", "1");
        return redis.execute(SCRIPT, keys, args).next().map(result -> {
            boolean allowed = result.get(0) == 1L;
            return BucketDecision.of(allowed, result.get(1), policy);
        });
    }
}
