package dev.skyport.gateway.websocket;

import java.time.Duration;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import reactor.core.publisher.Mono;

/** Tickets in Redis under the ticket's hash; GETDEL makes redemption atomic across replicas. */
public class RedisTicketStore implements TicketStore {

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;

    public RedisTicketStore(ReactiveStringRedisTemplate redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    @Override
    public Mono<Void> save(String ticket, String accessToken, Duration ttl) {
        return redis.opsForValue().set(key(ticket), accessToken, ttl).timeout(timeout).then();
    }

    @Override
    public Mono<String> redeem(String ticket) {
        return redis.opsForValue().getAndDelete(key(ticket)).timeout(timeout);
    }

    private static String key(String ticket) {
        return "skyport:wsticket:" + TicketHashes.of(ticket);
    }
}
