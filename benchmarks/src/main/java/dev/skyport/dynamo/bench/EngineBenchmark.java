package dev.skyport.dynamo.bench;

import dev.skyport.bench.BenchmarkChart;
import dev.skyport.dynamo.bench.Requests.Op;
import dev.skyport.testsupport.FreePorts;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Benchmark of the engine as a server: {@code java -jar dynamo-engine.jar} in its own process, driven
 * over HTTP by {@link LoadDriver} with pre-built requests. Prints figures, asserts nothing.
 *
 * <p>Run it with {@code benchmarks/engine/bench.sh [options]} (see {@code docs/benchmarks.md}):
 * <pre>
 *   --quick                 short run (1 s warm-up, 2 s measure, 20,000 items, 3 start-ups, 1 paced run)
 *   --warmup S              warm-up seconds per operation (default 3; after the preload every
 *                           operation also runs min(2, S) s once, for the JIT)
 *   --duration S            measured seconds per operation (default 8)
 *   --ops health,get,put,update,query,transact   (health: GET /, the control with no engine work)
 *   --configs memory,disk,memory-pinned,disk-pinned   (or none: start-up and idle heap only)
 *   --items N               items preloaded (default 100000)
 *   --item-size B           item size in bytes (default 1024)
 *   --connections N         keep-alive connections (default 32)
 *   --client-threads N      load generator event-loop threads (default 1)
 *   --server-heap SIZE      -Xms and -Xmx of the server under load (default 512m)
 *   --server-opts "..."     more JVM options for the server under load, e.g. "-XX:+UseZGC"
 *   --startups N            start-ups to time (default 5; 0 skips start-up and idle heap)
 *   --no-rated              skip the GetItem/PutItem runs paced at the goal rates (in memory only;
 *                           min(2, warm-up) s + min(6, duration) s each)
 *   --paced-runs N          paced runs per goal row; the row reports the run with the median p99 (default 3)
 *   --jfr                   record each measured window with JFR (jcmd JFR.start/stop) into
 *                           target/bench/CONFIG-OP.jfr; jcmd's own start-up runs before the
 *                           window but the recording costs the server a little: profile, don't compare
 *   --histograms            print more latency percentiles for every run
 *   --jar PATH              the server jar (default dynamo-engine/target/dynamo-engine.jar)
 *   --no-charts             don't write docs/images/dynamo-engine-*.png (written by default, with the command)
 * </pre>
 */
public final class EngineBenchmark {

    // The goals the figures are printed beside.
    static final double GOAL_GET_PER_SECOND = 17_000;
    static final double GOAL_PUT_PER_SECOND = 15_000;
    static final double GOAL_P99_MILLIS = 2.0;
    static final double GOAL_STARTUP_MILLIS = 500;
    static final double GOAL_IDLE_HEAP_MB = 64;
    static final double GOAL_DISK_WRITE_FRACTION = 1.0 / 3;
    static final double HEAP_LIMIT_MB = 512;

    private final Options options;
    private final Path out;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, ConfigFacts> facts = new LinkedHashMap<>();
    private final HttpClient control = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Long> startupNanos = new ArrayList<>();
    private final List<Long> plainStartupNanos = new ArrayList<>();
    private Map<String, Double> idleHeap;
    private double idleRssMb = Double.NaN;
    private String idleCollector = "?";

    private final String command;

    private EngineBenchmark(Options options, String command) {
        this.options = options;
        this.command = command;
        this.out = options.jar.toAbsolutePath().getParent().resolve("bench");
    }

    public static void main(String[] args) throws Exception {
        // The test classpath has slf4j-api without a binding (from the AWS SDK); keep Netty off it.
        io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
        Options options = Options.parse(args);
        if (options == null) {
            return;
        }
        new EngineBenchmark(options, command(args)).runAll();
        System.exit(0);
    }

    private void runAll() throws Exception {
        if (!Files.isRegularFile(options.jar)) {
            System.err.println("no server jar at " + options.jar
                    + ": build it with ./mvnw -pl dynamo-engine package -DskipTests (benchmarks/engine/bench.sh does)");
            System.exit(2);
        }
        long began = System.nanoTime();
        printMachine();
        if (options.startups > 0) {
            measureStartup();
        }
        for (String config : options.configs) {
            runConfig(config);
        }
        printSummary();
        writeCharts();
        System.out.printf(Locale.ROOT, "%nTotal benchmark time: %.0f s%n", (System.nanoTime() - began) / 1e9);
    }

