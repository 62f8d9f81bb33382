package dev.skyport.gateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A private redis-server (Debian package) on a free port, started and stopped by the tests. Missing binary:
 * the test is skipped when CI is unset, and fails under CI=true (CI must provide it).
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

    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/redis-server"))
                || System.getenv("PATH").contains("redis") && which();
    }

    private static boolean which() {
        try {
            return new ProcessBuilder("redis-server", "--version").start().waitFor() == 0;
        }
        catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts one, or skips (CI unset) / fails (CI=true) when redis-server is not installed. */
    public static TestRedis startOrSkip() {
        return startOrSkip(null);
    }

    /** As {@link #startOrSkip()}, requiring this password (requirepass) when it is not null. */
    public static TestRedis startOrSkip(String password) {
        boolean installed = available() || which();
        if (!installed) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("redis-server is required under CI (apt-get install redis-server)");
            }
            Assumptions.abort("redis-server is not installed and CI is unset");
        }
        try {
            TestRedis redis = new TestRedis(Files.createTempDirectory("skyport-redis"), freePort(), password);
            redis.start();
            return redis;
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public void start() {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
            if (password != null) {
                command.addAll(List.of("--requirepass", password));
            }
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (Instant.now().isBefore(deadline)) {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    return;
                }
                catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("redis-server did not start on port " + port);
        }
        catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            }
            catch (InterruptedException e) {
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
