package dev.skyport.gateway.security;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import dev.skyport.gateway.decisions.DecisionFacts.TokenCheck;

/**
 * Which check an access token failed, named as a stable reason code, as RFC 6750's error_description would say
 * it and no more: the sentence never carries the token, a claim value or key material. The claim checks run as
 * one validator that reports each failed check by its code; a failure of the signature step is told apart
 * afterwards (only for refused tokens) by looking at the token's header and the issuer's known keys.
 */
final class TokenRejection {

    /** The reason, the sentence for problem detail and error_description, and each check with its result. */
    record Verdict(String reason, String description, List<TokenCheck> checks) {
    }

    static final Map<String, String> DESCRIPTIONS = Map.of(
            "token_missing", "An access token is required.",
            "token_malformed", "The access token is malformed.",
            "token_algorithm_not_allowed", "The access token is not signed with an accepted algorithm.",
            "unknown_key", "The access token is signed by an unknown key.",
            "token_invalid_signature", "The access token's signature is not valid.",
            "token_expired", "The access token expired.",
            "token_not_yet_valid", "The access token is not valid yet.",
            "issuer_mismatch", "The access token is from another issuer.",
            "audience_mismatch", "The access token is not meant for this API.",
            "token_invalid", "The access token is not valid.");

    private static final List<String> CLAIM_CHECKS = List.of("exp", "nbf", "iss", "aud");
    private static final Map<String, String> CLAIM_OF = Map.of("token_expired", "exp", "token_not_yet_valid", "nbf",
            "issuer_mismatch", "iss", "audience_mismatch", "aud");
    // Spring's timestamp validator allows 60 s of clock skew; the classification uses the same.
    private static final Duration SKEW = Duration.ofSeconds(60);

    private TokenRejection() {
    }

    /**
     * Spring's default checks (exp/nbf, iss) and the audience, as one validator whose errors carry reason codes
     * as their descriptions. Spring's own messages are only consulted to know that something failed.
     */
    static OAuth2TokenValidator<Jwt> claimChecks(String issuer, String audience) {
        OAuth2TokenValidator<Jwt> defaults = JwtValidators.createDefaultWithIssuer(issuer);
        return jwt -> {
            List<OAuth2Error> errors = new ArrayList<>();
            if (defaults.validate(jwt).hasErrors()) {
                Instant now = Instant.now();
                if (jwt.getExpiresAt() != null && now.isAfter(jwt.getExpiresAt().plus(SKEW))) {
                    errors.add(error("token_expired"));
                }
                if (jwt.getNotBefore() != null && now.isBefore(jwt.getNotBefore().minus(SKEW))) {
                    errors.add(error("token_not_yet_valid"));
                }
                if (!issuer.equals(jwt.getClaimAsString("iss"))) {
                    errors.add(error("issuer_mismatch"));
                }
                if (errors.isEmpty()) {
                    errors.add(error("token_invalid"));
                }
            }
            if (jwt.getAudience() == null || !jwt.getAudience().contains(audience)) {
                errors.add(error("audience_mismatch"));
            }
            return errors.isEmpty() ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(errors);
        };
    }

    private static OAuth2Error error(String reason) {
        return new OAuth2Error("invalid_token", reason, null);
    }

    /** Why the security chain refused this request; {@code token} is the bearer token sent, if any. */
    static Verdict classify(AuthenticationException refusal, String token, JwksKeyCache keys) {
        if (!(refusal instanceof OAuth2AuthenticationException) || token == null) {
            return verdict("token_missing", List.of());
        }
        JwtValidationException invalid = find(refusal, JwtValidationException.class);
        if (invalid != null) {
            Set<String> failed = invalid.getErrors().stream().map(OAuth2Error::getDescription)
                    .collect(Collectors.toSet());
            List<TokenCheck> checks = new ArrayList<>(List.of(new TokenCheck("signature", true)));
            CLAIM_CHECKS.forEach(claim -> checks.add(new TokenCheck(claim, failed.stream()
                    .noneMatch(reason -> claim.equals(CLAIM_OF.get(reason))))));
            String reason = invalid.getErrors().stream().map(OAuth2Error::getDescription)
                    .filter(DESCRIPTIONS::containsKey).findFirst().orElse("token_invalid");
            if ("token_invalid".equals(reason)) {
                checks.add(new TokenCheck("claims", false));
            }
            return verdict(reason, checks);
        }
        if (find(refusal, BadJwtException.class) == null && !malformedBearer(refusal)) {
            return verdict("token_invalid", List.of());
        }
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        }
        catch (ParseException e) {
            return verdict("token_malformed", List.of(new TokenCheck("format", false)));
        }
        if (!(parsed instanceof SignedJWT signed) || !JWSAlgorithm.RS256.equals(signed.getHeader().getAlgorithm())) {
            return verdict("token_algorithm_not_allowed",
                    List.of(new TokenCheck("format", true), new TokenCheck("algorithm", false)));
        }
        if (!keys.knows(signed.getHeader())) {
            return verdict("unknown_key", List.of(new TokenCheck("format", true), new TokenCheck("algorithm", true),
                    new TokenCheck("key", false)));
        }
        return verdict("token_invalid_signature", List.of(new TokenCheck("format", true),
                new TokenCheck("algorithm", true), new TokenCheck("key", true), new TokenCheck("signature", false)));
    }

    /** The bearer token converter's own refusal (a token that is not even base64url parts). */
    private static boolean malformedBearer(AuthenticationException refusal) {
        return refusal instanceof OAuth2AuthenticationException oauth
                && "invalid_token".equals(oauth.getError().getErrorCode()) && refusal.getCause() == null;
    }

    private static Verdict verdict(String reason, List<TokenCheck> checks) {
        return new Verdict(reason, DESCRIPTIONS.get(reason), checks);
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        Throwable current = error;
        for (int i = 0; i < 10 && current != null; i++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause();
        }
        return null;
    }
}
