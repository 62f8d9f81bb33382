package dev.skyport.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.skyport.testsupport.MovableClock;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** Accepts tokens named "good-<subject>" until NOW + 5 min, refuses the rest; counts its calls. */
    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good-")) {
            throw new BadJwtException("signature does not match");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject(token.substring(5)).issuedAt(NOW)
                .expiresAt(NOW.plus(Duration.ofMinutes(5))).build();
    };

    @Test
    void aServiceVerifiesATokenOnceUntilItExpires() {
        MovableClock clock = new MovableClock(NOW);
        VerifiedTokens tokens = new VerifiedTokens(100, clock);
        JwtDecoder decoder = tokens.inFrontOf(verifier);

        assertThat(decoder.decode("good-alice").getSubject()).isEqualTo("alice");
        assertThat(decoder.decode("good-alice").getSubject()).isEqualTo("alice");
        assertThat(decoder.decode("good-bob").getSubject()).isEqualTo("bob");
        assertThat(verifications).hasValue(2);
        assertThat(tokens.size()).isEqualTo(2);

        clock.set(NOW.plus(Duration.ofMinutes(6)));
        assertThat(tokens.known("good-alice")).as("past its exp").isNull();
        decoder.decode("good-alice");
        assertThat(verifications).as("past its exp the token goes back to the verifier").hasValue(3);
    }

    @Test
    void aRejectedTokenIsNeverRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(100, new MovableClock(NOW));
        JwtDecoder decoder = tokens.inFrontOf(verifier);

        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void keysAreTheTokensSha256NotTheToken() {
        assertThat(VerifiedTokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
