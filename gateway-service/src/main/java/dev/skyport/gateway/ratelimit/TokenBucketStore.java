package dev.skyport.gateway.ratelimit;

import reactor.core.publisher.Mono;

/** Where buckets live: this process's memory, or Redis so every gateway replica shares one budget. */
public interface TokenBucketStore {

    /** Takes {@code tokens} at once, or none: allowed only if the bucket held them all. */
    Mono<BucketDecision> take(String bucketKey, RatePolicy policy, long tokens);

    /** Takes one token, as each request does. */
    default Mono<BucketDecision> take(String bucketKey, RatePolicy policy) {
        return take(bucketKey, policy, 1);
    }
}
