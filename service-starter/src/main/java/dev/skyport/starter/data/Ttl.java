package dev.skyport.starter.data;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** TTL values are epoch seconds (DynamoDB deletes the item some time after that instant). */
public final class Ttl {

    private Ttl() {
    }

    public static long after(Duration duration) {
        return after(Clock.systemUTC(), duration);
    }

    public static long after(Clock clock, Duration duration) {
        return clock.instant().plus(duration).getEpochSecond();
    }

    public static long at(Instant instant) {
        return instant.getEpochSecond();
    }

    /** Whether a TTL value has passed (expired items may still be read until DynamoDB removes them). */
    public static boolean isExpired(Long epochSeconds, Clock clock) {
        return epochSeconds != null && epochSeconds <= clock.instant().getEpochSecond();
    }

    public static boolean isExpired(Long epochSeconds) {
        return isExpired(epochSeconds, Clock.systemUTC());
    }
}
