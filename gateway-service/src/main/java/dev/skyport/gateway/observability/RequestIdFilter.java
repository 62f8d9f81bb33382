package dev.skyport.gateway.observability;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.skyport.defaults.RequestIds;
import dev.skyport.defaults.TraceIds;
import io.micrometer.tracing.handler.TracingObservationHandler;
import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code X-Request-Id}: the client's when it is a sane token, a new one otherwise;
 * sent upstream and returned to the client. Also records the trace id for logs and problems.
 */
@Component
public class RequestIdFilter implements WebFilter, Ordered {

    public static final String HEADER = RequestIds.HEADER;
    public static final String ATTRIBUTE = "skyport.requestId";

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String offered = exchange.getRequest().getHeaders().getFirst(HEADER);
        String requestId = RequestIds.keepOrCreate(offered);
        exchange.getAttributes().put(ATTRIBUTE, requestId);
        String traceId = traceId(exchange);
        if (traceId != null) {
            exchange.getAttributes().put(TraceIds.ATTRIBUTE, traceId);
        }
        exchange.getResponse().getHeaders().set(HEADER, requestId);
        ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> h.set(HEADER, requestId)).build();
        return chain.filter(exchange.mutate().request(request).build());
    }

    /** The trace id of the server span WebFlux's observation started for this exchange. */
    private static String traceId(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> (TracingObservationHandler.TracingContext) context
                        .get(TracingObservationHandler.TracingContext.class))
                .map(tracing -> TraceIds.of(tracing.getSpan()))
                .orElse(null);
    }
}
