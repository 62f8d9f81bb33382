package dev.skyport.gateway.websocket;

import java.time.Duration;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import reactor.core.publisher.Mono;

/** Tickets in Redis, with Redis's own expiry; GETDEL makes redemption atomic across replicas. */
public class RedisTicketStore implements TicketStore {

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;

    public RedisTicketStore(ReactiveStringRedisTemplate redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    @Override
    public Mono<Void> save(String id, String sealed, Duration ttl) {
        // The same SET again is harmless, so one retry rides out a moment of slow Redis (a fork, a failover) that
        // one command timeout would turn into a refused ticket.
        return redis.opsForValue().set(key(id), sealed, ttl).timeout(timeout).retry(1).then()
                .onErrorMap(TicketStore::unavailable);
    }

    @Override
    public Mono<String> redeem(String id) {
        return redis.opsForValue().getAndDelete(key(id)).timeout(timeout).onErrorMap(TicketStore::unavailable);
    }

    private static String key(String id) {
        return "skyport:wsticket:" + id;
    }
}
