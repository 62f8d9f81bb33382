package dev.skyport.gateway.ratelimit;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.gateway.GatewayProperties;
import dev.skyport.gateway.apikeys.ApiKey;
import dev.skyport.gateway.apikeys.ApiKeys;
import dev.skyport.gateway.apikeys.DailyQuota;
import dev.skyport.gateway.limits.ClientAddress;
import dev.skyport.gateway.problem.Problems;
import dev.skyport.gateway.security.PrincipalAttributeFilter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Throttles every routed request with a token bucket: per principal (or client IP for anonymous and IP-keyed
 * routes), with rate and burst from the route's {@code rate-limit} metadata; requests bearing an
 * {@code X-Api-Key} are throttled and counted by that key's usage plan instead (rate, burst, daily quota).
 * Answers carry RateLimit and X-RateLimit-* headers; a refusal is 429 problem+json with Retry-After.
 */
@Component
public class RateLimitFilter implements GlobalFilter, Ordered {

    public static final String API_KEY_HEADER = "X-Api-Key";

    private final TokenBucketStore buckets;
    private final ApiKeys apiKeys;
    private final DailyQuota quota;
    private final RatePolicy defaultPolicy;
    private final MeterRegistry meters;

    public RateLimitFilter(TokenBucketStore buckets, ApiKeys apiKeys, DailyQuota quota, GatewayProperties properties,
            MeterRegistry meters) {
        this.buckets = buckets;
        this.apiKeys = apiKeys;
        this.quota = quota;
        this.defaultPolicy = properties.rateLimit().defaultPolicy();
        this.meters = meters;
    }

    @Override
    public int getOrder() {
        return -50; // before the route's own filters (circuit breaker, retry) and the proxying filters
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            return chain.filter(exchange);
        }
        String presentedKey = exchange.getRequest().getHeaders().getFirst(API_KEY_HEADER);
        if (presentedKey != null) {
            // The key is the client's secret: it never travels to the backends.
            ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> h.remove(API_KEY_HEADER)).build();
            ServerWebExchange stripped = exchange.mutate().request(request).build();
            return apiKeys.verify(presentedKey)
                    .flatMap(key -> throttleByPlan(stripped, chain, route, key))
                    .switchIfEmpty(Mono.defer(() -> Problems.write(stripped, HttpStatus.FORBIDDEN, "Forbidden",
                            "The API key is not valid.")));
        }
        RatePolicy policy = RatePolicy.fromMetadata(route.getMetadata().get("rate-limit"), defaultPolicy);
        if (policy == null) {
            return chain.filter(exchange);
        }
        String principal = exchange.getAttribute(PrincipalAttributeFilter.ATTRIBUTE);
        String who = policy.key() == RatePolicy.KeyKind.principal && principal != null
                ? "sub:" + principal : "ip:" + exchange.getAttribute(ClientAddress.ATTRIBUTE);
        return throttle(exchange, chain, route, route.getId() + ":" + who, policy, route.getId());
    }

    private Mono<Void> throttleByPlan(ServerWebExchange exchange, GatewayFilterChain chain, Route route, ApiKey key) {
        exchange.getAttributes().putIfAbsent(PrincipalAttributeFilter.ATTRIBUTE, "apikey:" + key.id());
        GatewayProperties.Plan plan = key.plan();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        LocalDate day = now.toLocalDate();
        long untilMidnight = Math.max(1, Duration.between(now, day.plusDays(1).atStartOfDay(ZoneOffset.UTC)).toSeconds());
        return quota.increment("quota:" + key.id() + ":" + day, Duration.ofSeconds(untilMidnight + 60))
                .flatMap(used -> {
                    exchange.getResponse().getHeaders().set("X-Quota-Limit", Long.toString(plan.dailyQuota()));
                    exchange.getResponse().getHeaders().set("X-Quota-Remaining",
                            Long.toString(Math.max(0, plan.dailyQuota() - used)));
                    if (used > plan.dailyQuota()) {
                        meters.counter("skyport.gateway.ratelimit.rejected", "route", route.getId(), "reason", "quota")
                                .increment();
                        return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
                                "The API key's daily quota is used up; it resets at midnight UTC.",
                                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(untilMidnight)));
                    }
                    return throttle(exchange, chain, route, "apikey:" + key.id(), plan.policy(), "plan-" + key.planName());
                });
    }

    private Mono<Void> throttle(ServerWebExchange exchange, GatewayFilterChain chain, Route route, String bucketKey,
            RatePolicy policy, String policyName) {
        return buckets.take(bucketKey, policy).flatMap(decision -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            long window = Math.max(1, Math.round(policy.burst() / policy.rate()));
            headers.set("RateLimit-Policy", "\"" + policyName + "\";q=" + policy.burst() + ";w=" + window);
            headers.set("RateLimit", "\"" + policyName + "\";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
            headers.set("X-RateLimit-Limit", Long.toString(policy.burst()));
            headers.set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
            headers.set("X-RateLimit-Burst-Capacity", Long.toString(policy.burst()));
            headers.set("X-RateLimit-Replenish-Rate", Double.toString(policy.rate()));
            if (decision.allowed()) {
                return chain.filter(exchange);
            }
            meters.counter("skyport.gateway.ratelimit.rejected", "route", route.getId(), "reason", "rate").increment();
            return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
                    "Rate limit exceeded; retry after " + decision.retryAfterSeconds() + " s.",
                    Map.of(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds())));
        });
    }
}
