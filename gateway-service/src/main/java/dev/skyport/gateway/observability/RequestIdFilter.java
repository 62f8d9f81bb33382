package dev.skyport.gateway.observability;

import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code X-Request-Id}: the client's when it is a sane token, a new one otherwise;
 * sent upstream and returned to the client. Also records the trace id for logs and problems.
 */
@Component
public class RequestIdFilter implements WebFilter, Ordered {

    public static final String HEADER = "X-Request-Id";
    public static final String ATTRIBUTE = "skyport.requestId";
    // A client-chosen id ends up in logs: keep it short and free of anything that could forge a log line.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /**
     * A random v4-style UUID from ThreadLocalRandom: a correlation id needs uniqueness, not secrecy, and
     * UUID.randomUUID() reads the OS entropy pool, a blocking call on the event loop (BlockHound caught it).
     */
    static String newId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long most = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    /** Whether this is a request id the gateway would keep: the only ids a lookup accepts. */
    public static boolean wellFormed(String requestId) {
        return requestId != null && requestId.length() <= 128 && SAFE.matcher(requestId).matches();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String offered = exchange.getRequest().getHeaders().getFirst(HEADER);
        String requestId = wellFormed(offered) ? offered : newId();
        exchange.getAttributes().put(ATTRIBUTE, requestId);
        String traceId = TraceIds.find(exchange);
        if (traceId != null) {
            exchange.getAttributes().put(TraceIds.ATTRIBUTE, traceId);
        }
        exchange.getResponse().getHeaders().set(HEADER, requestId);
        ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> h.set(HEADER, requestId)).build();
        return chain.filter(exchange.mutate().request(request).build());
    }
}
