package dev.skyport.gateway.decisions;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.skyport.gateway.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

/** Decision records: kept in Redis when REDIS_URL is set (shared by the replicas), in memory otherwise. */
@Configuration(proxyBeanMethods = false)
public class DecisionWiring {

    @Bean
    DecisionRecords decisionRecords(GatewayProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis) {
        GatewayProperties.DecisionRecords config = properties.decisionRecords();
        // A record write or lookup waits at most this long; a record that misses it is lost (and counted), never an answer.
        Duration callTimeout = Duration.ofMillis(200);
        return properties.redisEnabled()
                ? new RedisDecisionRecords(redis.getObject(), config.ttl(), config.maxRecords(), callTimeout)
                : new InMemoryDecisionRecords(config.ttl(), config.maxRecords());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "skyport.gateway.decision-records.enabled", matchIfMissing = true)
    DecisionRecorder decisionRecorder(DecisionRecords records, GatewayProperties properties,
            ObjectProvider<CircuitBreakerRegistry> breakers, MeterRegistry meters) {
        return new DecisionRecorder(records, (int) properties.decisionRecords().maxRecordSize().toBytes(), breakers,
                meters);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "skyport.gateway.decision-records.enabled", matchIfMissing = true)
    UpstreamClock upstreamClock() {
        return new UpstreamClock();
    }
}
