package dev.skyport.gateway.ratelimit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.skyport.gateway.GatewayProperties;
import dev.skyport.gateway.apikeys.DailyQuota;
import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;

/** Picks the rate-limit and quota stores: Redis when REDIS_URL is set, this process's memory otherwise. */
@Configuration(proxyBeanMethods = false)
public class RateLimitStores {

    @Bean
    TokenBucketStore tokenBucketStore(GatewayProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis,
            MeterRegistry meters) {
        if (!properties.redisEnabled()) {
            return new LocalTokenBucketStore();
        }
        GatewayProperties.RateLimit limits = properties.rateLimit();
        return new GuardedBucketStore(new RedisTokenBucketStore(redis.getObject()), limits.storeFailureMode(),
                limits.storeCallTimeout(), limits.storeBreakerOpenFor(), meters);
    }

    @Bean
    DailyQuota dailyQuota(GatewayProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis,
            MeterRegistry meters) {
        return properties.redisEnabled()
                ? DailyQuota.redis(redis.getObject(), properties.rateLimit().storeCallTimeout(), meters)
                : DailyQuota.local();
    }

    /** While Redis is disconnected, fail commands at once instead of queueing them until the timeout. */
    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return builder -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}