    /** The command line as a person types it (bench.sh adds --jar itself), recorded beside the charts. */
    private static String command(String[] args) {
        List<String> typed = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--jar") && i + 1 < args.length && args[i + 1].equals("dynamo-engine/target/dynamo-engine.jar")) {
                i++;
            } else {
                typed.add(args[i].contains(" ") ? "\"" + args[i] + "\"" : args[i]);
            }
        }
        return String.join(" ", Stream.concat(Stream.of("benchmarks/engine/bench.sh"), typed.stream()).toList());
    }

    // ---- charts (docs/images, see docs/benchmarks.md) ---------------------------------------------

    private void writeCharts() throws IOException {
        if (options.noCharts) {
            return;
        }
        String load = "load average at the end: " + loadAverage();
        String setup = String.format(Locale.ROOT, "%d items of ~%d B, %d keep-alive connections, %.0f s measured per operation",
                options.items, options.itemSize, options.connections, options.durationSeconds);
        BenchmarkChart throughput = BenchmarkChart.bars("dynamo-engine-throughput",
                "dynamo-engine as a server: closed-loop throughput", "operations per second").note(setup).note(load);
        BenchmarkChart latency = BenchmarkChart.bars("dynamo-engine-latency",
                "dynamo-engine as a server: p99 latency (paced rows at the goal rates)", "p99 ms").note(setup).note(load);
        for (Row row : rows) {
            // Short labels: nine categories share the chart's width.
            String category = switch (row.op) {
                case HEALTH -> "health";
                case UPDATE -> "Update";
                case TRANSACT -> "Transact";
                default -> row.op.target;
            };
            if (row.rate == 0) {
                throughput.value(row.config, category, row.result.opsPerSecond());
            } else {
                category += String.format(Locale.ROOT, " @%.0fk/s", row.rate / 1000);
            }
            latency.value(row.config, category, row.result.millis(99));
        }
        List<java.nio.file.Path> written = new ArrayList<>();
        for (BenchmarkChart chart : List.of(throughput, latency)) {
            if (!chart.isEmpty()) {
                written.add(chart.write(command));
            }
        }
        if (!startupNanos.isEmpty()) {
            written.add(BenchmarkChart.bars("dynamo-engine-startup", "dynamo-engine: start-up to the first answer",
                            "median ms (goal < 500)")
                    .note(startupNanos.size() + " start-ups each, java -jar dynamo-engine.jar --in-memory").note(load)
                    .value("median", "plain java -jar", medianMillis(plainStartupNanos))
                    .value("median", "with run.sh's CDS archive", medianMillis(startupNanos))
                    .write(command));
        }
        System.out.println();
        written.forEach(p -> System.out.println("chart: " + p + " (and " + p.getFileName().toString().replace(".png", ".txt") + ")"));
    }

    // ---- machine ----------------------------------------------------------------------------------

    private void printMachine() throws IOException {
        String cpu = "?";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                cpu = line.substring(line.indexOf(':') + 1).trim();
                break;
            }
        }
        String memory = "?";
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                memory = String.format(Locale.ROOT, "%.1f GB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024);
            }
        }
        System.out.println("# dynamo-engine benchmark, " + ZonedDateTime.now().withNano(0));
        System.out.println("load average before the run: " + loadAverage()
                + " (figures are only clean on an otherwise idle machine: see the 'other CPU' and 'load' columns)");
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (nproc), " + cpu
                + ", " + memory + " RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        System.out.println("JDK: " + System.getProperty("java.vm.name") + " " + Runtime.version()
                + " (" + System.getProperty("java.vendor") + "), " + ServerProcess.javaHome());
        System.out.println("server: java " + String.join(" ", serverArgs("<config>")) + " -jar " + options.jar
                + " --port N --host 127.0.0.1 (--in-memory | --data-dir D)");
        System.out.printf(Locale.ROOT, "load: %d items of ~%d B, %d keep-alive connections closed-loop on %d client"
                        + " thread(s), %.0f s warm-up + %.0f s measured per operation%n",
                options.items, options.itemSize, options.connections, options.clientThreads,
                options.warmupSeconds, options.durationSeconds);
        System.out.println();
    }

    // ---- start-up and idle heap -------------------------------------------------------------------

    private void measureStartup() throws Exception {
        ServerProcess.healthy(FreePorts.one()); // load the probe's classes before timing anything
        System.out.println("## Start-up (java -jar dynamo-engine.jar --in-memory, no JVM flags) to the first 200 on GET /");
        startupSeries(List.of(), plainStartupNanos, true);
        // The launch run.sh uses: a class-data-sharing archive the JVM writes on the first run and maps after.
        Path archive = out.resolve("dynamo-engine.jsa");
        Files.deleteIfExists(archive);
        List<String> cds = List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive);
        try (ServerProcess first = ServerProcess.start(options.jar, null, cds, null,
                out.resolve("startup-cds-archive.log"))) {
            first.awaitFirstAnswer(20_000); // the archive is written when this process exits
        }
        System.out.println("## Start-up with the class-data-sharing archive run.sh uses (" + String.join(" ", cds) + ")");
        startupSeries(cds, startupNanos, false);
        if (idleHeap != null) {
            System.out.printf(Locale.ROOT, "## Idle heap after start-up and a full GC (jcmd GC.run; jstat -gc), %s GC, default heap:%n"
                            + "  used %.1f MB (goal < %.0f MB), committed %.1f MB, metaspace used %.1f MB, RSS %.1f MB  load %s%n%n",
                    idleCollector, ServerProcess.usedMb(idleHeap), GOAL_IDLE_HEAP_MB, ServerProcess.committedMb(idleHeap),
                    idleHeap.getOrDefault("MU", Double.NaN) / 1024, idleRssMb, oneMinuteLoad());
        }
    }

    /** Times {@code options.startups} start-ups with these JVM flags; the last one also measures idle heap. */
    private void startupSeries(List<String> jvmArgs, List<Long> nanosOut, boolean idle) throws Exception {
        Pattern selfReported = Pattern.compile("\"startupMillis\":(\\d+)");
        List<Long> own = new ArrayList<>();
        for (int i = 0; i < options.startups; i++) {
            ServerProcess server = ServerProcess.start(options.jar, null, jvmArgs, null,
                    out.resolve("startup-" + (idle ? "" : "cds-") + i + ".log"));
            try {
                long nanos = server.awaitFirstAnswer(20_000);
                nanosOut.add(nanos);
                Thread.sleep(50);
                Matcher m = selfReported.matcher(server.log());
                String reported = "?";
                if (m.find()) {
                    reported = m.group(1) + " ms";
                    own.add(Long.parseLong(m.group(1)) * 1_000_000);
                }
                System.out.printf(Locale.ROOT, "  run %d: %.0f ms to first answer (engine's own startupMillis: %s)%n",
                        i + 1, nanos / 1e6, reported);
                if (idle && i == options.startups - 1) {
                    Thread.sleep(500);
                    idleCollector = server.collector();
                    idleHeap = server.heapAfterGc();
                    idleRssMb = server.rssMb();
                }
            } finally {
                server.close();
            }
        }
        System.out.printf(Locale.ROOT, "  median: %.0f ms (goal < %.0f ms); engine's own median: %s ms  load %s%n",
                medianMillis(nanosOut), GOAL_STARTUP_MILLIS,
                own.isEmpty() ? "?" : String.format(Locale.ROOT, "%.0f", medianMillis(own)), oneMinuteLoad());
    }

    private static double medianMillis(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return (sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0) / 1e6;
    }

    // ---- one configuration ------------------------------------------------------------------------

    private List<String> serverArgs(String config) {
        List<String> args = new ArrayList<>();
        // A fixed heap, as servers are run: a growing one lets G1 start marking cycles early (its occupancy
        // threshold is a share of the heap as it is now) and touch fresh memory under load.
        args.add("-Xms" + options.serverHeap);
        args.add("-Xmx" + options.serverHeap);
        args.add("-Xlog:gc,gc+phases:file=" + out.resolve(config + "-gc.log"));
        args.addAll(options.serverOpts);
        return args;
    }

    private void runConfig(String config) throws Exception {
        boolean disk = config.startsWith("disk");
        boolean pinned = config.endsWith("-pinned");
        ConfigFacts f = new ConfigFacts();
        facts.put(config, f);
        System.out.printf("## %s: %s, %s%n", config, disk ? "data directory (durable writes)" : "in memory",
                pinned ? "server on CPU 0 (taskset -c 0), load generator on CPU 1" : "server and load generator share both CPUs");
        Path dataDir = disk ? Files.createTempDirectory("dynamo-bench-") : null;
        ServerProcess server = ServerProcess.start(options.jar, pinned ? "0" : null, serverArgs(config), dataDir,
                out.resolve(config + ".log"));
        String ownAffinity = null;
        List<ByteBuf> toRelease = new ArrayList<>();
        try {
            try {
                server.awaitFirstAnswer(30_000);
            } catch (IOException e) {
                f.failure = "server did not start: " + firstLine(e.getMessage());
                System.out.println("  " + e.getMessage().replace("\n", "\n  "));
                return;
            }
            f.collector = server.collector();
            if (pinned) {
                ownAffinity = affinity();
                setAffinity("1");
            }
            Requests requests = new Requests(ServerProcess.HOST, server.port(), options.items, options.itemSize,
                    options.connections);
            HttpResponse<String> created = call(server.port(), "CreateTable", Requests.createTable());
            if (created.statusCode() != 200) {
                f.failure = "CreateTable answered " + created.statusCode() + ": " + created.body();
                System.out.println("  " + f.failure);
                return;
            }
            awaitActive(server.port());
            try (LoadDriver driver = new LoadDriver(ServerProcess.HOST, server.port(), options.clientThreads)) {
                preload(driver, requests, server, f);
                if (!server.alive()) {
                    f.failure = "server died during preload";
                    System.out.println("  " + f.failure + ":\n" + server.logTail(20));
                    return;
                }
                Map<String, Double> heap = server.heapAfterGc();
                f.heapAfterPreloadMb = ServerProcess.usedMb(heap);
                System.out.printf(Locale.ROOT, "  heap after preload and a full GC: used %.1f MB of -Xmx%s (committed %.1f MB), RSS %.0f MB, %s GC%n",
                        f.heapAfterPreloadMb, options.serverHeap, ServerProcess.committedMb(heap), server.rssMb(), f.collector);
                f.loadStartUptimeNanos = System.nanoTime() - server.launchedNanos;
                Map<Op, ByteBuf[]> pools = new LinkedHashMap<>();
                for (Op op : options.ops) {
                    ByteBuf[] pool = requests.pool(op, poolSize(op));
                    toRelease.addAll(Arrays.asList(pool));
                    pools.put(op, pool);
                }
                // Every operation once before any is measured, so that the JIT compiler threads (whose
                // CPU time counts as the server's) are mostly done before the first measured window.
                double jitWarmup = Math.min(2, options.warmupSeconds);
                long warmupErrors = 0;
                for (Op op : options.ops) {
                    warmupErrors += driver.run(LoadDriver.cycling(pools.get(op), options.connections), options.connections,
                            op.minAnswerBytes, 0, 0, jitWarmup).errors();
                }
                System.out.printf(Locale.ROOT, "  warm-up: %.0f s of each operation, %d errors%n", jitWarmup, warmupErrors);
                for (Op op : options.ops) {
                    ByteBuf[] pool = pools.get(op);
                    Row row = measure(driver, server, config, op, op.label(), LoadDriver.cycling(pool, options.connections), 0);
                    if (row == null) {
                        return;
                    }
                    boolean rate = config.startsWith("memory") && options.rated;
                    if (rate && op == Op.HEALTH) {
                        measurePaced(driver, server, config, op, "health check paced at 17,000/s", pool, GOAL_GET_PER_SECOND);
                    } else if (rate && op == Op.GET) {
                        measurePaced(driver, server, config, op, "GetItem paced at 17,000/s", pool, GOAL_GET_PER_SECOND);
                    } else if (rate && op == Op.PUT) {
                        measurePaced(driver, server, config, op, "PutItem paced at 15,000/s", pool, GOAL_PUT_PER_SECOND);
                    }
                }
                if (server.alive()) {
                    Map<String, Double> after = server.heapAfterGc();
                    f.heapAtEndMb = ServerProcess.usedMb(after);
                    System.out.printf(Locale.ROOT, "  heap at the end after a full GC: used %.1f MB; RSS %.0f MB%n",
                            f.heapAtEndMb, server.rssMb());
                }
            }
        } finally {
            if (ownAffinity != null) {
                setAffinity(ownAffinity);
            }
            server.close();
            toRelease.forEach(ByteBuf::release);
            if (dataDir != null) {
                f.dataDirMb = size(dataDir) / 1024.0 / 1024;
                System.out.printf(Locale.ROOT, "  data directory at the end: %.0f MB%n", f.dataDirMb);
                delete(dataDir);
            }
            printGcPauses(out.resolve(config + "-gc.log"), f);
            String log = server.log();
            if (log.contains("OutOfMemoryError")) {
                f.failure = "OutOfMemoryError in the server";
                System.out.println("  !! the server ran out of memory: see " + out.resolve(config + ".log"));
            }
            System.out.println();
        }
    }

    /** The server's stop-the-world pauses under load (after the preload), from its -Xlog:gc file. */
    private static void printGcPauses(Path gcLog, ConfigFacts f) {
        List<String> lines;
        try {
            lines = Files.readAllLines(gcLog);
        } catch (IOException e) {
            return;
        }
        Pattern pause = Pattern.compile("^\\[([0-9.]+)s\\].*(Pause [^(]*\\([^)]*\\)|Pause \\S+).* ([0-9.]+)ms$");
        List<Double> pauses = new ArrayList<>();
        double first = Double.NaN;
        double last = Double.NaN;
        for (String line : lines) {
            Matcher m = pause.matcher(line);
            if (m.find() && !line.contains("Diagnostic Command")) { // the benchmark's own jcmd GC.run
                double at = Double.parseDouble(m.group(1));
                if (at * 1e9 < f.loadStartUptimeNanos) {
                    continue;
                }
                first = Double.isNaN(first) ? at : first;
                last = at;
                pauses.add(Double.parseDouble(m.group(3)));
            }
        }
        if (pauses.isEmpty()) {
            return;
        }
        double total = pauses.stream().mapToDouble(Double::doubleValue).sum();
        double max = pauses.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        long over2 = pauses.stream().filter(p -> p > 2).count();
        f.gcPauses = String.format(Locale.ROOT, "%d pauses, %d over 2 ms, longest %.1f ms, %.2f s in all",
                pauses.size(), over2, max, total / 1000);
        System.out.printf(Locale.ROOT, "  GC under load (%.0f s, %s): %s%n", last - first, gcLog.getFileName(), f.gcPauses);
    }

    private int poolSize(Op op) {
        return switch (op) {
            case HEALTH -> 64;
            case GET, PUT, UPDATE -> 16_384;
            case QUERY, TRANSACT -> 4_096;
        };
    }

    /** BatchWriteItem of 25 items a request (PutItem one by one if the engine refuses batches). */
    private void preload(LoadDriver driver, Requests requests, ServerProcess server, ConfigFacts f) throws Exception {
        int items = options.items;
        LoadDriver.Source source;
        String how;
        HttpResponse<String> probe = call(server.port(), "BatchWriteItem", requests.batchWrite(0, Math.min(25, items)));
        if (probe.statusCode() == 200 && !probe.body().contains("PutRequest")) {
            AtomicInteger nextBatch = new AtomicInteger(1);
            source = c -> {
                int from = nextBatch.getAndIncrement() * 25;
                return from >= items ? null
                        : requests.raw("BatchWriteItem", requests.batchWrite(from, Math.min(items, from + 25)), false);
            };
            how = "BatchWriteItem x25";
        } else {
            System.out.println("  BatchWriteItem answered " + probe.statusCode() + " " + firstLine(probe.body())
                    + ": preloading with PutItem");
            AtomicInteger next = new AtomicInteger();
            source = c -> {
                int i = next.getAndIncrement();
                return i >= items ? null : requests.raw("PutItem", requests.put(i, 0), false);
            };
            how = "PutItem";
        }
        long t0 = System.nanoTime();
        LoadDriver.Result r = driver.run(source, options.connections, 0, 0, 0, 0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        f.preloadItemsPerSecond = items / seconds;
        System.out.printf(Locale.ROOT, "  preload: %,d items (%s) in %.1f s = %,.0f items/s, %d errors%n",
                items, how, seconds, f.preloadItemsPerSecond, r.errors());
        printErrors(r);
    }

    private Row measure(LoadDriver driver, ServerProcess server, String config, Op op, String label,
                        LoadDriver.Source source, double rate) throws InterruptedException {
        long self = ProcessHandle.current().pid();
        long[] cpu = new long[8];
        double warmup = rate > 0 ? Math.min(options.warmupSeconds, 2) : options.warmupSeconds;
        double duration = rate > 0 ? Math.min(options.durationSeconds, 6) : options.durationSeconds;
        String recording = config + "-" + op.name().toLowerCase(Locale.ROOT) + (rate > 0 ? "-paced" : "");
        LoadDriver.Result r = driver.run(source, options.connections, op.minAnswerBytes, rate, warmup, duration,
                () -> {
                    if (options.jfr) {
                        jcmd(server, "JFR.start", "name=" + recording, "settings=profile", "method-profiling=max");
                    }
                    cpu[0] = ServerProcess.cpuNanos(server.pid());
                    cpu[1] = ServerProcess.cpuNanos(self);
                    cpu[4] = ServerProcess.machineBusyNanos();
                    cpu[6] = ServerProcess.cpuNanos(server.pid(), false, true);
                },
                () -> {
                    cpu[2] = ServerProcess.cpuNanos(server.pid());
                    cpu[3] = ServerProcess.cpuNanos(self);
                    cpu[5] = ServerProcess.machineBusyNanos();
                    cpu[7] = ServerProcess.cpuNanos(server.pid(), false, true);
                    if (options.jfr) {
                        jcmd(server, "JFR.stop", "name=" + recording, "filename=" + out.resolve(recording + ".jfr"));
                    }
                });
        return report(server, config, op, label, rate, r, cpu);
    }

    /**
     * A paced run by benchmarks/pace (C, one thread, epoll with nanosecond timeouts), when it can be built: the Java
     * load generator's own pauses (its event loop, its collector, the pacer thread's wake-ups) put 5-11 ms into
     * the p99 of a paced run even against nginx, which pace measures at ~0.2 ms, so the goal rows use pace.
     * Falls back to {@link LoadDriver} (saying so) without a C compiler.
     */
    private Row measurePaced(LoadDriver driver, ServerProcess server, String config, Op op, String label,
                             ByteBuf[] pool, double rate) throws InterruptedException {
        if (options.pacedRuns == 1) {
            return pacedRun(driver, server, config, op, label, pool, rate);
        }
        // One paced p99 moves a lot from run to run on a shared 2-core VM; the row kept is the median run.
        List<Row> runs = new ArrayList<>();
        for (int k = 1; k <= options.pacedRuns; k++) {
            Row run = pacedRun(driver, server, config, op, label + " #" + k, pool, rate);
            if (run == null) {
                return null;
            }
            rows.remove(run);
            runs.add(run);
        }
        List<String> p99s = runs.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.result.millis(99))).toList();
        runs.sort(java.util.Comparator.comparingDouble(r -> r.result.millis(99)));
        Row median = runs.get(runs.size() / 2);
        Row kept = new Row(median.config, median.op, label, median.rate, median.result, median.serverCpu,
                median.clientCpu, median.otherCpu, median.serverMicrosPerOp, median.load);
        rows.add(kept);
        System.out.printf(Locale.ROOT, "  %-46s median p99 of %d runs: %.2f ms (runs: %s ms)%n", label, runs.size(),
                median.result.millis(99), String.join(", ", p99s));
        return kept;
    }

    private Row pacedRun(LoadDriver driver, ServerProcess server, String config, Op op, String label,
                         ByteBuf[] pool, double rate) throws InterruptedException {
        double warmup = Math.min(options.warmupSeconds, 2);
        double duration = Math.min(options.durationSeconds, 6);
        String name = config + "-" + op.name().toLowerCase(Locale.ROOT) + "-paced"
                + (label.contains(" #") ? "-" + label.substring(label.lastIndexOf('#') + 1) : "");
        Path requests = out.resolve(name + ".requests");
        Path latencies = out.resolve(name + ".latencies");
        try {
            try (var file = Files.newOutputStream(requests)) {
                for (ByteBuf request : pool) {
                    byte[] bytes = new byte[request.readableBytes()];
                    request.getBytes(request.readerIndex(), bytes);
                    file.write(bytes);
                }
            }
            Files.deleteIfExists(latencies);
            long[] cpu = new long[8];
            cpu[0] = ServerProcess.cpuNanos(server.pid());
            cpu[4] = ServerProcess.machineBusyNanos();
            cpu[6] = ServerProcess.cpuNanos(server.pid(), false, true);
            long started = System.nanoTime();
            Process pace = new ProcessBuilder("benchmarks/pace/pace.sh", Integer.toString(server.port()), requests.toString(),
                    Long.toString((long) rate), Integer.toString(options.connections), Double.toString(warmup),
                    Double.toString(duration), latencies.toString())
                    .redirectErrorStream(true).start();
            String output = new String(pace.getInputStream().readAllBytes()).strip();
            int exit = pace.waitFor();
            long window = System.nanoTime() - started;
            cpu[2] = ServerProcess.cpuNanos(server.pid());
            cpu[5] = ServerProcess.machineBusyNanos();
            cpu[7] = ServerProcess.cpuNanos(server.pid(), false, true);
            if (exit != 0 || !Files.exists(latencies)) {
                System.out.println("  (benchmarks/pace failed, exit " + exit + ": " + firstLine(output)
                        + "; paced with the Java load generator instead)");
                return measure(driver, server, config, op, label + " (Java pacer)",
                        LoadDriver.cycling(pool, options.connections), rate);
            }
            org.HdrHistogram.Histogram histogram = new org.HdrHistogram.Histogram(3);
            long count;
            try (Stream<String> lines = Files.lines(latencies)) {
                count = lines.mapToLong(Long::parseLong).peek(histogram::recordValue).count();
            }
            Matcher non2xx = Pattern.compile("non2xx=(\\d+)").matcher(output);
            long errors = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
            LoadDriver.Result r = new LoadDriver.Result(histogram, duration, count, count, errors,
                    errors == 0 ? Map.of() : Map.of("answers other than 2xx (benchmarks/pace)", errors), List.of(), true);
            // pace reports its own CPU time; it and the server's and the machine's are taken over pace's whole
            // run (warm-up included) and scaled to the measured window.
            Matcher paceCpu = Pattern.compile("cpu=([0-9.]+)").matcher(output);
            double scale = duration * 1e9 / window;
            cpu[1] = 0;
            cpu[3] = paceCpu.find() ? (long) (Double.parseDouble(paceCpu.group(1)) * 1e9 * scale) : 0;
            cpu[2] = cpu[0] + (long) ((cpu[2] - cpu[0]) * scale);
            cpu[5] = cpu[4] + (long) ((cpu[5] - cpu[4]) * scale);
            cpu[7] = cpu[6] + (long) ((cpu[7] - cpu[6]) * scale);
            return report(server, config, op, label, rate, r, cpu);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Row report(ServerProcess server, String config, Op op, String label, double rate, LoadDriver.Result r,
                       long[] cpu) {
        double window = r.seconds() * 1e9;
        double serverCpu = (cpu[2] - cpu[0]) / window;
        double clientCpu = (cpu[3] - cpu[1]) / window;
        double otherCpu = Math.max(0, (cpu[5] - cpu[4]) / window - serverCpu - clientCpu);
        Row row = new Row(config, op, label, rate, r, serverCpu, clientCpu, otherCpu,
                (cpu[2] - cpu[0]) / 1e3 / Math.max(1, r.measured()), oneMinuteLoad());
        rows.add(row);
        System.out.printf(Locale.ROOT, "  %-46s %9s/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  max %6.1f ms"
                        + "  server CPU %3.0f%% (%.0f us/op, %.0f%% in the kernel)  client CPU %3.0f%%  other CPU %3.0f%%"
                        + "  answers %,d  errors %,d  load %s%n",
                label, String.format(Locale.ROOT, "%,.0f", r.opsPerSecond()), r.millis(50), r.millis(99),
                r.millis(99.9), r.latencyNanos().getMaxValue() / 1e6, row.serverCpu * 100, row.serverMicrosPerOp,
                100.0 * (cpu[7] - cpu[6]) / Math.max(1, cpu[2] - cpu[0]),
                row.clientCpu * 100, row.otherCpu * 100, r.answers(), r.errors(), row.load);
        if (row.otherCpu > 0.15) {
            System.out.println("      !! other processes used the CPU during this run: its figures are not clean");
        }
        if (options.histograms && r.latencyNanos().getTotalCount() > 0) {
            StringBuilder line = new StringBuilder("      percentiles (ms):");
            for (double p : new double[] {50, 75, 90, 95, 97, 98, 99, 99.5, 99.9, 99.99}) {
                line.append(String.format(Locale.ROOT, " p%s %.2f", p == (long) p ? Long.toString((long) p) : Double.toString(p),
                        r.millis(p)));
            }
            System.out.println(line);
        }
        printErrors(r);
        if (!server.alive()) {
            System.out.println("  !! the server died:\n" + server.logTail(30));
            facts.get(config).failure = "server died during " + op.target;
            return null;
        }
        return row;
    }

    /** Runs jcmd on the server; a failure is printed, not thrown (profiling must not end the run). */
    private static void jcmd(ServerProcess server, String... command) {
        try {
            String[] args = new String[command.length + 1];
            args[0] = Long.toString(server.pid());
            System.arraycopy(command, 0, args, 1, command.length);
            ServerProcess.tool("jcmd", args);
        } catch (IOException | InterruptedException e) {
            System.out.println("      (jcmd " + String.join(" ", command) + " failed: " + e.getMessage() + ")");
        }
    }

    private static void printErrors(LoadDriver.Result r) {
        if (r.errors() == 0 && r.complete()) {
            return;
        }
        r.errorKinds().forEach((kind, count) -> System.out.printf("      %,d x %s%n", count, kind));
        for (String sample : r.errorSamples()) {
            System.out.println("      e.g. " + sample.replace("\n", " "));
        }
    }

    // ---- control calls ----------------------------------------------------------------------------

    private HttpResponse<String> call(int port, String target, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ServerProcess.HOST + ":" + port + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + target)
                .header("X-Amz-Date", "20260101T000000Z")
                .header("Authorization", Requests.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return control.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void awaitActive(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = call(port, "DescribeTable", Requests.describeTable());
            if (r.statusCode() == 200 && r.body().contains("\"TableStatus\":\"ACTIVE\"")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IOException("table not ACTIVE after 30 s");
    }

    // ---- CPU affinity of this process (the load generator) ---------------------------------------

    private static String affinity() throws IOException, InterruptedException {
        String line = ServerProcess.run(List.of("taskset", "-c", "-p", Long.toString(ProcessHandle.current().pid())));
        return line.substring(line.lastIndexOf(':') + 1).trim();
    }

    /** Moves every thread of this JVM (and the threads it starts later) onto these CPUs. */
    private static void setAffinity(String cpus) throws IOException, InterruptedException {
        ServerProcess.run(List.of("taskset", "-a", "-c", "-p", cpus, Long.toString(ProcessHandle.current().pid())));
    }

    // ---- summary ----------------------------------------------------------------------------------

    private void printSummary() {
        System.out.println("## Summary");
        System.out.println();
        System.out.printf("Closed loop, %d connections, %d items of ~%d B; latency from send to the whole answer "
                        + "(paced rows: from when the request was due).%n%n", options.connections, options.items, options.itemSize);
        System.out.println("| configuration | operation | ops/s | p50 ms | p99 ms | p99.9 ms | server CPU | server µs/op"
                + " | client CPU | other CPU | errors | load (1 min) |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            LoadDriver.Result r = row.result;
            System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %.2f | %.2f | %.2f | %.0f%% | %.0f | %.0f%% | %.0f%% | %s | %s |%n",
                    row.config, row.label, r.opsPerSecond(), r.millis(50), r.millis(99), r.millis(99.9),
                    row.serverCpu * 100, row.serverMicrosPerOp, row.clientCpu * 100, row.otherCpu * 100,
                    r.errors() == 0 && r.complete() ? "0" : r.errors() + " of " + r.answers(), row.load);
        }
        System.out.println();
        facts.forEach((config, f) -> {
            if (f.gcPauses != null) {
                System.out.println("- " + config + ", " + f.collector + " GC under load: " + f.gcPauses);
            }
            if (f.failure != null) {
                System.out.println("- " + config + ": " + f.failure);
            }
        });
        System.out.println();
        System.out.println("## Goals");
        System.out.println();
        System.out.println("| goal | configuration | measured | met |");
        System.out.println("|---|---|---:|---|");
        for (String config : List.of("memory", "memory-pinned")) {
            goalRate(config, Op.GET, 0, GOAL_GET_PER_SECOND, "GetItem ≥ 17,000/s");
            goalRate(config, Op.PUT, 0, GOAL_PUT_PER_SECOND, "PutItem ≥ 15,000/s");
            goalP99(config, Op.GET, GOAL_GET_PER_SECOND, "GetItem p99 ≤ 2 ms at 17,000/s");
            goalP99(config, Op.PUT, GOAL_PUT_PER_SECOND, "PutItem p99 ≤ 2 ms at 15,000/s");
            // The control: the same HTTP path with no engine work. Its p99 is the floor of this machine, the
            // kernel, Netty and the load generator; an operation's p99 near it is as low as this setup can show.
            Row floor = find(config, Op.HEALTH, GOAL_GET_PER_SECOND);
            if (floor != null) {
                System.out.printf(Locale.ROOT, "| (floor) health check p99 at 17,000/s | %s (paced, achieved %,.0f/s) | %.2f ms | - |%n",
                        config, floor.result.opsPerSecond(), floor.result.millis(99));
            }
        }
        if (!startupNanos.isEmpty()) {
            double median = medianMillis(startupNanos);
            goal("start-up to first answer < 0.5 s", "median of " + startupNanos.size() + ", with the CDS archive",
                    String.format(Locale.ROOT, "%.0f ms (no JVM flags: %.0f ms)", median,
                            medianMillis(plainStartupNanos)), median < GOAL_STARTUP_MILLIS);
        }
        if (idleHeap != null) {
            double used = ServerProcess.usedMb(idleHeap);
            goal("idle heap < 64 MB", "used after full GC (" + idleCollector + ")",
                    String.format(Locale.ROOT, "%.1f MB (committed %.0f MB)", used, ServerProcess.committedMb(idleHeap)),
                    used < GOAL_IDLE_HEAP_MB);
        }
        for (String[] pair : new String[][] {{"memory", "disk"}, {"memory-pinned", "disk-pinned"}}) {
            for (Op op : List.of(Op.PUT, Op.UPDATE, Op.TRANSACT)) {
                Row mem = find(pair[0], op, 0);
                Row disk = find(pair[1], op, 0);
                if (mem != null && disk != null) {
                    double fraction = disk.result.opsPerSecond() / mem.result.opsPerSecond();
                    goal("data-dir " + op.target + " ≥ 1/3 of in-memory", pair[1] + " vs " + pair[0],
                            String.format(Locale.ROOT, "%,.0f vs %,.0f/s = %.2f", disk.result.opsPerSecond(),
                                    mem.result.opsPerSecond(), fraction),
                            fraction >= GOAL_DISK_WRITE_FRACTION && clean(disk) && clean(mem));
                }
            }
        }
        facts.forEach((config, f) -> {
            if (!Double.isNaN(f.heapAfterPreloadMb)) {
                goal(String.format(Locale.ROOT, "%,d items of ~%d B fit in -Xmx%s", options.items, options.itemSize,
                                options.serverHeap), config,
                        String.format(Locale.ROOT, "%.0f MB used after GC", f.heapAfterPreloadMb),
                        f.heapAfterPreloadMb < HEAP_LIMIT_MB && (f.failure == null || !f.failure.contains("OutOfMemory")));
            }
        });
    }

    private static boolean clean(Row row) {
        return row.result.errors() == 0 && row.result.complete();
    }

    private void goalRate(String config, Op op, double rate, double goal, String name) {
        Row row = find(config, op, rate);
        if (row != null) {
            double measured = row.result.opsPerSecond();
            goal(name, config + " (closed loop)", String.format(Locale.ROOT, "%,.0f/s", measured),
                    measured >= goal && clean(row));
        }
    }

    private void goalP99(String config, Op op, double rate, String name) {
        Row row = find(config, op, rate);
        if (row != null) {
            double p99 = row.result.millis(99);
            goal(name, config + String.format(Locale.ROOT, " (paced, achieved %,.0f/s)", row.result.opsPerSecond()),
                    String.format(Locale.ROOT, "%.2f ms", p99),
                    p99 <= GOAL_P99_MILLIS && row.result.opsPerSecond() >= 0.97 * rate && clean(row));
        }
    }

    private static void goal(String name, String where, String measured, boolean met) {
        System.out.printf("| %s | %s | %s | %s |%n", name, where, measured, met ? "yes" : "**no**");
    }

    private Row find(String config, Op op, double rate) {
        return rows.stream().filter(r -> r.config.equals(config) && r.op == op && r.rate == rate).findFirst().orElse(null);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** The machine's load averages (1, 5, 15 min) and run queue, read from /proc/loadavg; nothing is written. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String oneMinuteLoad() {
        return loadAverage().split(" ")[0];
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.out.println("  (could not delete " + dir + ": " + e.getMessage() + ")");
        }
    }

    /** {@code load}: the machine's 1-minute load average when the row's window ended, beside every figure. */
    private record Row(String config, Op op, String label, double rate, LoadDriver.Result result,
                       double serverCpu, double clientCpu, double otherCpu, double serverMicrosPerOp, String load) {
    }

    private static final class ConfigFacts {
        String collector = "?";
        double preloadItemsPerSecond = Double.NaN;
        double heapAfterPreloadMb = Double.NaN;
        double heapAtEndMb = Double.NaN;
        double dataDirMb = Double.NaN;
        long loadStartUptimeNanos;
        String gcPauses;
        String failure;
    }

    // ---- options ----------------------------------------------------------------------------------

    static final class Options {
        boolean noCharts;
        double warmupSeconds = 3;
        double durationSeconds = 8;
        List<Op> ops = List.of(Op.HEALTH, Op.GET, Op.PUT, Op.UPDATE, Op.QUERY, Op.TRANSACT);
        List<String> configs = List.of("memory", "disk", "memory-pinned", "disk-pinned");
        int items = 100_000;
        int itemSize = 1024;
        int connections = 32;
        int clientThreads = 1;
        String serverHeap = "512m";
        int pacedRuns = 3;
        List<String> serverOpts = List.of();
        int startups = 5;
        boolean rated = true;
        boolean jfr;
        boolean histograms;
        Path jar = Path.of("dynamo-engine/target/dynamo-engine.jar");

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--quick" -> {
                        o.warmupSeconds = 1;
                        o.durationSeconds = 2;
                        o.items = 20_000;
                        o.startups = 3;
                        o.pacedRuns = 1;
                    }
                    case "--no-charts" -> o.noCharts = true;
                    case "--warmup" -> o.warmupSeconds = Double.parseDouble(args[++i]);
                    case "--duration" -> o.durationSeconds = Double.parseDouble(args[++i]);
                    case "--ops" -> o.ops = Arrays.stream(args[++i].split(",")).map(Op::parse).distinct().toList();
                    case "--configs" -> {
                        String list = args[++i];
                        o.configs = list.equals("none") ? List.of()
                                : Arrays.stream(list.split(",")).map(String::trim).distinct().toList();
                        for (String c : o.configs) {
                            if (!List.of("memory", "disk", "memory-pinned", "disk-pinned").contains(c)) {
                                throw new IllegalArgumentException("unknown configuration: " + c);
                            }
                        }
                    }
                    case "--items" -> o.items = Integer.parseInt(args[++i]);
                    case "--item-size" -> o.itemSize = Integer.parseInt(args[++i]);
                    case "--connections" -> o.connections = Integer.parseInt(args[++i]);
                    case "--client-threads" -> o.clientThreads = Integer.parseInt(args[++i]);
                    case "--server-heap" -> o.serverHeap = args[++i];
                    case "--server-opts" -> o.serverOpts = Arrays.stream(args[++i].trim().split("\\s+"))
                            .filter(a -> !a.isEmpty()).toList();
                    case "--startups" -> o.startups = Integer.parseInt(args[++i]);
                    case "--no-rated" -> o.rated = false;
                    case "--paced-runs" -> o.pacedRuns = Math.max(1, Integer.parseInt(args[++i]));
                    case "--jfr" -> o.jfr = true;
                    case "--histograms" -> o.histograms = true;
                    case "--jar" -> o.jar = Path.of(args[++i]);
                    case "-h", "--help" -> {
                        System.out.println("usage: bench.sh [--quick] [--warmup S] [--duration S]"
                                + " [--ops health,get,put,update,query,transact] [--configs memory,disk,memory-pinned,disk-pinned]"
                                + " [--items N] [--item-size B] [--connections N] [--client-threads N]"
                                + " [--server-heap 512m] [--server-opts \"-XX:+UseZGC\"] [--startups N] [--no-rated] [--paced-runs N] [--jfr] [--histograms]"
                                + " [--jar PATH] [--no-charts]");
                        return null;
                    }
                    default -> throw new IllegalArgumentException("unknown option: " + arg);
                }
            }
            if (o.items < o.connections * 4 || o.items < Requests.PER_PARTITION) {
                throw new IllegalArgumentException("--items must be at least 4 x connections and 50");
            }
            return o;
        }
    }
}
