package dev.skyport.defaults;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Access tokens that passed full verification (signature, iss, aud, exp/nbf, algorithm: {@link TokenRules}), keyed
 * by the SHA-256 of the token and kept until the token's own {@code exp}, so a client's repeated calls cost a hash
 * instead of an RSA verification and a parse (a tenth or more of a service's CPU per request, about 15 % of the
 * gateway's). Only successes are remembered: a rejected token is examined again every time. The token itself is never
 * stored. Bounded in size; an entry is dropped at {@code exp}, so an expired token always goes back to the verifier
 * (which then rejects it). The edge (reactive) and the services ({@link #inFrontOf}) share it.
 */
public final class VerifiedTokens {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private final Clock clock;
    private final Cache<String, Jwt> verified;

    public VerifiedTokens(long maxEntries, Clock clock) {
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(Expiry.creating((String key, Jwt jwt) -> untilExpiry(jwt)))
                // Housekeeping on the calling thread (an event loop at the edge): a few map operations, no hand-off.
                .executor(Runnable::run)
                .build();
    }

    /** The token's verified claims if it passed verification before and has not expired since; null otherwise. */
    public @Nullable Jwt known(String token) {
        Jwt known = verified.getIfPresent(hash(token));
        return known != null && clock.instant().isBefore(known.getExpiresAt()) ? known : null;
    }

    /** Remembers a token the verifier accepted (one without {@code exp}, or already expired, is not kept). */
    public void verified(String token, Jwt jwt) {
        if (jwt.getExpiresAt() != null && clock.instant().isBefore(jwt.getExpiresAt())) {
            verified.put(hash(token), jwt);
        }
    }

    /** A servlet service's decoder: known tokens from here, the others verified by {@code verifier} and remembered. */
    public JwtDecoder inFrontOf(JwtDecoder verifier) {
        return token -> {
            Jwt known = known(token);
            if (known != null) {
                return known;
            }
            Jwt jwt = verifier.decode(token);
            verified(token, jwt);
            return jwt;
        };
    }

    /** How many verified tokens are remembered right now (for metrics and tests). */
    public long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private Duration untilExpiry(Jwt jwt) {
        Instant now = clock.instant();
        return jwt.getExpiresAt() == null || !now.isBefore(jwt.getExpiresAt()) ? Duration.ZERO
                : Duration.between(now, jwt.getExpiresAt());
    }

    static String hash(String token) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
