package dev.skyport.gateway.archfixture;

import reactor.core.publisher.Mono;

/** Waits on the event loop: what the gateway rule is there to refuse. */
public class BlockingFilter {

    public Mono<String> filter(Mono<String> upstream) {
        return Mono.just(upstream.block());
    }
}
