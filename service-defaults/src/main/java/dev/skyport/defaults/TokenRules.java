package dev.skyport.defaults;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The one rule set for access tokens, at the edge and in every service: signed with an allowed algorithm (RS256),
 * from the expected issuer, meant for this API (audience), with {@code exp} required, and {@code exp}/{@code nbf}
 * checked with {@link #CLOCK_SKEW}. Each failed check is reported as its own error whose description is a fixed
 * sentence (RFC 6750 error_description) that {@link #reasonOf} turns back into the reason code.
 */
public final class TokenRules {

    public static final String AUDIENCE = "skyport-api";
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Set<SignatureAlgorithm> ALGORITHMS = Set.of(SignatureAlgorithm.RS256);

    /** Reason code → the sentence a client sees; never a token, a claim value or key material. */
    public static final Map<String, String> DESCRIPTIONS = descriptions();

    private TokenRules() {
    }

    private static Map<String, String> descriptions() {
        Map<String, String> descriptions = new LinkedHashMap<>();
        descriptions.put("token_missing", "An access token is required.");
        descriptions.put("token_malformed", "The access token is malformed.");
        descriptions.put("token_algorithm_not_allowed", "The access token is not signed with an accepted algorithm.");
        descriptions.put("unknown_key", "The access token is signed by an unknown key.");
        descriptions.put("token_invalid_signature", "The access token's signature is not valid.");
        descriptions.put("token_expired", "The access token expired.");
        descriptions.put("token_not_yet_valid", "The access token is not valid yet.");
        descriptions.put("token_no_expiry", "The access token has no expiry.");
        descriptions.put("issuer_mismatch", "The access token is from another issuer.");
        descriptions.put("audience_mismatch", "The access token is not meant for this API.");
        descriptions.put("token_invalid", "The access token is not valid.");
        return Map.copyOf(descriptions);
    }

    /** The claim checks with Skyport's defaults: {@link #CLOCK_SKEW}, the system clock. */
    public static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        return validator(issuer, audience, CLOCK_SKEW, Clock.systemUTC());
    }

    /**
     * Checks {@code exp} (required), {@code nbf}, {@code iss} (when {@code issuer} is set) and {@code aud} (when
     * {@code audience} is set), reporting every failed check.
     */
    public static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, Duration clockSkew, Clock clock) {
        return jwt -> {
            Instant now = clock.instant();
            List<OAuth2Error> errors = new ArrayList<>();
            if (jwt.getExpiresAt() == null) {
                errors.add(error("token_no_expiry"));
            } else if (now.isAfter(jwt.getExpiresAt().plus(clockSkew))) {
                errors.add(error("token_expired"));
            }
            if (jwt.getNotBefore() != null && now.isBefore(jwt.getNotBefore().minus(clockSkew))) {
                errors.add(error("token_not_yet_valid"));
            }
            if (issuer != null && !issuer.isBlank() && !issuer.equals(jwt.getClaimAsString("iss"))) {
                errors.add(error("issuer_mismatch"));
            }
            if (audience != null && !audience.isBlank()
                    && (jwt.getAudience() == null || !jwt.getAudience().contains(audience))) {
                errors.add(error("audience_mismatch"));
            }
            return errors.isEmpty() ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(errors);
        };
    }

    /** The reason code of an error this validator reported; {@code token_invalid} for anything else. */
    public static String reasonOf(OAuth2Error error) {
        String description = error == null ? null : error.getDescription();
        return DESCRIPTIONS.entrySet().stream().filter(entry -> entry.getValue().equals(description))
                .map(Map.Entry::getKey).findFirst().orElse("token_invalid");
    }

    private static OAuth2Error error(String reason) {
        return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, DESCRIPTIONS.get(reason), null);
    }
}
