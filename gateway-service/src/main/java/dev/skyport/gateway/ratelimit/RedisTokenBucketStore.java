package dev.skyport.gateway.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.skyport.gateway.redis.LuaScript;
import reactor.core.publisher.Mono;

/**
 * Shared buckets in Redis, using Spring Cloud Gateway's own token-bucket Lua script (the one behind its
 * RedisRateLimiter), so the algorithm is the well-tested upstream one and every replica shares the budget.
 */
public class RedisTokenBucketStore implements TokenBucketStore {

    /**
     * The script's text, read once. RedisScript.of(Resource) re-checks the resource's last-modified time on every
     * execution (a class-path lookup, a jar/file stat and, inside the boot jar, a thrown FileNotFoundException):
     * file I/O on the event loop for every rate-limited request, as the profile showed.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static final LuaScript<List<Long>> SCRIPT = (LuaScript) LuaScript.of(
            read("META-INF/scripts/request_rate_limiter.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;

    public RedisTokenBucketStore(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    private static String read(String classpathLocation) {
        try {
            return new ClassPathResource(classpathLocation).getContentAsString(StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("rate limiter script missing: " + classpathLocation, e);
        }
    }

    @Override
    public Mono<BucketDecision> take(String bucketKey, RatePolicy policy, long tokens) {
        String prefix = "skyport:rl:{" + bucketKey + "}";
        List<String> keys = List.of(prefix + ".tokens", prefix + ".timestamp");
        List<String> args = List.of(Double.toString(policy.rate()), Long.toString(policy.burst()), "",
                Long.toString(tokens));
        return redis.execute(SCRIPT, keys, args).next().map(result -> {
            boolean allowed = result.get(0) == 1L;
            return BucketDecision.of(allowed, result.get(1), policy);
        });
    }
}
