package dev.skyport.gateway.ratelimit;

/** The outcome of taking a token: allowed or not, what is left, and when a refused client may retry. */
public record BucketDecision(boolean allowed, long remaining, long retryAfterSeconds, long resetSeconds) {

    static BucketDecision of(boolean allowed, double tokensLeft, RatePolicy policy) {
        long remaining = (long) Math.floor(tokensLeft);
        long retry = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokensLeft) / policy.rate()));
        long reset = (long) Math.ceil(Math.max(0, policy.burst() - tokensLeft) / policy.rate());
        return new BucketDecision(allowed, remaining, retry, reset);
    }
}
