package dev.skyport.orders.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs real RS256 access tokens shaped like users-service's (docs/architecture.md: iss, aud skyport-api, sub,
 * scope array, roles), with a test RSA key whose public half the fake users-service serves as JWKS.
 */
public final class TestTokens {

    public static final String ISSUER = "http://issuer.skyport.test";
    public static final List<String> CUSTOMER_SCOPES = List.of("openid", "profile", "orders:read", "orders:write");

    private final RSAKey key;

    public TestTokens() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    public String customer(String userId) {
        return user(userId, CUSTOMER_SCOPES, List.of("USER"), Duration.ofMinutes(10));
    }

    public String admin(String userId) {
        return user(userId, CUSTOMER_SCOPES, List.of("USER", "ADMIN"), Duration.ofMinutes(10));
    }

    public String user(String userId, List<String> scopes, List<String> roles, Duration lifetime) {
        return userUntil(userId, scopes, roles, Instant.now().plus(lifetime));
    }

    public String userUntil(String userId, List<String> scopes, List<String> roles, Instant expiresAt) {
        return sign(new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("skyport-api")
                .subject(userId)
                .claim("scope", scopes)
                .claim("roles", roles)
                .claim("email", userId + "@skyport.test")
                .issueTime(new Date())
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build());
    }

    /** A client-credentials token as users-service's token endpoint issues it. */
    public String client(String clientId, List<String> scopes, Duration lifetime) {
        return sign(new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("skyport-api")
                .subject(clientId)
                .claim("scope", scopes)
                .claim("roles", List.of())
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(lifetime)))
                .build());
    }

    /** The claims of a token this key signed, or null when the signature or expiry is wrong. */
    public JWTClaimsSet verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return claims.getExpirationTime().toInstant().isAfter(Instant.now()) ? claims : null;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }

    private String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
