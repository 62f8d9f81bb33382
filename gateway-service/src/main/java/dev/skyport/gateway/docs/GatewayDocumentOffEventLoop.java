package dev.skyport.gateway.docs;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's own OpenAPI document (springdoc, {@code springdoc.api-docs.path}) is built on a worker thread, not
 * on an event loop: the first build scans the class path for {@code @OpenAPIDefinition} (class files read from disk),
 * which would stall every connection on that loop, or Redis's when a rate-limit lease renewal continued the request
 * there. The document is cached once built; a request for it is rare, so the hop costs nothing that matters.
 */
@Component
class GatewayDocumentOffEventLoop implements WebFilter, Ordered {

    private final String path;

    GatewayDocumentOffEventLoop(@Value("${springdoc.api-docs.path}") String path) {
        this.path = path;
    }

    @Override
    public int getOrder() {
        // Last: the firewall, security and the gateway endpoints' rate limit have run, on whatever thread they ended.
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getPath().pathWithinApplication().value().startsWith(path)) {
            return chain.filter(exchange).subscribeOn(Schedulers.boundedElastic());
        }
        return chain.filter(exchange);
    }
}
