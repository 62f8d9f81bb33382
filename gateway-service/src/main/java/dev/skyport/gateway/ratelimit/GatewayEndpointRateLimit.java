package dev.skyport.gateway.ratelimit;

import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.skyport.gateway.GatewayProperties;
import dev.skyport.gateway.limits.ClientAddress;
import dev.skyport.gateway.security.EdgeSecurity;
import reactor.core.publisher.Mono;

/**
 * Rate limits for what the gateway answers itself ({@code POST /ws/tickets}, {@code /admin/api-keys}, the docs
 * and their assets): these have no route, so no route metadata; their limits are
 * {@code skyport.gateway.rate-limit.gateway-endpoints}. Runs after authentication, so a signed-in caller has
 * a bucket of its own and anyone else one per address.
 */
@Component
public class GatewayEndpointRateLimit implements WebFilter, Ordered {

    private record Limit(String name, List<PathPattern> paths, RatePolicy policy) {
    }

    private final List<Limit> limits;
    private final Throttle throttle;

    public GatewayEndpointRateLimit(GatewayProperties properties, Throttle throttle) {
        this.throttle = throttle;
        this.limits = properties.rateLimit().gatewayEndpoints().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                // Parsed once: matching a parsed pattern is a walk over its segments, with no per-request parsing.
                .map(e -> new Limit(e.getKey(), e.getValue().paths().stream().filter(p -> !p.isBlank())
                        .map(PathPatternParser.defaultInstance::parse).toList(), e.getValue().policy()))
                .toList();
    }

    @Override
    public int getOrder() {
        return -80; // after Spring Security (-100) and the principal attribute (-90)
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        for (Limit limit : limits) {
            for (PathPattern pattern : limit.paths()) {
                if (pattern.matches(path)) {
                    String who = Throttle.owner(limit.policy(), exchange.getAttribute(EdgeSecurity.PRINCIPAL),
                            exchange.getAttribute(ClientAddress.ATTRIBUTE));
                    return throttle.take(exchange, "gateway-" + limit.name() + ":" + who, limit.policy(),
                            "gateway-" + limit.name(), "gateway-" + limit.name(), () -> chain.filter(exchange));
                }
            }
        }
        return chain.filter(exchange);
    }
}
