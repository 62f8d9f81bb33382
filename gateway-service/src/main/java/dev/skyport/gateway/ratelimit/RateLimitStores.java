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
        return new LeasedBucketStore(new GuardedBucketStore(new RedisTokenBucketStore(redis.getObject()),
                limits.storeFailureMode(), limits.storeCallTimeout(), limits.storeBreakerOpenFor(), meters),
                limits.leasePeriod());
    }

    @Bean
    DailyQuota dailyQuota(GatewayProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis,
            MeterRegistry meters) {
        return properties.redisEnabled()
                ? DailyQuota.redis(redis.getObject(), properties.rateLimit().storeCallTimeout(), meters)
                : DailyQuota.local();
    }

    /**
     * Spring Data Redis opens its shared Lettuce connection lazily and synchronously on first use, which would
     * block an event loop (BlockHound caught it); open it whenever the application starts instead: after the
     * connection factory (phase 0) and before the web server accepts requests. On every start, not once: stopping
     * the context (as a paused test context is) closes the shared connection with the factory. Redis being down then
     * is not fatal: the store's breaker and failure mode cover it, and Lettuce reconnects by itself later.
     */
    @Bean
    org.springframework.context.SmartLifecycle redisConnectionWarmUp(GatewayProperties properties,
            ObjectProvider<org.springframework.data.redis.connection.ReactiveRedisConnectionFactory> factory) {
        return new org.springframework.context.SmartLifecycle() {

            private volatile boolean running;
            private volatile reactor.core.Disposable retrying;

            @Override
            public void start() {
                running = true;
                if (properties.redisEnabled()) {
                    openSharedConnection();
                }
            }

            private void openSharedConnection() {
                // Off the event loops (boundedElastic), retried every 2 s until the shared connection exists.
                java.util.concurrent.CompletableFuture<Void> opened = new java.util.concurrent.CompletableFuture<>();
                retrying = reactor.core.publisher.Mono
                        .fromRunnable(() -> factory.getObject().getReactiveConnection().close())
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                        .doOnError(unavailable -> org.slf4j.LoggerFactory.getLogger(RateLimitStores.class)
                                .warn("redis not reachable yet; rate limits follow the store failure mode: {}",
                                        unavailable.toString()))
                        .retryWhen(reactor.util.retry.Retry.fixedDelay(Long.MAX_VALUE,
                                java.time.Duration.ofSeconds(2)))
                        .subscribe(null, opened::completeExceptionally, () -> opened.complete(null));
                try {
                    // A moment for the first requests to find the connection; past it, it goes on in the background.
                    opened.get(3, java.util.concurrent.TimeUnit.SECONDS);
                }
                catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException stillTrying) {
                    // keeps retrying off the event loops
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void stop() {
                running = false;
                if (retrying != null) {
                    retrying.dispose();
                }
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return 1;
            }
        };
    }

    /**
     * Redis's password from its own variable (a Secret, so it is never part of REDIS_URL in a ConfigMap). Boot takes
     * the password from the URL alone when a URL is set, so it is put on the connection factory here; a password
     * in the URL itself still wins.
     */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor redisPassword(
            org.springframework.core.env.Environment environment) {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                String password = environment.getProperty("skyport.gateway.redis-password", "");
                if (bean instanceof org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory factory
                        && !password.isBlank() && !factory.getStandaloneConfiguration().getPassword().isPresent()) {
                    factory.getStandaloneConfiguration().setPassword(
                            org.springframework.data.redis.connection.RedisPassword.of(password));
                }
                return bean;
            }
        };
    }

    /** While Redis is disconnected, fail commands at once instead of queueing them until the timeout. */
    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return builder -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}
