package dev.skyport.gateway.decisions;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.skyport.gateway.redis.LuaScript;
import reactor.core.publisher.Mono;

/**
 * Records in Redis, shared by every replica: one key per record with Redis's own expiry, plus an index list that
 * bounds their number. Each write pushes the record's key on the list and drops (and deletes) the oldest past
 * {@code maxRecords}, in one script, so a flood of rejected requests can push older records out but never grow
 * Redis past {@code maxRecords} records of at most the recorder's size bound each. All keys share the hash tag
 * {@code {decisions}}, so the script touches a single slot of a Redis Cluster.
 */
public class RedisDecisionRecords implements DecisionRecords {

    static final String PREFIX = "skyport:decision:{decisions}:";
    static final String INDEX = "skyport:decisions:{decisions}";

    private static final LuaScript<Long> SAVE = LuaScript.of("""
            redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
            redis.call('LPUSH', KEYS[2], KEYS[1])
            while redis.call('LLEN', KEYS[2]) > tonumber(ARGV[3]) do
              local oldest = redis.call('RPOP', KEYS[2])
              if oldest ~= KEYS[1] then redis.call('DEL', oldest) end
            end
            redis.call('EXPIRE', KEYS[2], ARGV[2])
            return 1
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final String ttlSeconds;
    private final String maxRecords;
    private final Duration callTimeout;

    public RedisDecisionRecords(ReactiveStringRedisTemplate redis, Duration ttl, long maxRecords, Duration callTimeout) {
        this.redis = redis;
        this.ttlSeconds = Long.toString(Math.max(1, ttl.toSeconds()));
        this.maxRecords = Long.toString(maxRecords);
        this.callTimeout = callTimeout;
    }

    @Override
    public Mono<Void> save(String requestId, String record) {
        return redis.execute(SAVE, List.of(PREFIX + requestId, INDEX), List.of(record, ttlSeconds, maxRecords))
                .then().timeout(callTimeout);
    }

    @Override
    public Mono<String> find(String requestId) {
        return redis.opsForValue().get(PREFIX + requestId).timeout(callTimeout);
    }
}
