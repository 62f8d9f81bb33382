package dev.skyport.dynamo.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load generator: N keep-alive HTTP/1.1 connections on a few Netty event-loop threads, each
 * sending pre-built requests closed-loop (the next one as soon as the previous answer is in), or
 * paced to a target rate. Answers are parsed just enough to get the status and the body length.
 * Latency is recorded per answer in an HdrHistogram {@link Recorder}; the warm-up interval is
 * thrown away.
 */
final class LoadDriver implements AutoCloseable {

    /** Supplies the next request for a connection, or null when that connection is done. */
    interface Source {
        ByteBuf next(int connection);
    }

    /**
     * A pool of pre-built requests: connection i sends slots i, i+n, i+2n, ... round and round. The
     * pool's buffers are sent as unreleasable duplicates, so they stay intact for the caller to release.
     */
    static Source cycling(ByteBuf[] buffers, int connections) {
        ByteBuf[] pool = new ByteBuf[buffers.length];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = io.netty.buffer.Unpooled.unreleasableBuffer(buffers[i]);
        }
        int[] cursors = new int[connections];
        for (int i = 0; i < connections; i++) {
            cursors[i] = i;
        }
        return connection -> {
            int slot = cursors[connection];
            cursors[connection] = slot + connections >= pool.length ? connection : slot + connections;
            return pool[slot].duplicate();
        };
    }

    /**
     * @param measured answers that arrived inside the measured window (the rate is measured / seconds)
     * @param answers  every answer, warm-up included; {@code errors} counts the bad ones among them
     */
    record Result(Histogram latencyNanos, double seconds, long measured, long answers, long errors,
                  Map<String, Long> errorKinds, List<String> errorSamples, boolean complete) {

        double opsPerSecond() {
            return measured / seconds;
        }

        double millis(double percentile) {
            return latencyNanos.getTotalCount() == 0 ? Double.NaN
                    : latencyNanos.getValueAtPercentile(percentile) / 1e6;
        }
    }

    /** Linux epoll unless -Dbench.nio=true or the native library is missing. */
    static final boolean EPOLL = !Boolean.getBoolean("bench.nio") && io.netty.channel.epoll.Epoll.isAvailable();

    private final EventLoopGroup group;
    private final String host;
    private final int port;

    LoadDriver(String host, int port, int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads,
                EPOLL ? io.netty.channel.epoll.EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.host = host;
        this.port = port;
    }

    /**
     * Opens {@code connections} connections, runs the source on them for warm-up plus measure
     * seconds (or until the source runs dry when {@code measureSeconds} is 0), closes them.
     *
     * @param ratePerSecond 0 for closed-loop; otherwise requests are paced to this total rate and
     *                      latency counts from when a request should have been sent
     */
    Result run(Source source, int connections, int minAnswerBytes, double ratePerSecond,
               double warmupSeconds, double measureSeconds) throws InterruptedException {
        return run(source, connections, minAnswerBytes, ratePerSecond, warmupSeconds, measureSeconds, () -> { }, () -> { });
    }

    /** As above, calling {@code windowStart} and {@code windowEnd} as the measured window opens and closes. */
    Result run(Source source, int connections, int minAnswerBytes, double ratePerSecond,
               double warmupSeconds, double measureSeconds, Runnable windowStart, Runnable windowEnd)
            throws InterruptedException {
        Run run = new Run(source, connections, minAnswerBytes,
                ratePerSecond <= 0 ? 0 : (long) (connections * 1e9 / ratePerSecond));
        List<Channel> channels = new ArrayList<>();
        try {
            Bootstrap bootstrap = new Bootstrap().group(group)
                    .channel(EPOLL ? io.netty.channel.epoll.EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000);
            List<Connection> handlers = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Connection connection = new Connection(i, run);
                handlers.add(connection);
                channels.add(bootstrap.handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(connection);
                    }
                }).connect(host, port).sync().channel());
            }
            run.startNanos = System.nanoTime();
            for (Connection connection : handlers) {
                connection.start();
            }
            Thread pacer = run.intervalNanos > 0 ? Thread.ofPlatform().daemon().name("bench-pacer")
                    .start(() -> pace(run, handlers)) : null;
            boolean complete;
            long measureStart;
            long measureEnd;
            long answersAtStart = 0;
            long answersAtEnd;
            if (measureSeconds <= 0) {
                measureStart = run.startNanos;
                complete = run.done.await(30, TimeUnit.MINUTES);
                measureEnd = System.nanoTime();
                answersAtEnd = run.answers.sum();
            } else {
                sleepNanos((long) (warmupSeconds * 1e9));
                windowStart.run();
                run.recorder.getIntervalHistogram(); // drop the warm-up
                answersAtStart = run.answers.sum();
                measureStart = System.nanoTime();
                sleepNanos((long) (measureSeconds * 1e9));
                measureEnd = System.nanoTime();
                answersAtEnd = run.answers.sum();
                windowEnd.run();
                run.stopping = true;
                complete = run.done.await(10, TimeUnit.SECONDS);
            }
            if (pacer != null) {
                pacer.join(5000);
            }
            // Holds the window's answers plus the (at most one per connection) in flight when it closed.
            Histogram histogram = run.recorder.getIntervalHistogram();
            double seconds = (measureEnd - measureStart) / 1e9;
            Map<String, Long> kinds = new java.util.TreeMap<>();
            run.errorKinds.forEach((k, v) -> kinds.put(k, v.sum()));
            if (!complete) {
                kinds.merge("no answer (stalled connection)", (long) connections - run.doneCount.get(), Long::sum);
            }
            return new Result(histogram, seconds, answersAtEnd - answersAtStart, run.answers.sum(), run.errors.sum(),
                    kinds, List.copyOf(run.errorSamples), complete);
        } finally {
            for (Channel channel : channels) {
                channel.close();
            }
            for (Channel channel : channels) {
                channel.closeFuture().await(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Paced runs: a request that is not due yet waits on its connection; every {@link #TICK_NANOS}
     * this thread asks each event loop to send its connections' requests that have come due. One
     * wake-up per loop per tick keeps the client cheap (Netty's own scheduler busy-polls the selector
     * for deadlines under a millisecond, which would take a whole CPU from the server).
     */
    private static void pace(Run run, List<Connection> connections) {
        Map<io.netty.channel.EventLoop, List<Connection>> byLoop = new java.util.HashMap<>();
        for (Connection c : connections) {
            byLoop.computeIfAbsent(c.ctx.channel().eventLoop(), k -> new ArrayList<>()).add(c);
        }
        List<Runnable> ticks = new ArrayList<>();
        byLoop.forEach((loop, list) -> ticks.add(() -> {
            long now = System.nanoTime();
            for (Connection c : list) {
                c.sendIfDue(now);
            }
        }));
        List<io.netty.channel.EventLoop> loops = new ArrayList<>(byLoop.keySet());
        while (run.done.getCount() > 0) {
            for (int i = 0; i < loops.size(); i++) {
                loops.get(i).execute(ticks.get(i));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TICK_NANOS);
        }
    }

    private static final long TICK_NANOS = 500_000;

    private static void sleepNanos(long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One measured run, shared by its connections. */
    private static final class Run {
        final Source source;
        final int minAnswerBytes;
        final long intervalNanos;
        final int connections;
        final Recorder recorder = new Recorder(3);
        final LongAdder answers = new LongAdder();
        final LongAdder errors = new LongAdder();
        final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
        final AtomicInteger sampleCount = new AtomicInteger();
        final CountDownLatch done;
        final AtomicInteger doneCount = new AtomicInteger();
        volatile boolean stopping;
        volatile long startNanos;

        Run(Source source, int connections, int minAnswerBytes, long intervalNanos) {
            this.source = source;
            this.connections = connections;
            this.minAnswerBytes = minAnswerBytes;
            this.intervalNanos = intervalNanos;
            this.done = new CountDownLatch(connections);
        }

        void error(String kind, String sample) {
            errors.increment();
            errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
            if (sample != null && sampleCount.getAndIncrement() < 5) {
                errorSamples.add(sample.length() > 300 ? sample.substring(0, 300) + "..." : sample);
            }
        }

        void connectionDone() {
            doneCount.incrementAndGet();
            done.countDown();
        }
    }

    /** One connection: sends, waits for the whole answer, checks it, records, sends again. */
    private static final class Connection extends ByteToMessageDecoder {
        private final int index;
        private final Run run;
        private ChannelHandlerContext ctx;
        private ByteBuf pending;
        private long pendingDue;
        private long sentAt;
        private long sequence;
        private boolean finished;
        private int headerLength = -1;
        private int status;
        private int contentLength;

        Connection(int index, Run run) {
            this.index = index;
            this.run = run;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        void start() {
            ctx.channel().eventLoop().execute(() -> next(System.nanoTime()));
        }

        private void next(long now) {
            if (finished) {
                return;
            }
            if (run.stopping) {
                finish();
                return;
            }
            ByteBuf request = run.source.next(index);
            if (request == null) {
                finish();
                return;
            }
            if (run.intervalNanos > 0) {
                // Paced: connection i's k-th request is due at start + (k + i/n) * interval. Overdue (the
                // previous answer came late): send now and count from when it was due, so a slow
                // server's delays are measured; not yet due: the pacer sends it, counting from then.
                long due = run.startNanos + sequence++ * run.intervalNanos + index * run.intervalNanos / run.connections;
                if (due > now) {
                    pending = request;
                    pendingDue = due;
                    return;
                }
                send(request, due);
            } else {
                send(request, now);
            }
        }

        /** On the event loop, from the pacer. */
        void sendIfDue(long now) {
            ByteBuf request = pending;
            if (request == null) {
                return;
            }
            if (run.stopping) {
                pending = null;
                finish();
            } else if (pendingDue <= now) {
                pending = null;
                send(request, now);
            }
        }

        private void send(ByteBuf request, long countFrom) {
            sentAt = countFrom;
            ctx.writeAndFlush(request, ctx.voidPromise());
        }

        private void finish() {
            if (!finished) {
                finished = true;
                run.connectionDone();
            }
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (true) {
                if (headerLength < 0 && !parseHead(in)) {
                    return;
                }
                if (in.readableBytes() < headerLength + contentLength) {
                    return;
                }
                long now = System.nanoTime();
                int bodyStart = in.readerIndex() + headerLength;
                run.recorder.recordValue(Math.max(0, now - sentAt));
                run.answers.increment();
                if (status != 200) {
                    String body = in.toString(bodyStart, contentLength, StandardCharsets.UTF_8);
                    run.error("HTTP " + status + " " + errorType(body), body);
                } else if (contentLength < run.minAnswerBytes) {
                    String body = in.toString(bodyStart, contentLength, StandardCharsets.UTF_8);
                    run.error("HTTP 200 but answer shorter than " + run.minAnswerBytes + " bytes", body);
                }
                in.skipBytes(headerLength + contentLength);
                headerLength = -1;
                next(now);
            }
        }

        /** Status line and Content-Length; false until the whole head has arrived. */
        private boolean parseHead(ByteBuf in) {
            int start = in.readerIndex();
            int end = in.writerIndex();
            int headEnd = -1;
            for (int i = start + 12; i + 3 < end; i++) {
                if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r'
                        && in.getByte(i + 3) == '\n') {
                    headEnd = i + 4;
                    break;
                }
            }
            if (headEnd < 0) {
                return false;
            }
            String head = in.toString(start, headEnd - start, StandardCharsets.US_ASCII);
            status = Integer.parseInt(head.substring(9, 12));
            contentLength = -1;
            int lineStart = head.indexOf("\r\n") + 2;
            while (lineStart < head.length() - 2) {
                int lineEnd = head.indexOf("\r\n", lineStart);
                int colon = head.indexOf(':', lineStart);
                if (colon > 0 && colon < lineEnd
                        && head.regionMatches(true, lineStart, "content-length", 0, colon - lineStart)
                        && colon - lineStart == "content-length".length()) {
                    contentLength = Integer.parseInt(head.substring(colon + 1, lineEnd).trim());
                }
                lineStart = lineEnd + 2;
            }
            if (contentLength < 0) {
                throw new IllegalStateException("answer without Content-Length: " + head);
            }
            headerLength = headEnd - start;
            return true;
        }

        private static String errorType(String body) {
            int i = body.indexOf("\"__type\"");
            if (i < 0) {
                return "";
            }
            int open = body.indexOf('"', body.indexOf(':', i) + 1);
            int close = open < 0 ? -1 : body.indexOf('"', open + 1);
            if (close < 0) {
                return "";
            }
            String type = body.substring(open + 1, close);
            return type.substring(type.indexOf('#') + 1);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!finished) {
                run.error("connection closed by the server", null);
                finish();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!finished) {
                run.error("client error: " + cause, null);
                finish();
            }
            ctx.close();
        }
    }
}
