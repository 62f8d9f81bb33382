package dev.skyport.defaults;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The request id that follows a request through the edge and the services ({@code X-Request-Id}): the caller's when
 * it is a sane token, a new one otherwise. The gateway sets it; a service keeps the one the gateway forwarded.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final int MAX_LENGTH = 128;
    // A caller-chosen id ends up in logs and problems: short, and free of anything that could forge a log line.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    private RequestIds() {
    }

    /** Whether an offered id is kept as it is; the only ids a decision-record lookup accepts. */
    public static boolean wellFormed(String requestId) {
        return requestId != null && requestId.length() <= MAX_LENGTH && SAFE.matcher(requestId).matches();
    }

    /** The offered id when well formed, a new one otherwise. */
    public static String keepOrCreate(String offered) {
        return wellFormed(offered) ? offered : newId();
    }

    /**
     * A random v4-style UUID from ThreadLocalRandom: a correlation id needs uniqueness, not secrecy, and
     * UUID.randomUUID() reads the OS entropy pool, a blocking call on the gateway's event loop.
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
