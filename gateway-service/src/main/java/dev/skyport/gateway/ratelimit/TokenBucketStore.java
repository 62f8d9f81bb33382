package dev.skyport.gateway.ratelimit;

import reactor.core.publisher.Mono;

/** Where buckets live: this process's memory, or Redis so every gateway replica shares one budget. */
public interface TokenBucketStore {

    Mono<BucketDecision> take(String bucketKey, RatePolicy policy);
}
