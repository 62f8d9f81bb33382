package dev.skyport.gateway.edge;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.skyport.defaults.RequestIds;
import dev.skyport.defaults.TraceIds;
import dev.skyport.gateway.GatewayProperties;
import dev.skyport.gateway.decisions.DecisionFacts;
import dev.skyport.gateway.decisions.DecisionRecorder;
import dev.skyport.gateway.limits.BodySizeLimit;
import dev.skyport.gateway.limits.ClientAddress;
import dev.skyport.gateway.observability.AccessLog;
import dev.skyport.gateway.observability.EdgeTrace;
import dev.skyport.gateway.problem.Problems;
import io.micrometer.tracing.Span;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Everything the edge does to every exchange before routing, in one filter and one request copy: the request id
 * ({@code X-Request-Id}: the client's when it is a sane token, else a new one; sent upstream and back), the client's
 * address, the removal of headers a client could use to impersonate the edge or a user (X-Forwarded-*, Forwarded,
 * internal identity headers; {@code ForwardedHeaders} writes the edge's own), the body size limit on the bytes
 * received, the decision facts of the request, and one access log line when it ends. These were five filters; each
 * layer of a reactive chain costs every request a little more than the last (the profile's largest item was Reactor
 * walking subscriber chains), so they are one.
 */
@Component
public class EdgeExchangeFilter implements WebFilter, Ordered {

    public static final String REQUEST_ID_HEADER = RequestIds.HEADER;
    public static final String REQUEST_ID = "skyport.requestId";

    private final List<String> stripped;
    private final ClientAddress clientAddress;
    private final BodySizeLimit bodySizeLimit;
    private final AccessLog accessLog;
    private final EdgeTrace trace;
    /** Null when decision records are switched off. */
    private final @Nullable DecisionRecorder decisions;

    public EdgeExchangeFilter(GatewayProperties properties, ClientAddress clientAddress, AccessLog accessLog,
            EdgeTrace trace, ObjectProvider<DecisionRecorder> decisions) {
        this.stripped = properties.strippedRequestHeaders().stream().filter(s -> !s.isBlank()).toList();
        this.clientAddress = clientAddress;
        this.bodySizeLimit = new BodySizeLimit(properties.maxBodySize().toBytes());
        this.accessLog = accessLog;
        this.trace = trace;
        this.decisions = decisions.getIfAvailable();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        String requestId = RequestIds.keepOrCreate(exchange.getRequest().getHeaders().getFirst(REQUEST_ID_HEADER));
        var attributes = exchange.getAttributes();
        attributes.put(REQUEST_ID, requestId);
        Span span = trace.start(exchange.getRequest().getHeaders(), exchange.getRequest().getMethod().name());
        String traceId = EdgeTrace.traceId(span);
        if (traceId != null) {
            attributes.put(TraceIds.ATTRIBUTE, traceId);
        }
        // Resolved from the raw request, before X-Forwarded-* is stripped below.
        ClientAddress.Forwarded client = clientAddress.forwarded(exchange);
        attributes.put(ClientAddress.ATTRIBUTE, client.address());
        attributes.put(ClientAddress.FORWARDED_ATTRIBUTE, client);
        if (decisions != null) {
            decisions.watch(exchange, new DecisionFacts(start));
        }
        exchange.getResponse().getHeaders().set(REQUEST_ID_HEADER, requestId);

        AtomicLong bytesOut = new AtomicLong();
        ServerHttpResponseDecorator response = countingResponse(exchange, bytesOut);
        if (bodySizeLimit.declaredTooLarge(exchange.getRequest())) {
            ServerWebExchange refused = exchange.mutate().response(response).build();
            return Problems.write(refused, HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", bodySizeLimit.detail(),
                    "body_too_large").doFinally(signal -> ended(refused, span, start, 0, bytesOut.get(), signal));
        }
        AtomicLong bytesIn = new AtomicLong();
        ServerHttpRequest request = exchange.getRequest().mutate().headers(headers -> {
            for (String name : stripped) {
                headers.remove(name);
            }
            headers.set(REQUEST_ID_HEADER, requestId);
            trace.propagate(span, headers);
        }).build();
        ServerWebExchange edge = exchange.mutate().request(bodySizeLimit.counting(request, bytesIn)).response(response)
                .build();
        return chain.filter(edge).doFinally(signal -> ended(edge, span, start, bytesIn.get(), bytesOut.get(), signal));
    }

    private void ended(ServerWebExchange exchange, Span span, long start, long bytesIn, long bytesOut,
            SignalType signal) {
        int status = AccessLog.status(exchange, signal);
        trace.end(span, exchange, status);
        accessLog.write(exchange, status, start, bytesIn, bytesOut);
    }

    private static ServerHttpResponseDecorator countingResponse(ServerWebExchange exchange, AtomicLong bytesOut) {
        return new ServerHttpResponseDecorator(exchange.getResponse()) {
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
    }
}
