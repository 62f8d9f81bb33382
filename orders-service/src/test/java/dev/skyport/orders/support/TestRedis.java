package dev.skyport.orders.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A private redis-server (Debian package) on a free loopback port, started and stopped by the test. Not
 * installed: the test is skipped when CI is unset, and fails under CI=true (CI must provide it).
 */
public final class TestRedis implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    private TestRedis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static TestRedis startOrSkip() {
        TestRedis redis = notStartedYet();
        redis.start();
        return redis;
    }

    /** One with its port chosen, not started: {@link #url()} has nothing behind it until {@link #start()}. */
    public static TestRedis notStartedYet() {
        if (!installed()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("redis-server is required under CI (apt-get install redis-server)");
            }
            Assumptions.abort("redis-server is not installed and CI is unset");
        }
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new TestRedis(Files.createTempDirectory("orders-redis"), free.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean installed() {
        try {
            return new ProcessBuilder("redis-server", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts it (again, after {@link #stop()}) on the same port. */
    public void start() {
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("redis-server did not start on port " + port);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
