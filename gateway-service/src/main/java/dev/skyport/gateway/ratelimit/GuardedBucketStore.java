package dev.skyport.gateway.ratelimit;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.skyport.gateway.GatewayProperties.StoreFailureMode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Keeps a failing shared store from slowing the edge: every call has a short timeout, and a breaker stops
 * calling a dead store at all, so a request pays milliseconds, not seconds. On failure the configured mode
 * decides: LOCAL (default) takes the token from this replica's own bucket instead, so a dead Redis never means
 * no limits (each replica then allows the full rate on its own); DENY refuses. Each failure is counted in
 * {@code skyport.gateway.ratelimit.store.failures}.
 */
public class GuardedBucketStore implements TokenBucketStore {

    private static final Logger log = LoggerFactory.getLogger(GuardedBucketStore.class);

    private final TokenBucketStore store;
    private final TokenBucketStore fallback = new LocalTokenBucketStore();
    private final StoreFailureMode mode;
    private final Duration callTimeout;
    private final CircuitBreaker breaker;
    private final Counter failures;

    public GuardedBucketStore(TokenBucketStore store, StoreFailureMode mode, Duration callTimeout, Duration openFor,
            MeterRegistry meters) {
        this.store = store;
        this.mode = mode;
        this.callTimeout = callTimeout;
        this.breaker = CircuitBreaker.of("rate-limit-store", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10).minimumNumberOfCalls(3).failureRateThreshold(50)
                .waitDurationInOpenState(openFor).permittedNumberOfCallsInHalfOpenState(1)
                .build());
        this.failures = meters.counter("skyport.gateway.ratelimit.store.failures");
        meters.gauge("skyport.gateway.ratelimit.store.breaker.open", breaker,
                b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0);
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    @Override
    public Mono<BucketDecision> take(String bucketKey, RatePolicy policy, long tokens) {
        return store.take(bucketKey, policy, tokens)
                .timeout(callTimeout)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorResume(error -> {
                    failures.increment();
                    if (log.isDebugEnabled()) {
                        log.debug("rate-limit store failed mode={} error={}", mode, error.toString());
                    }
                    return mode == StoreFailureMode.LOCAL ? fallback.take(bucketKey, policy, tokens)
                            : Mono.just(new BucketDecision(false, 0, 1, 1));
                });
    }
}
