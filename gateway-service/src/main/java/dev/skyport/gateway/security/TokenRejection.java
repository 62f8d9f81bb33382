package dev.skyport.gateway.security;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import dev.skyport.defaults.TokenRules;
import dev.skyport.gateway.decisions.DecisionFacts.TokenCheck;

/**
 * Which check an access token failed, named as a stable reason code, as RFC 6750's error_description would say
 * it and no more: the sentence never carries the token, a claim value or key material. The claim checks are the
 * shared {@link TokenRules}, which report each failed check; a failure of the signature step is told apart
 * afterwards (only for refused tokens) by looking at the token's header and the issuer's known keys.
 */
final class TokenRejection {

    /** The reason, the sentence for problem detail and error_description, and each check with its result. */
    record Verdict(String reason, String description, List<TokenCheck> checks) {
    }

    private static final List<String> CLAIM_CHECKS = List.of("exp", "nbf", "iss", "aud");
    private static final Map<String, String> CLAIM_OF = Map.of("token_expired", "exp", "token_no_expiry", "exp",
            "token_not_yet_valid", "nbf", "issuer_mismatch", "iss", "audience_mismatch", "aud");

    private TokenRejection() {
    }

    /** Why the security chain refused this request; {@code token} is the bearer token sent, if any. */
    static Verdict classify(AuthenticationException refusal, String token, JwksKeyCache keys) {
        if (!(refusal instanceof OAuth2AuthenticationException) || token == null) {
            return verdict("token_missing", List.of());
        }
        JwtValidationException invalid = find(refusal, JwtValidationException.class);
        if (invalid != null) {
            Set<String> failed = invalid.getErrors().stream().map(TokenRules::reasonOf).collect(Collectors.toSet());
            List<TokenCheck> checks = new ArrayList<>(List.of(new TokenCheck("signature", true)));
            CLAIM_CHECKS.forEach(claim -> checks.add(new TokenCheck(claim, failed.stream()
                    .noneMatch(reason -> claim.equals(CLAIM_OF.get(reason))))));
            String reason = invalid.getErrors().stream().map(TokenRules::reasonOf).findFirst().orElse("token_invalid");
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
        if (!(parsed instanceof SignedJWT signed) || TokenRules.ALGORITHMS.stream()
                .noneMatch(allowed -> allowed.getName().equals(signed.getHeader().getAlgorithm().getName()))) {
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
        return new Verdict(reason, TokenRules.DESCRIPTIONS.get(reason), checks);
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
