package dev.skyport.dynamo.server;

import dev.skyport.dynamo.api.DynamoApi;
import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.model.DynamoException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * The HTTP side of the engine (Netty): DynamoDB's JSON 1.0 protocol on POST /, the service's health
 * answer on GET /, the {@link AccessPolicy} (Host check, CORS), request ids and {@code x-amz-crc32}.
 * Operations run on the event loop (they only touch memory); answers wait for durability without
 * blocking it.
 */
public final class HttpFrontEnd implements AutoCloseable {

    /** The service's limit on a request body. */
    static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private static final byte[] HEALTHY = "healthy: dynamodb.us-east-1.amazonaws.com ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNKNOWN_OPERATION = "<UnknownOperationException/>\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOST_REFUSED = ("{\"__type\":\"" + DynamoException.DYNAMO + "AccessDeniedException\","
            + "\"message\":\"dynamo-engine does not answer this Host name; add it with --allowed-hosts\"}")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".getBytes(StandardCharsets.US_ASCII);

    private final DynamoApi api;
    private final AccessPolicy access;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    public HttpFrontEnd(DynamoApi api, String host, int port, int threads, AccessPolicy access)
            throws InterruptedException {
        this.api = api;
        this.access = access.boundTo(host);
        this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(8192, 64 * 1024, 64 * 1024))
                                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast(new Handler());
                    }
                });
        this.channel = bootstrap.bind(host, port).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (!request.decoderResult().isSuccess()) {
                send(ctx, status(HttpResponseStatus.BAD_REQUEST, new byte[0], null), false);
                return;
            }
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            String allowOrigin = access.allowOrigin(origin);
            if (request.method() == HttpMethod.GET) {
                // The health answer tells nothing, and probes call it by the pod's address.
                FullHttpResponse response = status(HttpResponseStatus.OK, HEALTHY, "text/plain");
                cors(response, allowOrigin);
                send(ctx, response, keepAlive);
                return;
            }
            if (!access.answers(request.headers().get(HttpHeaderNames.HOST))) {
                send(ctx, status(HttpResponseStatus.FORBIDDEN, HOST_REFUSED, "application/x-amz-json-1.0"), keepAlive);
                return;
            }
            if (request.method() == HttpMethod.OPTIONS && origin != null) {
                if (allowOrigin == null) {
                    send(ctx, status(HttpResponseStatus.FORBIDDEN, new byte[0], null), keepAlive);
                    return;
                }
                FullHttpResponse response = status(HttpResponseStatus.OK, new byte[0], null);
                cors(response, allowOrigin);
                String headers = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
                if (headers != null) {
                    response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headers);
                }
                String method = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
                if (method != null) {
                    response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, method);
                }
                response.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 172800);
                send(ctx, response, keepAlive);
                return;
            }
            ByteBuf content = request.content();
            String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
            int semi = contentType.indexOf(';');
            contentType = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
            boolean json10 = contentType.equals("application/x-amz-json-1.0");
            if (request.method() != HttpMethod.POST
                    || (content.readableBytes() > 0 && !json10 && !contentType.equals("application/json"))) {
                FullHttpResponse response = status(HttpResponseStatus.NOT_FOUND, UNKNOWN_OPERATION, null);
                cors(response, allowOrigin);
                send(ctx, response, keepAlive);
                return;
            }
            String responseType = json10 ? "application/x-amz-json-1.0" : "application/json";
            byte[] body = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), body);
            Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
            RequestContext context = new RequestContext(Signatures.check(request.headers(), query),
                    Signatures.region(request.headers()), Signatures.accessKeyId(request.headers(), query));
            // The answer is written straight into a pooled buffer, which Netty releases once it is sent.
            String target = request.headers().get("X-Amz-Target");
            ByteBuf out = ctx.alloc().buffer();
            DynamoApi.Answer answer;
            try {
                answer = api.handle(target, body, 0, body.length, context, new ByteBufOutputStream(out));
            } catch (Throwable e) {
                // Whatever went wrong (a bug, a stack overflow), the client gets the service's error shape
                // and the pooled buffer is reused for it, so nothing leaks.
                DynamoApi.Response internal = DynamoApi.internalError(target, e);
                out.clear().writeBytes(internal.body());
                answer = new DynamoApi.Answer(internal.status(), null);
            }
            FullHttpResponse response = status(HttpResponseStatus.valueOf(answer.status()), out, responseType);
            cors(response, allowOrigin);
            CompletableFuture<Void> durable = answer.durable();
            if (durable == null || durable.isDone() && !durable.isCompletedExceptionally()) {
                send(ctx, response, keepAlive);
            } else {
                durable.whenComplete((ok, failure) -> {
                    if (failure != null) {
                        response.release();
                        DynamoApi.Response error = DynamoApi.error(new DynamoException(500,
                                DynamoException.DYNAMO + "InternalServerError", "Internal server error"));
                        send(ctx, status(HttpResponseStatus.INTERNAL_SERVER_ERROR, error.body(), responseType), keepAlive);
                    } else {
                        send(ctx, response, keepAlive);
                    }
                });
            }
        }

        private FullHttpResponse status(HttpResponseStatus status, byte[] body, String contentType) {
            return status(status, Unpooled.wrappedBuffer(body), contentType);
        }

        private FullHttpResponse status(HttpResponseStatus status, ByteBuf body, String contentType) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
            CRC32 crc = new CRC32();
            crc.update(body.nioBuffer());
            response.headers()
                    .set("x-amzn-RequestId", requestId())
                    .set("x-amz-crc32", crc.getValue())
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            if (contentType != null) {
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            }
            return response;
        }

        private void cors(FullHttpResponse response, String allowOrigin) {
            if (allowOrigin != null) {
                response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin);
                if (!allowOrigin.equals("*")) {
                    response.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
                }
            }
        }

        /**
         * 52 characters of A-Z0-9, as the service's request ids. Each half of a random long picks one
         * character by multiply-and-shift. {@code nextInt(36)} would do, but it redraws about once in 10^8
         * calls, and the JIT compiles that rare branch as a trap: hitting it under load sent this handler
         * back to slower code for a while (a stall of milliseconds to a few hundred in a paced run).
         */
        private AsciiString requestId() {
            byte[] id = new byte[52];
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < id.length; i += 2) {
                long bits = random.nextLong();
                id[i] = ID_CHARS[(int) (((bits >>> 32) * ID_CHARS.length) >>> 32)];
                id[i + 1] = ID_CHARS[(int) (((bits & 0xFFFFFFFFL) * ID_CHARS.length) >>> 32)];
            }
            return new AsciiString(id, false);
        }

        private void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response, ctx.voidPromise());
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
