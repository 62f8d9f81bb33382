package dev.skyport.e2e.attack;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.skyport.e2e.platform.Platform;
import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.TestRedis;

/**
 * One platform for the whole attack suite ({@code ./run.sh}, real processes), with Redis behind the gateway when
 * redis-server is installed: a platform start costs a minute or more, so every attack class shares it. Started by
 * the first class that needs it, stopped when the test run ends. Each attack plays from addresses of its own
 * ({@link #nextAddress()}), so the per-address buckets and lockouts of one case never touch another.
 */
public final class SharedPlatform implements BeforeAllCallback {

    private static final AtomicInteger NEXT_HOST = new AtomicInteger(0);

    private static volatile Running running;

    /** The platform and its Redis (null when redis-server is missing outside CI). */
    record Running(Platform platform, TestRedis redis) implements AutoCloseable {
        @Override
        public void close() {
            platform.close();
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedPlatform.class.getName(), k -> start(), Running.class);
    }

    private static Running start() {
        TestRedis redis = redisIfInstalled();
        try {
            Platform platform = Platform.start("attack", redis == null ? Map.of() : Map.of("REDIS_URL", redis.url()));
            return new Running(platform, redis);
        } catch (RuntimeException | Error e) {
            if (redis != null) {
                redis.close();
            }
            throw e;
        }
    }

    /** Under CI=true a missing redis-server fails the suite (TestRedis); elsewhere the Redis cases are skipped. */
    private static TestRedis redisIfInstalled() {
        return TestRedis.available() || "true".equalsIgnoreCase(System.getenv("CI")) ? TestRedis.startOrSkip() : null;
    }

    static Platform platform() {
        return running.platform();
    }

    /** The Redis behind the gateway, or null when this machine has none (the Redis cases are then skipped). */
    static TestRedis redis() {
        return running.redis();
    }

    /** A client of the gateway from a loopback address no other case of this run has used. */
    static ApiClient client() {
        return new ApiClient(platform().gateway(), nextAddress());
    }

    /** 127.0.1.1, 127.0.1.2, ...: Linux routes all of 127.0.0.0/8 to the loopback interface. */
    static InetAddress nextAddress() {
        int n = NEXT_HOST.incrementAndGet();
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + n / 250), (byte) (1 + n % 250)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
