package dev.skyport.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;

import dev.skyport.testsupport.MovableClock;
import dev.skyport.testsupport.TestIssuer;

/** The cache in front of real RS256 verification: hits skip the verifier, failures and expired tokens never hit. */
class VerifiedTokenCacheTest {

    static RSAKey key;
    static RSAKey otherKey;

    @BeforeAll
    static void keys() {
        key = TestIssuer.newKey();
        otherKey = TestIssuer.newKey();
    }

    static String token(RSAKey signer, String subject, Instant expires) {
        return TestIssuer.sign(signer, claims -> claims.subject(subject).expirationTime(Date.from(expires)));
    }

    /** Real verification with the public key, counting how often it actually runs. */
    static final class CountingVerifier implements ReactiveJwtDecoder {
        final AtomicInteger calls = new AtomicInteger();
        final ReactiveJwtDecoder real = NimbusReactiveJwtDecoder.withPublicKey(publicKey()).build();

        private static RSAPublicKey publicKey() {
            try {
                return key.toRSAPublicKey();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public reactor.core.publisher.Mono<Jwt> decode(String token) {
            calls.incrementAndGet();
            return real.decode(token);
        }
    }

    @Test
    void aVerifiedTokenIsVerifiedOnceUntilItExpires() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        MovableClock clock = new MovableClock();
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 100, clock);
        String alice = token(key, "alice", Instant.now().plus(Duration.ofMinutes(5)));
        String bob = token(key, "bob", Instant.now().plus(Duration.ofMinutes(5)));

        assertThat(cache.decode(alice).block().getSubject()).isEqualTo("alice");
        assertThat(cache.decode(alice).block().getSubject()).isEqualTo("alice");
        assertThat(cache.decode(bob).block().getSubject()).isEqualTo("bob");
        assertThat(verifier.calls).hasValue(2);
        assertThat(cache.size()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(6));
        cache.decode(alice).block();
        assertThat(verifier.calls).as("past its exp the token goes back to the verifier").hasValue(3);
    }

    @Test
    void aRejectedTokenIsNeverRemembered() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 100, Clock.systemUTC());
        String forged = token(otherKey, "mallory", Instant.now().plus(Duration.ofMinutes(5)));

        assertThatThrownBy(() -> cache.decode(forged).block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode(forged).block()).isInstanceOf(BadJwtException.class);
        assertThat(verifier.calls).hasValue(2);
        assertThat(cache.size()).isZero();
    }
}
