package dev.skyport.gateway.limits;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.skyport.gateway.GatewayProperties;
import dev.skyport.gateway.problem.Problems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Enforces the request body limit on the bytes actually received: a declared Content-Length over the limit is
 * refused at once (413), and a chunked body is cut off with 413 as soon as it passes the limit. The stock
 * RequestSize filter only reads the header, which a chunked upload does not send.
 */
@Component
public class BodySizeLimitFilter implements WebFilter, Ordered {

    public static final String BYTES_IN_ATTRIBUTE = "skyport.bytesIn";

    private final long limit;

    public BodySizeLimitFilter(GatewayProperties properties) {
        this.limit = properties.maxBodySize().toBytes();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > limit) {
            return Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "Content Too Large",
                    "The request body is larger than " + limit + " bytes.", "body_too_large");
        }
        AtomicLong received = new AtomicLong();
        exchange.getAttributes().put(BYTES_IN_ATTRIBUTE, received);
        ServerHttpRequest counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().<DataBuffer>handle((buffer, sink) -> {
                    if (received.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                                "The request body is larger than " + limit + " bytes."));
                    }
                    else {
                        sink.next(buffer);
                    }
                }).onErrorMap(BodySizeLimitFilter::clientTooSlow, ClientTooSlowException::new);
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    /** Reactor Netty's server-side timeouts, as they surface on the client's request body. */
    private static boolean clientTooSlow(Throwable error) {
        // RequestTimeoutException is package-private in Reactor Netty, hence the name.
        return error instanceof io.netty.handler.timeout.ReadTimeoutException
                || error.getClass().getName().equals("reactor.netty.http.server.RequestTimeoutException");
    }
}
