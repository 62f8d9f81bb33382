package dev.skyport.gateway.archfixture;

import reactor.core.publisher.Mono;

public class NonBlockingFilter {

    public Mono<String> filter(Mono<String> upstream) {
        return upstream.map(String::trim);
    }
}
