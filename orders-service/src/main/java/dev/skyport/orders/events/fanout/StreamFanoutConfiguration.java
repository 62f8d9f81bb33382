package dev.skyport.orders.events.fanout;

import dev.skyport.orders.events.LocalShardPlan;
import dev.skyport.orders.events.OrderEventsBroadcaster;
import dev.skyport.orders.events.StreamDelivery;
import dev.skyport.orders.order.OrderItem;
import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.dynamo.SkyportTables;
import dev.skyport.starter.pagination.SkyportPaginationProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.StringUtils;

/**
 * How the replicas share the {@code orders} stream: with Redis (REDIS_URL), shard leases and a Redis channel
 * that every replica's broadcaster listens to; without, each replica reads the whole stream for itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamFanoutProperties.class)
public class StreamFanoutConfiguration {

    @Bean
    EntityTable<StreamLease> streamLeasesTable(SkyportTables tables) {
        return tables.table(StreamLease.class);
    }

    @Bean
    StreamDelivery streamDelivery(StreamFanoutProperties properties, OrderEventsBroadcaster broadcaster,
                                  ObjectProvider<RecordFanout> fanout, EntityTable<StreamLease> streamLeasesTable,
                                  MeterRegistry meters) {
        RecordFanout redis = fanout.getIfAvailable();
        if (redis == null) {
            return new StreamDelivery(new LocalShardPlan(), broadcaster::accept);
        }
        String replicaId = StringUtils.hasText(properties.replicaId()) ? properties.replicaId() : replicaId();
        return new StreamDelivery(new ShardLeases(streamLeasesTable, replicaId, properties.leaseDuration(),
                Clock.systemUTC(), meters), redis);
    }

    /** The pod's name (the host name) and a random suffix: a restarted pod is a new replica. */
    private static String replicaId() {
        String host = System.getenv("HOSTNAME");
        if (!StringUtils.hasText(host)) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "orders-service";
            }
        }
        return host + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(RedisConfigured.class)
    static class Redis {

        @Bean
        RecordFanout recordFanout(StringRedisTemplate redis, EntityTable<OrderItem> ordersTable,
                                  OrderEventsBroadcaster broadcaster, StreamFanoutProperties properties,
                                  SkyportPaginationProperties pagination, CircuitBreakerRegistry circuitBreakers,
                                  MeterRegistry meters) {
            // The physical table name carries the environment's prefix: environments sharing a Redis stay apart.
            String channel = "skyport:" + ordersTable.tableName() + ":stream";
            int maxRecordBytes = Math.toIntExact(properties.maxRecordSize().toBytes());
            // A publish waits at most the Redis command timeout (SKYPORT_REDIS_TIMEOUT) and is never retried (the
            // record goes to this replica's sockets instead); after a failure the breaker skips Redis for 5 s, so
            // a Redis that is down costs the reader nothing (a connection attempt per record, else).
            CircuitBreaker breaker = circuitBreakers.circuitBreaker("orders-stream-publish", CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(5)
                    .minimumNumberOfCalls(1).failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(5))
                    .permittedNumberOfCallsInHalfOpenState(1).build());
            return new RecordFanout(redis, channel, new RecordCodec(maxRecordBytes),
                    new ChannelSeal(pagination.cursorSecret(), channel), maxRecordBytes, breaker, broadcaster::accept,
                    properties.backlog(), meters);
        }

        /** Started by {@link #ordersStreamSubscription}, which tries again while Redis does not answer. */
        @Bean
        RedisMessageListenerContainer ordersStreamChannel(RedisConnectionFactory redisConnectionFactory,
                                                          RecordFanout recordFanout) {
            RedisMessageListenerContainer container = new RedisMessageListenerContainer();
            container.setConnectionFactory(redisConnectionFactory);
            container.addMessageListener(recordFanout, new ChannelTopic(recordFanout.channel()));
            // Messages are handed over on the subscription's thread, in order; the fan-out queues them at once.
            container.setTaskExecutor(new SyncTaskExecutor());
            container.setAutoStartup(false);
            // Stopped (by Spring) after the reader published its last record.
            container.setPhase(SmartLifecycle.DEFAULT_PHASE - 4096);
            return container;
        }

        @Bean
        ChannelSubscription ordersStreamSubscription(RedisMessageListenerContainer ordersStreamChannel) {
            return new ChannelSubscription(ordersStreamChannel, Duration.ofSeconds(5));
        }

        /** While Redis is disconnected, fail a publish at once (delivered locally) instead of queueing it. */
        @Bean
        LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
            return builder -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        }
    }

    /**
     * Redis's password from its own variable (a Secret, so never part of REDIS_URL in a ConfigMap), as the
     * gateway takes it: Boot reads the password from the URL alone when a URL is set. A password in the URL wins.
     */
    @Bean
    static BeanPostProcessor ordersRedisPassword(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                String password = environment.getProperty("skyport.orders.stream.redis-password", "");
                if (bean instanceof LettuceConnectionFactory factory && !password.isBlank()
                        && !factory.getStandaloneConfiguration().getPassword().isPresent()) {
                    factory.getStandaloneConfiguration().setPassword(RedisPassword.of(password));
                }
                return bean;
            }
        };
    }

    static final class RedisConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("skyport.orders.stream.redis-url"));
        }
    }
}
