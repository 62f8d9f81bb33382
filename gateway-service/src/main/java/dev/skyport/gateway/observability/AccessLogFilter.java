package dev.skyport.gateway.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.skyport.gateway.limits.BodySizeLimitFilter;
import dev.skyport.gateway.security.PrincipalAttributeFilter;
import dev.skyport.defaults.TraceIds;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON line per request on the {@code skyport.access} logger: method, route, status, duration, principal,
 * request id, trace id, bytes. Never headers, query strings or bodies, so no token or ticket can leak.
 */
@Component
public class AccessLogFilter implements WebFilter, Ordered {

    private static final Logger access = LoggerFactory.getLogger("skyport.access");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        AtomicLong bytesOut = new AtomicLong();
        ServerHttpResponseDecorator counting = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                return super.writeWith(Flux.from(body).doOnNext(b -> bytesOut.addAndGet(b.readableByteCount())));
            }

            @Override
            public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
                return super.writeAndFlushWith(Flux.from(body).map(inner -> Flux.from(inner)
                        .doOnNext(b -> bytesOut.addAndGet(b.readableByteCount()))));
            }
        };
        ServerWebExchange mutated = exchange.mutate().response(counting).build();
        return chain.filter(mutated).doFinally(signal -> log(mutated, start, bytesOut.get(), signal));
    }

    private void log(ServerWebExchange exchange, long start, long bytesOut, reactor.core.publisher.SignalType signal) {
        if (!access.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "http.access");
        line.put("method", exchange.getRequest().getMethod().name());
        line.put("path", exchange.getRequest().getPath().value());
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        line.put("route", route != null ? route.getId() : null);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        line.put("status", signal == reactor.core.publisher.SignalType.CANCEL ? 499 : status != null ? status.value() : 200);
        line.put("durationMs", (System.nanoTime() - start) / 1_000_000.0);
        line.put("principal", exchange.getAttribute(PrincipalAttributeFilter.ATTRIBUTE));
        line.put("requestId", exchange.getAttribute(RequestIdFilter.ATTRIBUTE));
        line.put("traceId", exchange.getAttribute(TraceIds.ATTRIBUTE));
        Object in = exchange.getAttribute(BodySizeLimitFilter.BYTES_IN_ATTRIBUTE);
        line.put("bytesIn", in != null ? ((AtomicLong) in).get() : 0L);
        line.put("bytesOut", bytesOut);
        access.info(JSON.writeValueAsString(line));
    }
}
