package dev.skyport.gateway.routing;

import java.util.Map;
import java.util.function.Function;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigurationProperties;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The breakers behind each route's {@code CircuitBreaker} filter: the same Resilience4j circuit breaker and bulkhead
 * per route as Spring Cloud CircuitBreaker's factory gives (the registries' instance settings, else their
 * {@code default} configs; bulkhead inside, breaker outside; no time limiter, as application.yml has it), looked up
 * once per route instead of on every call. Spring Cloud CircuitBreaker's own {@code run} built the tags, looked up
 * the breaker, the time limiter and the bulkhead and wrapped the call anew for each request: about 16 µs of the full
 * edge's 312 µs per request in the benchmark (docs/benchmarks.md).
 */
@Configuration(proxyBeanMethods = false)
public class RouteBreakers {

    @Bean
    ReactiveResilience4JCircuitBreakerFactory routeCircuitBreakers(CircuitBreakerRegistry breakers,
            BulkheadRegistry bulkheads) {
        return new ReactiveResilience4JCircuitBreakerFactory(breakers, TimeLimiterRegistry.ofDefaults(), null,
                new Resilience4JConfigurationProperties()) {
            @Override
            public ReactiveCircuitBreaker create(String id, String groupName) {
                Map<String, String> tags = Map.of("group", groupName);
                CircuitBreaker breaker = breakers.getConfiguration(id)
                        .map(config -> breakers.circuitBreaker(id, config, tags))
                        .orElseGet(() -> breakers.circuitBreaker(id, tags));
                Bulkhead bulkhead = bulkheads.getConfiguration(id)
                        .map(config -> bulkheads.bulkhead(id, config, tags))
                        .orElseGet(() -> bulkheads.bulkhead(id, tags));
                return new RouteBreaker(breaker, bulkhead);
            }
        };
    }

    /** One route's breaker and bulkhead, applied to each call with Resilience4j's own Reactor operators. */
    record RouteBreaker(CircuitBreaker breaker, Bulkhead bulkhead) implements ReactiveCircuitBreaker {

        @Override
        public <T> Mono<T> run(Mono<T> toRun, Function<Throwable, Mono<T>> fallback) {
            Mono<T> guarded = toRun.transformDeferred(BulkheadOperator.of(bulkhead))
                    .transformDeferred(CircuitBreakerOperator.of(breaker));
            return fallback == null ? guarded : guarded.onErrorResume(fallback);
        }

        @Override
        public <T> Flux<T> run(Flux<T> toRun, Function<Throwable, Flux<T>> fallback) {
            Flux<T> guarded = toRun.transformDeferred(BulkheadOperator.of(bulkhead))
                    .transformDeferred(CircuitBreakerOperator.of(breaker));
            return fallback == null ? guarded : guarded.onErrorResume(fallback);
        }
    }
}
