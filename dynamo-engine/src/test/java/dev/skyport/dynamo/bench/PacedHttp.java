package dev.skyport.dynamo.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A paced HTTP GET load: {@link LoadDriver} at a fixed request rate over keep-alive connections, latency
 * counted from when each request was due (no coordinated omission), for any HTTP/1.1 server that answers
 * with a Content-Length. Debian's {@code wrk} can only saturate; gateway-service/bench/run.sh uses this to
 * read latency at half of the maximum rate.
 *
 * <pre>
 * BENCH_CLASS=PacedHttp dynamo-engine/bench.sh --port 8080 --path /plain/x --rate 5000 \
 *     [--host 127.0.0.1] [--connections 32] [--warmup 5] [--duration 10] [--tokens FILE]
 * </pre>
 * With {@code --tokens}, request i carries {@code Authorization: Bearer <line i of FILE>} (cycling through the
 * file). Prints one line: {@code rate=... p50=... p90=... p99=... p999=... max=... errors=...} (ms).
 */
public final class PacedHttp {

    private PacedHttp() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = -1;
        String path = "/";
        double rate = 0;
        int connections = 32;
        double warmup = 5;
        double duration = 10;
        Path tokens = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--path" -> path = args[++i];
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--tokens" -> tokens = Path.of(args[++i]);
                case "--help" -> {
                    System.out.println("PacedHttp --port N --rate R [--host H] [--path P] [--connections N]"
                            + " [--warmup S] [--duration S] [--tokens FILE]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (port <= 0 || rate <= 0) {
            throw new IllegalArgumentException("--port and --rate are required");
        }
        List<String> bearer = tokens == null ? List.of("") : Files.readAllLines(tokens).stream()
                .filter(line -> !line.isBlank()).toList();
        int poolSize = Math.max(connections, bearer.size() / connections * connections);
        ByteBuf[] pool = new ByteBuf[poolSize];
        for (int i = 0; i < pool.length; i++) {
            String token = bearer.get(i % bearer.size());
            String head = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                    + (token.isEmpty() ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "User-Agent: skyport-paced-http\r\n\r\n";
            pool[i] = Unpooled.directBuffer().writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        }
        List<ByteBuf> toRelease = new ArrayList<>(List.of(pool));
        try (LoadDriver driver = new LoadDriver(host, port, 1)) {
            LoadDriver.Result r = driver.run(LoadDriver.cycling(pool, connections), connections, 0, rate, warmup, duration);
            System.out.printf(Locale.ROOT, "rate=%.0f p50=%.2f p90=%.2f p99=%.2f p999=%.2f max=%.2f errors=%d%s%n",
                    r.opsPerSecond(), r.millis(50), r.millis(90), r.millis(99), r.millis(99.9),
                    r.latencyNanos().getMaxValue() / 1e6, r.errors(),
                    r.errorKinds().isEmpty() ? "" : " " + r.errorKinds());
        } finally {
            toRelease.forEach(ByteBuf::release);
        }
    }
}
