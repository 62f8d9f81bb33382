package dev.skyport.gateway.security;

import java.time.Clock;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import dev.skyport.defaults.VerifiedTokens;
import reactor.core.publisher.Mono;

/**
 * The edge's decoder: tokens verified before come from {@link VerifiedTokens} (the same cache the services use, keyed
 * by the token's SHA-256 until its {@code exp}); the others are verified and, when accepted, remembered.
 */
public class VerifiedTokenCache implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder verifier;
    private final VerifiedTokens tokens;

    public VerifiedTokenCache(ReactiveJwtDecoder verifier, long maxEntries, Clock clock) {
        this.verifier = verifier;
        this.tokens = new VerifiedTokens(maxEntries, clock);
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = tokens.known(token);
        return known != null ? Mono.just(known) : verifier.decode(token).doOnNext(jwt -> tokens.verified(token, jwt));
    }

    /** For metrics and tests: how many verified tokens are remembered right now. */
    public long size() {
        return tokens.size();
    }
}
