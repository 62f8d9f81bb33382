package dev.skyport.orders.bench;

import dev.skyport.bench.BenchmarkChart;
import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.orders.OrdersApplication;
import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.EventSocketClient;
import dev.skyport.orders.support.FakeUsersService;
import dev.skyport.orders.support.OrdersServiceTest;
import dev.skyport.testsupport.TestIssuer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Benchmark (a program, not a test) of orders-service against an in-process dynamo-engine:
 * <ol>
 *   <li>order creations per second and latency with {@code --clients} (16) concurrent clients, each
 *       with its own customer and Idempotency-Keys, over real HTTP;</li>
 *   <li>WebSocket fan-out delay: {@code --sockets} customer sockets plus one admin socket; orders are
 *       placed at {@code --rate} per second and the time from sending the POST to the event arriving on
 *       the owner's socket (and the admin's) is measured.</li>
 * </ol>
 * Run with {@code benchmarks/orders/bench.sh [--duration S] [--clients N] [--sockets N] [--rate R] [--redis URL]
 * [--no-charts]}; with {@code --redis} the stream's records go through that Redis (shard leases and fan-out).
 * At the end it draws the figures with {@link BenchmarkChart} into {@code docs/images/orders-service-*.png}
 * (each with a {@code .txt} holding the command and the machine's load); {@code --no-charts} leaves them.
 */
public final class OrdersBenchmark {

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = options(argv);
        int clients = Integer.parseInt(args.getOrDefault("clients", "16"));
        int duration = Integer.parseInt(args.getOrDefault("duration", "20"));
        int warmup = Integer.parseInt(args.getOrDefault("warmup", "5"));
        int sockets = Integer.parseInt(args.getOrDefault("sockets", "100"));
        int rate = Integer.parseInt(args.getOrDefault("rate", "10"));
        int fanoutDuration = Integer.parseInt(args.getOrDefault("fanout-duration", "15"));
        boolean charts = !args.containsKey("no-charts");
        String loadBefore = loadAverage();
        System.out.println("load average before the run: " + loadBefore
                + " (figures are only clean on an otherwise idle machine)");
        Creations created;
        FanOut fannedOut;

        try (DynamoEngine engine = DynamoEngine.builder().host("127.0.0.1").port(0).start()) {
            try (TestIssuer tokens = new TestIssuer(); FakeUsersService users = new FakeUsersService(tokens)) {
                Map<String, Object> properties = new LinkedHashMap<>();
                properties.put("server.port", 0);
                properties.put("management.server.port", 0);
                properties.put("skyport.dynamodb.endpoint", engine.endpoint());
                properties.put("skyport.dynamodb.table-prefix", "bench-");
                properties.put("skyport.dynamodb.create-tables", true);
                properties.put("skyport.pagination.cursor-secret", "bench-cursor-secret-0123456789abcdef");
                properties.put("skyport.security.issuer-uri", TestIssuer.ISSUER);
                properties.put("skyport.security.jwk-set-uri", users.jwksUri());
                properties.put("skyport.orders.users-service.url", users.url());
                properties.put("spring.security.oauth2.client.provider.users-service.token-uri", users.url() + "/oauth2/token");
                properties.put("spring.security.oauth2.client.registration.users-service.client-secret",
                        FakeUsersService.CLIENT_SECRET);
                if (args.containsKey("redis")) {
                    // The stream's records reach the sockets through Redis (leases + fan-out), as on Kubernetes.
                    properties.put("spring.data.redis.url", args.get("redis"));
                    properties.put("skyport.orders.stream.redis-url", args.get("redis"));
                }
                properties.put("logging.level.root", "WARN");
                properties.put("logging.structured.format.console", "");
                String[] springArgs = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new);
                try (ConfigurableApplicationContext app = new SpringApplicationBuilder(OrdersApplication.class)
                        .run(springArgs)) {
                    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                    ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port));
                    System.out.printf("orders-service on port %d, engine %s, %d cores%n", port, engine.endpoint(),
                            Runtime.getRuntime().availableProcessors());
                    created = creations(api, tokens, clients, warmup, duration);
                    fannedOut = fanOut(api, tokens, port, sockets, rate, fanoutDuration);
                }
            }
        }
        if (charts) {
            writeCharts(command(argv), loadBefore, created, fannedOut);
        }
        System.exit(0);
    }

    /** Order creation, closed loop: throughput and latency of POST /api/orders (201s only). */
    record Creations(int clients, int seconds, int warmupSeconds, double perSecond, long p50, long p99, long max,
                     int orders, long failures) {
    }

    /** Fan-out delays in nanoseconds (POST sent to event) and milliseconds (createdAt to event). */
    record FanOut(int sockets, int rate, int seconds, long ownerP50, long ownerP99, long adminP50, long adminP99,
                  long writeP50Millis, long writeP99Millis) {
    }

    // ---- charts (docs/images, see docs/benchmarks.md) ---------------------------------------------

    private static void writeCharts(String command, String loadBefore, Creations c, FanOut f) {
        String load = "load average before the run: " + loadBefore + "; at the end: " + loadAverage();
        String creationSetup = String.format(Locale.ROOT, "order creation: %d concurrent clients, 3-line orders, "
                        + "%d s measured after %d s warm-up, %d orders, %d failures", c.clients(), c.seconds(),
                c.warmupSeconds(), c.orders(), c.failures());
        String fanOutSetup = String.format(Locale.ROOT, "fan-out: %d customer sockets + 1 admin socket, %d orders/s "
                + "for %d s", f.sockets(), f.rate(), f.seconds());
        String clients = c.clients() + " concurrent clients";
        List<Path> written = new ArrayList<>();
        written.add(BenchmarkChart.bars("orders-service-creations", "orders-service: order creations per second "
                        + "(POST /api/orders with an Idempotency-Key)", "orders created per second")
                .note(creationSetup).note(load)
                .value(clients, "order creations per second", c.perSecond())
                .write(command));
        written.add(BenchmarkChart.bars("orders-service-creation-latency",
                        "orders-service: order creation latency (POST sent -> 201)", "ms")
                .note(creationSetup).note(load)
                .value("p50", clients, ms(c.p50())).value("p99", clients, ms(c.p99()))
                .write(command));
        written.add(BenchmarkChart.bars("orders-service-fanout", "orders-service: WebSocket fan-out delay "
                        + "(order.created on /ws/orders)", "ms")
                .note(fanOutSetup).note(load)
                .note("createdAt -> owner's socket: the order's createdAt (stamped just before its write, ms "
                        + "resolution) to the event's arrival")
                .value("p50", "POST sent -> owner's socket", ms(f.ownerP50()))
                .value("p99", "POST sent -> owner's socket", ms(f.ownerP99()))
                .value("p50", "POST sent -> admin socket", ms(f.adminP50()))
                .value("p99", "POST sent -> admin socket", ms(f.adminP99()))
                .value("p50", "createdAt -> owner's socket", f.writeP50Millis())
                .value("p99", "createdAt -> owner's socket", f.writeP99Millis())
                .write(command));
        written.forEach(p -> System.out.println("chart: " + p + " (and " + p.getFileName().toString()
                .replace(".png", ".txt") + ")"));
    }

    /** The command line as a person types it from the project root, recorded beside the charts. */
    private static String command(String[] argv) {
        StringBuilder command = new StringBuilder("benchmarks/orders/bench.sh");
        for (String arg : argv) {
            command.append(' ').append(arg.contains(" ") ? "\"" + arg + "\"" : arg);
        }
        return command.toString();
    }

    /** The three load averages (Linux), so a reader can tell a clean figure from a crowded one. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Creations creations(ApiClient api, TestIssuer tokens, int clients, int warmup, int duration) throws Exception {
        String body = OrdersServiceTest.orderBody(3);
        List<String> clientTokens = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            clientTokens.add(tokens.accessToken("bench-" + UUID.randomUUID(), TestIssuer.CUSTOMER_SCOPES, List.of("USER"),
                    Duration.ofHours(1)));
        }
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
        long end = warmupEnd + Duration.ofSeconds(duration).toNanos();
        AtomicLong failures = new AtomicLong();
        List<Future<long[]>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (String token : clientTokens) {
                results.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 20];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        ApiClient.Response response = api.post("/api/orders", token, body,
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                        long took = System.nanoTime() - start;
                        if (response.status() != 201) {
                            failures.incrementAndGet();
                        } else if (start >= warmupEnd && n < latencies.length) {
                            latencies[n++] = took;
                        }
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : results) {
                all.add(f.get());
            }
            long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            if (merged.length == 0) {
                throw new IllegalStateException("no order was created in " + duration + " s (" + failures.get()
                        + " failures)");
            }
            System.out.printf("order creation, %d concurrent clients, %d s after %d s warm-up: %.0f orders/s, "
                            + "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d orders, %d failures)%n",
                    clients, duration, warmup, merged.length / (double) duration, ms(percentile(merged, 50)),
                    ms(percentile(merged, 99)), ms(merged[merged.length - 1]), merged.length, failures.get());
            return new Creations(clients, duration, warmup, merged.length / (double) duration,
                    percentile(merged, 50), percentile(merged, 99), merged[merged.length - 1], merged.length,
                    failures.get());
        }
    }

    private static FanOut fanOut(ApiClient api, TestIssuer tokens, int port, int sockets, int rate, int duration)
            throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + port + "/ws/orders");
        List<String> customers = new ArrayList<>();
        List<String> customerTokens = new ArrayList<>();
        List<EventSocketClient> clients = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            String id = "fan-" + UUID.randomUUID();
            String token = tokens.accessToken(id, TestIssuer.CUSTOMER_SCOPES, List.of("USER"), Duration.ofHours(1));
            customers.add(id);
            customerTokens.add(token);
            clients.add(EventSocketClient.connect(uri, token));
        }
        EventSocketClient admin = EventSocketClient.connect(uri, tokens.accessToken("fan-admin", TestIssuer.CUSTOMER_SCOPES,
                List.of("USER", "ADMIN"), Duration.ofHours(1)));
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> ownerDelays = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> adminDelays = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> writeDelays = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> readers = new ArrayList<>();
        for (EventSocketClient client : clients) {
            readers.add(Thread.ofVirtual().start(() -> collect(client, sentAt, ownerDelays, writeDelays)));
        }
        readers.add(Thread.ofVirtual().start(() -> collect(admin, sentAt, adminDelays, new ArrayList<>())));

        String body = OrdersServiceTest.orderBody(3);
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        int placed = 0;
        long end = System.nanoTime() + Duration.ofSeconds(duration).toNanos();
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            while (System.nanoTime() < end) {
                int who = placed % sockets;
                String key = UUID.randomUUID().toString();
                writers.submit(() -> {
                    long start = System.nanoTime();
                    ApiClient.Response response = api.post("/api/orders", customerTokens.get(who), body,
                            Map.of("Idempotency-Key", key));
                    if (response.status() == 201) {
                        sentAt.putIfAbsent(response.json().get("id").asString(), start);
                    }
                });
                placed++;
                next += interval;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(Duration.ofNanos(sleep));
                }
            }
        }
        Thread.sleep(2000);
        readers.forEach(Thread::interrupt);
        long[] owner = ownerDelays.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] toAdmin = adminDelays.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] fromWrite = writeDelays.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("WebSocket fan-out, %d customer sockets + 1 admin socket, %d orders/s for %d s (%d placed): "
                        + "POST sent -> event on the owner's socket p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d events); "
                        + "on the admin socket p50 %.1f ms, p99 %.1f ms (%d events)%n",
                sockets, rate, duration, placed, ms(percentile(owner, 50)), ms(percentile(owner, 99)),
                ms(owner.length == 0 ? 0 : owner[owner.length - 1]), owner.length,
                ms(percentile(toAdmin, 50)), ms(percentile(toAdmin, 99)), toAdmin.length);
        System.out.printf("WebSocket fan-out, write -> event (the order's createdAt, stamped just before its "
                        + "write, to the event on the owner's socket; ms resolution): p50 %d ms, p99 %d ms, max %d ms%n",
                percentile(fromWrite, 50), percentile(fromWrite, 99),
                fromWrite.length == 0 ? 0 : fromWrite[fromWrite.length - 1]);
        clients.forEach(EventSocketClient::close);
        admin.close();
        return new FanOut(sockets, rate, duration, percentile(owner, 50), percentile(owner, 99),
                percentile(toAdmin, 50), percentile(toAdmin, 99), percentile(fromWrite, 50),
                percentile(fromWrite, 99));
    }

    /** Events arrive before or after the POST's answer; the send time is filled in by the writer. */
    private static void collect(EventSocketClient client, Map<String, Long> sentAt, List<Long> delays,
                                List<Long> writeDelays) {
        Map<String, Long> arrived = new LinkedHashMap<>();
        while (!Thread.currentThread().isInterrupted()) {
            JsonNode event = client.next(Duration.ofMillis(200));
            long now = System.nanoTime();
            if (event != null && event.get("type").asString().equals("order.created")) {
                arrived.put(event.get("order").get("id").asString(), now);
                writeDelays.add(System.currentTimeMillis()
                        - java.time.Instant.parse(event.get("order").get("createdAt").asString()).toEpochMilli());
            }
            arrived.entrySet().removeIf(e -> {
                Long start = sentAt.get(e.getKey());
                if (start == null) {
                    return false;
                }
                delays.add(e.getValue() - start);
                return true;
            });
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static Map<String, String> options(String[] argv) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String name = argv[i].replaceFirst("^--", "");
            if (name.equals("no-charts")) {
                options.put(name, "true");
            } else if (i + 1 < argv.length) {
                options.put(name, argv[++i]);
            } else {
                throw new IllegalArgumentException(argv[i] + " needs a value");
            }
        }
        return options;
    }
}
