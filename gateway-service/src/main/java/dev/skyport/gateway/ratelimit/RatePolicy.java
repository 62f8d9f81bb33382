package dev.skyport.gateway.ratelimit;

import java.util.Map;

/**
 * A token bucket: {@code rate} tokens per second refill up to {@code burst}; each request takes one.
 * {@code key} says whose bucket: the principal (user/client id, falling back to IP) or always the client IP.
 */
public record RatePolicy(double rate, long burst, KeyKind key) {

    public enum KeyKind { principal, ip }

    public RatePolicy {
        if (!(rate > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        if (key == null) {
            key = KeyKind.principal;
        }
    }

    /** Reads a policy from a route's metadata entry {@code rate-limit: {rate, burst, key}}. */
    static RatePolicy fromMetadata(Object value, RatePolicy fallback) {
        if ("none".equals(value)) {
            return null; // the route opts out of throttling (e.g. a benchmark's baseline route)
        }
        if (!(value instanceof Map<?, ?> map)) {
            return fallback;
        }
        double rate = Double.parseDouble(String.valueOf(map.get("rate")));
        long burst = Long.parseLong(String.valueOf(map.get("burst")));
        Object key = map.get("key");
        return new RatePolicy(rate, burst, key == null ? KeyKind.principal : KeyKind.valueOf(key.toString()));
    }

    String describe() {
        return (long) Math.ceil(burst) + ";w=" + Math.max(1, Math.round(burst / rate));
    }
}
