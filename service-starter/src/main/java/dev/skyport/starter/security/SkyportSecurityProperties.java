package dev.skyport.starter.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Resource-server settings ({@code skyport.security.*}). The expected issuer (the public URL) and the JWKS URL
 * (internal) are separate, and nothing is fetched at start-up: keys are fetched on the first token.
 *
 * @param issuerUri expected {@code iss} (SKYPORT_ISSUER_URI)
 * @param jwkSetUri where the signing keys are fetched from (SKYPORT_JWK_SET_URI)
 * @param audience required member of {@code aud}; ID tokens (aud = client id) fail this check
 * @param clockSkew tolerance for {@code exp}/{@code nbf}
 * @param algorithms JWS algorithms accepted
 * @param publicPaths path patterns reachable without a token (in addition to health/info/prometheus and docs)
 * @param docsPaths OpenAPI paths, public
 * @param jwksConnectTimeout connect timeout for the JWKS fetch
 * @param jwksReadTimeout read timeout for the JWKS fetch
 * @param verifiedTokenCacheSize how many verified tokens are remembered until their {@code exp}
 *        ({@link dev.skyport.defaults.VerifiedTokens}), so a client's next calls skip the RSA verification
 */
@ConfigurationProperties("skyport.security")
public record SkyportSecurityProperties(
        String issuerUri,
        String jwkSetUri,
        @DefaultValue("skyport-api") String audience,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("RS256") List<String> algorithms,
        @DefaultValue({}) List<String> publicPaths,
        @DefaultValue({"/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"}) List<String> docsPaths,
        @DefaultValue("2s") Duration jwksConnectTimeout,
        @DefaultValue("5s") Duration jwksReadTimeout,
        @DefaultValue("10000") long verifiedTokenCacheSize) {
}
