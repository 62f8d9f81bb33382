import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token endpoint throughput for the client-credentials grant: C concurrent clients post
 * grant_type=client_credentials as fast as answers come back, for a warm-up and then a measured period.
 * Prints requests per second and latency percentiles. A benchmark, not a test: it asserts nothing.
 *
 * Usage: java TokenEndpointBenchmark.java BASE_URL CLIENT_ID SECRET [concurrency=8] [seconds=20] [warmupSeconds=5]
 */
public class TokenEndpointBenchmark {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String clientId = args[1];
        String secret = args[2];
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 5;

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=users%3Ainternal"))
                .build();

        System.out.printf("warm-up %d s, then %d s with %d concurrent clients against %s%n", warmup, seconds, concurrency, base);
        run(http, request, concurrency, warmup, false);
        run(http, request, concurrency, seconds, true);
    }

    private static void run(HttpClient http, HttpRequest request, int concurrency, int seconds, boolean report)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<List<Long>> latencies = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            List<Long> mine = new ArrayList<>();
            latencies.add(mine);
            pool.submit(() -> {
                while (running.get()) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200 && response.body().contains("access_token")) {
                            ok.incrementAndGet();
                            mine.add(System.nanoTime() - t0);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!report) {
            return;
        }
        List<Long> all = new ArrayList<>();
        latencies.forEach(all::addAll);
        Collections.sort(all);
        System.out.printf("tokens issued: %d in %.1f s -> %.1f tokens/s (failed requests: %d)%n",
                ok.get(), elapsed, ok.get() / elapsed, failed.get());
        if (!all.isEmpty()) {
            System.out.printf("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                    pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), all.get(all.size() - 1) / 1e6);
        }
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
