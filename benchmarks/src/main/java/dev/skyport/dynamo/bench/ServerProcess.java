package dev.skyport.dynamo.bench;

import dev.skyport.testsupport.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engine as users run it, {@code java -jar dynamo-engine.jar}, in a process of its own
 * (optionally under {@code taskset}), and the JDK tools that look at it from outside.
 */
final class ServerProcess implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private final Process process;
    private final int port;
    private final Path log;
    final long launchedNanos;

    private ServerProcess(Process process, int port, Path log, long launchedNanos) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.launchedNanos = launchedNanos;
    }

    /**
     * @param cpus    a taskset CPU list ("0") or null for no pinning
     * @param dataDir null for --in-memory
     */
    static ServerProcess start(Path jar, String cpus, List<String> jvmArgs, Path dataDir, Path log) throws IOException {
        int port = FreePorts.one();
        List<String> command = new ArrayList<>();
        if (cpus != null) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.add(javaHome().resolve("bin/java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "--port", Integer.toString(port), "--host", HOST));
        if (dataDir == null) {
            command.add("--in-memory");
        } else {
            command.addAll(List.of("--data-dir", dataDir.toString()));
        }
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long launched = System.nanoTime();
        Process process = builder.start();
        RUNNING.add(process);
        return new ServerProcess(process, port, log, launched);
    }

    /** Servers still running; a shutdown hook (Ctrl-C on the benchmark) stops them. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "bench-stop-servers"));
    }

    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Polls {@code GET /} until it answers 200; the time from launch to that answer, in nanoseconds. */
    long awaitFirstAnswer(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + ":\n" + logTail(30));
            }
            if (healthy(port)) {
                return System.nanoTime() - launchedNanos;
            }
            Thread.sleep(1);
        }
        throw new IOException("no answer on GET / within " + timeoutMillis + " ms:\n" + logTail(30));
    }

    /** One {@code GET /} on a fresh connection: true on HTTP 200. */
    static boolean healthy(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + HOST + ":" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int n = 0;
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    return false;
                }
                n += r;
            }
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    /** Heap after a full collection, from {@code jcmd GC.run} and {@code jstat -gc} (KB). */
    Map<String, Double> heapAfterGc() throws IOException, InterruptedException {
        tool("jcmd", Long.toString(pid()), "GC.run");
        return jstat();
    }

    /** {@code jstat -gc}: column name to value (capacities and usages in KB). */
    Map<String, Double> jstat() throws IOException, InterruptedException {
        String[] lines = tool("jstat", "-gc", Long.toString(pid())).strip().split("\n");
        String[] names = lines[0].trim().split("\\s+");
        String[] values = lines[lines.length - 1].trim().split("\\s+");
        Map<String, Double> columns = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(names.length, values.length); i++) {
            try {
                columns.put(names[i], Double.parseDouble(values[i]));
            } catch (NumberFormatException e) {
                // "-" for a column that does not apply to this collector
            }
        }
        return columns;
    }

    static double usedMb(Map<String, Double> gc) {
        return (gc.getOrDefault("S0U", 0.0) + gc.getOrDefault("S1U", 0.0) + gc.getOrDefault("EU", 0.0)
                + gc.getOrDefault("OU", 0.0)) / 1024;
    }

    static double committedMb(Map<String, Double> gc) {
        return (gc.getOrDefault("S0C", 0.0) + gc.getOrDefault("S1C", 0.0) + gc.getOrDefault("EC", 0.0)
                + gc.getOrDefault("OC", 0.0)) / 1024;
    }

    /** The collector the JVM chose (it picks Serial when it sees one CPU). */
    String collector() {
        try {
            String flags = tool("jcmd", Long.toString(pid()), "VM.flags");
            for (String gc : List.of("G1", "Serial", "Parallel", "Z", "Shenandoah", "Epsilon")) {
                if (flags.contains("-XX:+Use" + gc + "GC")) {
                    return gc;
                }
            }
            return "?";
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    /** Resident set size from /proc, in MB. */
    double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // gone
        }
        return Double.NaN;
    }

    /** User plus system CPU time of the process so far, in nanoseconds (from /proc/PID/stat). */
    static long cpuNanos(long pid) {
        return cpuNanos(pid, true, true);
    }

    /** User and/or system (kernel: sockets, files) CPU time of the process, in nanoseconds. */
    static long cpuNanos(long pid, boolean user, boolean system) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = (user ? Long.parseLong(fields[11]) : 0) + (system ? Long.parseLong(fields[12]) : 0);
            return ticks * (1_000_000_000L / 100); // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time the whole machine spent busy so far (every process, kernel included), in nanoseconds. */
    static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * (1_000_000_000L / 100);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    static String tool(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaHome().resolve("bin").resolve(name).toString());
        command.addAll(List.of(args));
        return run(command);
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(command + " exited with " + p.exitValue() + ": " + text);
        }
        return text;
    }

    /** SIGTERM (the engine's shutdown hook closes it, a JFR recording is dumped), then SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        RUNNING.remove(process);
    }
}
