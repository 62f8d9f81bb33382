package dev.skyport.gateway.ratelimit;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Supplier;

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
import dev.skyport.gateway.decisions.DecisionFacts;
import dev.skyport.gateway.limits.ClientAddress;
import dev.skyport.gateway.problem.Problems;
import dev.skyport.gateway.security.EdgeSecurity;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Throttles every routed request with a token bucket: per principal (or client IP for anonymous and IP-keyed
 * routes), with rate and burst from the route's {@code rate-limit} metadata. That bucket is always taken first,
 * so an {@code X-Api-Key} never lifts it: a made-up key is throttled like any anonymous request before it is
 * looked up, and a valid key's usage plan (rate, burst, daily quota) only adds a second, tighter limit.
 * Answers carry RateLimit and X-RateLimit-* headers; a refusal is 429 problem+json with Retry-After.
 */
@Component
public class RateLimitFilter implements GlobalFilter, Ordered {

    public static final String API_KEY_HEADER = "X-Api-Key";

    private final Throttle throttle;
    private final ApiKeys apiKeys;
    private final DailyQuota quota;
    private final RatePolicy defaultPolicy;
    private final MeterRegistry meters;

    public RateLimitFilter(Throttle throttle, ApiKeys apiKeys, DailyQuota quota, GatewayProperties properties,
            MeterRegistry meters) {
        this.throttle = throttle;
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
        ServerWebExchange forwarded = exchange;
        if (presentedKey != null) {
            // The key is the client's secret: it never travels to the backends.
            ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> h.remove(API_KEY_HEADER)).build();
            forwarded = exchange.mutate().request(request).build();
        }
        ServerWebExchange next = forwarded;
        Supplier<Mono<Void>> afterRouteLimit = presentedKey == null ? () -> chain.filter(next)
                : () -> apiKeys.verify(presentedKey)
                        .flatMap(key -> throttleByPlan(next, chain, route, key))
                        .switchIfEmpty(Mono.defer(() -> Problems.write(next, HttpStatus.FORBIDDEN, "Forbidden",
                                "The API key is not valid.", "api_key_invalid")));
        RatePolicy policy = RatePolicy.fromMetadata(route.getMetadata().get("rate-limit"), defaultPolicy);
        if (policy == null) {
            return afterRouteLimit.get();
        }
        String who = Throttle.owner(policy, exchange.getAttribute(EdgeSecurity.PRINCIPAL),
                exchange.getAttribute(ClientAddress.ATTRIBUTE));
        return throttle.take(next, route.getId() + ":" + who, policy, route.getId(), route.getId(), afterRouteLimit);
    }

    private Mono<Void> throttleByPlan(ServerWebExchange exchange, GatewayFilterChain chain, Route route, ApiKey key) {
        exchange.getAttributes().putIfAbsent(EdgeSecurity.PRINCIPAL, "apikey:" + key.id());
        GatewayProperties.Plan plan = key.plan();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        LocalDate day = now.toLocalDate();
        long untilMidnight = Math.max(1, Duration.between(now, day.plusDays(1).atStartOfDay(ZoneOffset.UTC)).toSeconds());
        return quota.increment("quota:" + key.id() + ":" + day, Duration.ofSeconds(untilMidnight + 60))
                .flatMap(used -> {
                    DecisionFacts facts = DecisionFacts.of(exchange);
                    if (facts != null) {
                        facts.quotaCounted(key.id(), plan.dailyQuota(), used);
                    }
                    exchange.getResponse().getHeaders().set("X-Quota-Limit", Long.toString(plan.dailyQuota()));
                    exchange.getResponse().getHeaders().set("X-Quota-Remaining",
                            Long.toString(Math.max(0, plan.dailyQuota() - used)));
                    if (used > plan.dailyQuota()) {
                        meters.counter("skyport.gateway.ratelimit.rejected", "route", route.getId(), "reason", "quota")
                                .increment();
                        return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
                                "The API key's daily quota is used up; it resets at midnight UTC.", "quota_exhausted",
                                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(untilMidnight)));
                    }
                    return throttle.take(exchange, "apikey:" + key.id(), plan.policy(), "plan-" + key.planName(),
                            route.getId(), () -> chain.filter(exchange));
                });
    }
}
