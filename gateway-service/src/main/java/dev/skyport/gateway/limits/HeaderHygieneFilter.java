package dev.skyport.gateway.limits;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.skyport.gateway.GatewayProperties;
import reactor.core.publisher.Mono;

/**
 * Removes headers a client could use to impersonate the edge or a user (X-Forwarded-*, Forwarded, internal
 * identity headers) before anything reads them. The client is resolved first, from the raw request; what the
 * services get instead is written by {@link ForwardedHeaders}.
 */
@Component
public class HeaderHygieneFilter implements WebFilter, Ordered {

    private final List<String> stripped;
    private final ClientAddress clientAddress;

    public HeaderHygieneFilter(GatewayProperties properties, ClientAddress clientAddress) {
        this.stripped = properties.strippedRequestHeaders().stream().filter(s -> !s.isBlank()).toList();
        this.clientAddress = clientAddress;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ClientAddress.Forwarded forwarded = clientAddress.forwarded(exchange);
        exchange.getAttributes().put(ClientAddress.ATTRIBUTE, forwarded.address());
        exchange.getAttributes().put(ClientAddress.FORWARDED_ATTRIBUTE, forwarded);
        ServerHttpRequest request = exchange.getRequest().mutate().headers(headers -> {
            for (String name : stripped) {
                headers.remove(name);
            }
        }).build();
        return chain.filter(exchange.mutate().request(request).build());
    }
}
