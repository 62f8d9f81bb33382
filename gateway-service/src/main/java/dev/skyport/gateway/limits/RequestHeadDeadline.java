package dev.skyport.gateway.limits;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.skyport.defaults.ProblemBody;
import dev.skyport.defaults.RequestIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deadline for a request's line and headers (slowloris): Reactor Netty's {@code readTimeout} and
 * {@code requestTimeout} start only once the headers are decoded, and its idle timeout is reset by every byte, so a
 * client dribbling a header byte now and then would hold its connection for as long as it likes. The clock starts
 * at a request's first byte and stops when the HTTP codec has decoded its headers; if it runs out, the client gets a
 * 408 problem and the connection is closed. Idle keep-alive connections (no byte of a next request yet) are the idle
 * timeout's business, and after a WebSocket upgrade the connection no longer carries HTTP heads.
 *
 * <p>Two handlers share one per-connection state: one before the codec sees the raw bytes, one after it sees the
 * decoded request. Both run on the connection's event loop, so the state needs no synchronization.
 */
final class RequestHeadDeadline {

    static final String BYTES_HANDLER = "skyport.requestHeadDeadline.bytes";
    static final String DECODED_HANDLER = "skyport.requestHeadDeadline.decoded";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private enum State { AWAITING_HEAD, IN_HEAD, IN_BODY, OFF }

    private final long timeoutNanos;
    private final String detail;
    private State state = State.AWAITING_HEAD;
    private ScheduledFuture<?> deadline;

    private RequestHeadDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.detail = "The request line and headers took longer than " + timeout.toMillis() + " ms to arrive.";
    }

    /** Adds the deadline around Reactor Netty's HTTP/1.1 codec (a connection without one is left alone). */
    static void install(Channel channel, Duration timeout) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(NettyPipeline.HttpCodec) == null) {
            return;
        }
        RequestHeadDeadline clock = new RequestHeadDeadline(timeout);
        pipeline.addBefore(NettyPipeline.HttpCodec, BYTES_HANDLER, clock.new Bytes());
        pipeline.addAfter(NettyPipeline.HttpCodec, DECODED_HANDLER, clock.new Decoded());
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private final class Bytes extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (state == State.AWAITING_HEAD && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                if (ctx.pipeline().get(NettyPipeline.HttpCodec) == null) {
                    // Upgraded (WebSocket): no more requests on this connection.
                    state = State.OFF;
                    ctx.pipeline().remove(this);
                    if (ctx.pipeline().get(DECODED_HANDLER) != null) {
                        ctx.pipeline().remove(DECODED_HANDLER);
                    }
                }
                else {
                    state = State.IN_HEAD;
                    long started = System.nanoTime();
                    ctx.fireChannelRead(msg);
                    // Almost every head arrives in one read, and the codec has decoded it by now: a timer is set only
                    // for one still incomplete, for what is left of its time (not one per request, set and cancelled).
                    if (state == State.IN_HEAD && deadline == null && ctx.channel().isActive()) {
                        deadline = ctx.executor().schedule(() -> expire(ctx),
                                timeoutNanos - (System.nanoTime() - started), TimeUnit.NANOSECONDS);
                    }
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            state = State.OFF;
            cancel();
            ctx.fireChannelInactive();
        }

        private void expire(ChannelHandlerContext ctx) {
            if (state != State.IN_HEAD || !ctx.channel().isActive()) {
                return;
            }
            state = State.OFF;
            deadline = null;
            // Written below the codec as raw bytes: the codec is half-way through a request it will never finish.
            writeProblemAndClose(ctx, 408, "Request Timeout", detail, "request_head_timeout");
        }
    }

    /** A problem answer written as raw bytes, for requests that never became an exchange; the connection closes. */
    private static void writeProblemAndClose(ChannelHandlerContext ctx, int status, String title, String detail,
            String reason) {
        // No path was read and no trace started: the request id is new, instance and traceId are unknown.
        byte[] body = JSON.writeValueAsBytes(ProblemBody.of(status, title, detail, null, reason, RequestIds.newId(),
                null, Map.of()));
        String head = "HTTP/1.1 " + status + " " + title + "\r\nContent-Type: application/problem+json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private final class Decoded extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request && request.decoderResult().isFailure() && state != State.OFF) {
                // The codec could not read the head (too long a line or headers, garbage): Reactor Netty would answer
                // with an empty body; the client gets the edge's problem shape instead.
                state = State.OFF;
                cancel();
                ReferenceCountUtil.release(msg);
                // Raw bytes go out below the codec (from the bytes handler's place), as the 408 does.
                ChannelHandlerContext below = ctx.pipeline().context(BYTES_HANDLER);
                ChannelHandlerContext out = below != null ? below : ctx;
                Throwable cause = request.decoderResult().cause();
                if (cause instanceof TooLongHttpHeaderException) {
                    writeProblemAndClose(out, 431, "Request Header Fields Too Large",
                            "The request headers are larger than the server accepts.", "header_too_large");
                }
                else if (cause instanceof TooLongHttpLineException) {
                    writeProblemAndClose(out, 414, "URI Too Long", "The request line is longer than the server accepts.",
                            "uri_too_long");
                }
                else {
                    writeProblemAndClose(out, 400, "Bad Request", "The request could not be read as HTTP.",
                            "bad_request");
                }
                return;
            }
            if (msg instanceof HttpRequest && state == State.IN_HEAD) {
                cancel();
                state = State.IN_BODY;
            }
            if (msg instanceof LastHttpContent && state != State.OFF) {
                // The request is complete; the clock starts again with the first byte of the next one.
                state = State.AWAITING_HEAD;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
