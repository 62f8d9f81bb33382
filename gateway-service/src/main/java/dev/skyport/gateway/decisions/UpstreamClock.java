package dev.skyport.gateway.decisions;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/** Notes when the proxy calls the backend (each attempt), so a record can tell how long the upstream took. */
public class UpstreamClock implements GlobalFilter, Ordered {

    @Override
    public int getOrder() {
        // Inside the route's breaker and retry, just before the proxying filters (routing and WebSocket routing).
        return NettyRoutingFilter.ORDER - 2;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        DecisionFacts facts = DecisionFacts.of(exchange);
        if (facts != null) {
            facts.upstreamStarted();
        }
        return chain.filter(exchange);
    }
}
