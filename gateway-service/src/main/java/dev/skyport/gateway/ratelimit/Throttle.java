package dev.skyport.gateway.ratelimit;

import java.util.Map;
import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.gateway.decisions.DecisionFacts;
import dev.skyport.gateway.problem.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Takes one token from a bucket for a request: sets the RateLimit and X-RateLimit-* answer headers, then either
 * goes on or answers 429 problem+json with Retry-After. Shared by routed requests and the gateway's own endpoints.
 */
@Component
public class Throttle {

    private final TokenBucketStore buckets;
    private final MeterRegistry meters;

    public Throttle(TokenBucketStore buckets, MeterRegistry meters) {
        this.buckets = buckets;
        this.meters = meters;
    }

    /** The bucket's owner for this policy: the principal when the policy says so and there is one, else the IP. */
    public static String owner(RatePolicy policy, String principal, String clientIp) {
        return policy.key() == RatePolicy.KeyKind.principal && principal != null ? "sub:" + principal : "ip:" + clientIp;
    }

    public Mono<Void> take(ServerWebExchange exchange, String bucketKey, RatePolicy policy, String policyName,
            String meterTag, Supplier<Mono<Void>> allowed) {
        return buckets.take(bucketKey, policy).flatMap(decision -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            long window = Math.max(1, Math.round(policy.burst() / policy.rate()));
            headers.set("RateLimit-Policy", "\"" + policyName + "\";q=" + policy.burst() + ";w=" + window);
            headers.set("RateLimit", "\"" + policyName + "\";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
            headers.set("X-RateLimit-Limit", Long.toString(policy.burst()));
            headers.set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
            headers.set("X-RateLimit-Burst-Capacity", Long.toString(policy.burst()));
            headers.set("X-RateLimit-Replenish-Rate", Double.toString(policy.rate()));
            DecisionFacts facts = DecisionFacts.of(exchange);
            if (facts != null) {
                facts.bucketTaken(bucketKey, policyName, policy.burst(), policy.rate(), decision.remaining(),
                        decision.allowed(), decision.retryAfterSeconds());
            }
            if (decision.allowed()) {
                return allowed.get();
            }
            meters.counter("skyport.gateway.ratelimit.rejected", "route", meterTag, "reason", "rate").increment();
            return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
                    "Rate limit exceeded; retry after " + decision.retryAfterSeconds() + " s.", "rate_limited",
                    Map.of(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds())));
        });
    }
}
