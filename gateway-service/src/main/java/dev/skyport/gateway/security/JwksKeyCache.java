package dev.skyport.gateway.security;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.SignedJWT;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The issuer's signing keys, fetched lazily (nothing at start-up), cached, and refetched when a token names an
 * unknown {@code kid} — at most once per {@code minRefetchInterval}, so a flood of forged kids cannot hammer
 * the issuer. If the issuer is unreachable the cached keys keep working; an unknown key fails closed.
 * Only the keys come from here: embedded {@code jwk}/{@code jku}/{@code x5u} headers are never consulted.
 */
public class JwksKeyCache {

    private static final Logger log = LoggerFactory.getLogger(JwksKeyCache.class);

    private final WebClient client;
    private final URI jwkSetUri;
    private final long minRefetchNanos;
    private final long maxAgeNanos;
    private final Counter fetches;
    private final Counter fetchFailures;

    private volatile JWKSet keys = new JWKSet();
    private volatile long fetchedAt = Long.MIN_VALUE;
    private final AtomicLong lastAttempt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicReference<Mono<JWKSet>> inFlight = new AtomicReference<>();

    public JwksKeyCache(URI jwkSetUri, Duration minRefetchInterval, Duration maxAge, MeterRegistry meters) {
        this.jwkSetUri = jwkSetUri;
        this.minRefetchNanos = minRefetchInterval.toNanos();
        this.maxAgeNanos = maxAge.toNanos();
        HttpClient http = HttpClient.create().responseTimeout(Duration.ofSeconds(3))
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000);
        this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
        this.fetches = meters.counter("skyport.gateway.jwks.fetches");
        this.fetchFailures = meters.counter("skyport.gateway.jwks.fetch.failures");
    }

    /** The verification keys that may have signed this token (by kid), as Spring's JWK source contract wants. */
    public Flux<JWK> keysFor(SignedJWT jwt) {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
        List<JWK> known = select(selector, keys);
        boolean stale = System.nanoTime() - fetchedAt > maxAgeNanos || fetchedAt == Long.MIN_VALUE;
        if (!known.isEmpty() && !stale) {
            return Flux.fromIterable(known);
        }
        return refresh().flatMapMany(set -> Flux.fromIterable(select(selector, set)));
    }

    /** Whether a key that may have signed a token with this header is known now (no fetch). */
    public boolean knows(com.nimbusds.jose.JWSHeader header) {
        return !select(new JWKSelector(JWKMatcher.forJWSHeader(header)), keys).isEmpty();
    }

    private static List<JWK> select(JWKSelector selector, JWKSet set) {
        return selector.select(set).stream()
                .filter(jwk -> jwk.getKeyUse() == null || KeyUse.SIGNATURE.equals(jwk.getKeyUse())).toList();
    }

    /**
     * One fetch at a time, shared by every request waiting for it. The fetch is published (compare-and-set)
     * before anyone can see the attempt time, so a request arriving mid-start-up joins the running fetch instead
     * of answering from the still-empty key set (the benchmark's first concurrent requests got 401 that way).
     */
    private Mono<JWKSet> refresh() {
        Mono<JWKSet> running = inFlight.get();
        if (running != null) {
            return running;
        }
        long now = System.nanoTime();
        long previous = lastAttempt.get();
        if (previous != Long.MIN_VALUE && now - previous < minRefetchNanos) {
            return Mono.just(keys);
        }
        Mono<JWKSet> fetch = client.get().uri(jwkSetUri).retrieve().bodyToMono(String.class)
                .map(this::parse)
                .doOnNext(set -> {
                    keys = set;
                    fetchedAt = System.nanoTime();
                    fetches.increment();
                })
                .onErrorResume(error -> {
                    fetchFailures.increment();
                    log.warn("jwks fetch failed uri={} error={}", jwkSetUri, error.toString());
                    return Mono.just(keys);
                })
                .doFinally(signal -> inFlight.set(null))
                .cache();
        if (!inFlight.compareAndSet(null, fetch)) {
            Mono<JWKSet> other = inFlight.get();
            return other != null ? other : Mono.just(keys);
        }
        lastAttempt.set(now);
        return fetch;
    }

    private JWKSet parse(String body) {
        try {
            return JWKSet.parse(body);
        }
        catch (ParseException e) {
            throw new IllegalStateException("JWKS response is not a JWK set", e);
        }
    }
}
