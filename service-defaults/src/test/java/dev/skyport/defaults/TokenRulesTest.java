package dev.skyport.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

class TokenRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private static final String ISSUER = "http://localhost:8080";
    private final OAuth2TokenValidator<Jwt> rules = TokenRules.validator(ISSUER, TokenRules.AUDIENCE,
            TokenRules.CLOCK_SKEW, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Jwt.Builder token() {
        return Jwt.withTokenValue("t").header("alg", "RS256").issuer(ISSUER).audience(List.of("skyport-api"))
                .subject("u-1").issuedAt(NOW.minusSeconds(60)).expiresAt(NOW.plusSeconds(300));
    }

    private List<String> reasons(Jwt jwt) {
        return rules.validate(jwt).getErrors().stream().map(TokenRules::reasonOf).toList();
    }

    @Test
    void acceptsAnAccessTokenForThisApiFromTheIssuer() {
        assertThat(reasons(token().build())).isEmpty();
    }

    @Test
    void refusesATokenWithoutExpiry() {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").issuer(ISSUER).audience(List.of("skyport-api"))
                .subject("u-1").build();
        assertThat(reasons(jwt)).containsExactly("token_no_expiry");
    }

    @Test
    void allowsThirtySecondsOfClockSkewAndNoMore() {
        assertThat(reasons(token().expiresAt(NOW.minusSeconds(30)).build())).isEmpty();
        assertThat(reasons(token().expiresAt(NOW.minusSeconds(31)).build())).containsExactly("token_expired");
        assertThat(reasons(token().notBefore(NOW.plusSeconds(31)).build())).containsExactly("token_not_yet_valid");
    }

    @Test
    void reportsEveryFailedClaimByItsReason() {
        Jwt idToken = token().issuer("http://evil.example").audience(List.of("skyport-cli"))
                .issuedAt(NOW.minusSeconds(900)).expiresAt(NOW.minusSeconds(600)).build();
        assertThat(reasons(idToken)).containsExactly("token_expired", "issuer_mismatch", "audience_mismatch");
    }

    @Test
    void namesAnErrorItDidNotReportAsInvalid() {
        assertThat(TokenRules.reasonOf(new OAuth2Error("invalid_token", "something else", null)))
                .isEqualTo("token_invalid");
    }

    @Test
    void mapsScopesAndRolesToAuthorities() {
        Jwt jwt = token().claim("scope", "orders:read orders:write").claim("roles", List.of("admin", "USER")).build();
        assertThat(new SkyportAuthorities().convert(jwt).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("SCOPE_orders:read", "SCOPE_orders:write", "ROLE_ADMIN", "ROLE_USER");
        assertThat(new SkyportAuthorities().convert(jwt).getName()).isEqualTo("u-1");
    }
}
