package dev.skyport.testsupport;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A private redis-server (the Debian package) on a free loopback port, started and stopped by the test. Not
 * installed: the test is skipped when CI is unset, and fails under CI=true (CI must provide it).
 */
public final class TestRedis implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final String password;
    private Process process;

    private TestRedis(Path dir, int port, String password) {
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    /** Whether redis-server can be started here. */
    public static boolean available() {
        try {
            return new ProcessBuilder("redis-server", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static TestRedis startOrSkip() {
        return startOrSkip(null);
    }

    /** As {@link #startOrSkip()}, requiring this password (requirepass) when it is not null. */
    public static TestRedis startOrSkip(String password) {
        TestRedis redis = notStartedYet(password);
        redis.start();
        return redis;
    }

    /** One with its port chosen, not started: {@link #url()} has nothing behind it until {@link #start()}. */
    public static TestRedis notStartedYet() {
        return notStartedYet(null);
    }

    public static TestRedis notStartedYet(String password) {
        if (!available()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("redis-server is required under CI (apt-get install redis-server)");
            }
            Assumptions.abort("redis-server is not installed and CI is unset");
        }
        try {
            return new TestRedis(Files.createTempDirectory("skyport-redis"), FreePorts.one(), password);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts it (again, after {@link #stop()}) on the same port. */
    public void start() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (Instant.now().isBefore(deadline)) {
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

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
