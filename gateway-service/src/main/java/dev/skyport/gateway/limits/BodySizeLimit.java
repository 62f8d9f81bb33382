package dev.skyport.gateway.limits;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;

import reactor.core.publisher.Flux;

/**
 * The request body limit on the bytes actually received: a declared Content-Length over the limit is refused at
 * once (413), and a chunked body is cut off with 413 as soon as it passes the limit. The stock RequestSize filter
 * only reads the header, which a chunked upload does not send. Applied by {@code EdgeExchangeFilter}.
 */
public final class BodySizeLimit {

    private final long limit;

    public BodySizeLimit(long limit) {
        this.limit = limit;
    }

    public boolean declaredTooLarge(ServerHttpRequest request) {
        return request.getHeaders().getContentLength() > limit;
    }

    public String detail() {
        return "The request body is larger than " + limit + " bytes.";
    }

    /** The request whose body counts its bytes into {@code received} and fails with 413 past the limit. */
    public ServerHttpRequest counting(ServerHttpRequest request, AtomicLong received) {
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().<DataBuffer>handle((buffer, sink) -> {
                    if (received.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, detail()));
                    }
                    else {
                        sink.next(buffer);
                    }
                }).onErrorMap(BodySizeLimit::clientTooSlow, ClientTooSlowException::new);
            }
        };
    }

    /** Reactor Netty's server-side timeouts, as they surface on the client's request body. */
    private static boolean clientTooSlow(Throwable error) {
        // RequestTimeoutException is package-private in Reactor Netty, hence the name.
        return error instanceof io.netty.handler.timeout.ReadTimeoutException
                || error.getClass().getName().equals("reactor.netty.http.server.RequestTimeoutException");
    }
}
