package dev.skyport.gateway.resilience;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import reactor.core.publisher.Mono;

/**
 * One Resilience4j bulkhead per route: a slow backend can hold at most its share of in-flight requests;
 * past that the edge answers 503 at once instead of piling up connections and memory.
 * WebSocket upgrades are left out: a socket would hold its permit for its whole life.
 */
@Component
public class BulkheadFilter implements GlobalFilter, Ordered {

    private final BulkheadRegistry bulkheads;

    public BulkheadFilter(BulkheadRegistry bulkheads) {
        this.bulkheads = bulkheads;
    }

    @Override
    public int getOrder() {
        return -40; // after rate limiting, before the route's circuit breaker
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null || "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange).transformDeferred(BulkheadOperator.of(bulkheads.bulkhead(route.getId())));
    }
}
