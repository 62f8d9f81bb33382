package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.skyport.gateway.support.GatewayTestBase;
import dev.skyport.testsupport.TestIssuer;

/** Every way an access token can be wrong ends in 401 with a WWW-Authenticate challenge, before any backend. */
class JwtRejectionIT extends GatewayTestBase {

    static Stream<Arguments> badTokens() throws Exception {
        RSAKey stranger = TestIssuer.newKey();
        RSAKey signing = issuer.signingKey();
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("malformed", "not.a.jwt"),
                Arguments.of("not a token68 (a space inside)", "not a token"),
                Arguments.of("padding inside the token", "abc=def"),
                Arguments.of("bad signature", tamper(issuer.accessToken("jwt-user", List.of("orders:read"), List.of()))),
                Arguments.of("alg none", unsigned()),
                Arguments.of("HS256 signed with the public key", hs256WithPublicKey(signing)),
                Arguments.of("embedded jwk header", TestIssuer.sign(stranger,
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).jwk(stranger.toPublicJWK())
                                .build(), c -> { })),
                Arguments.of("jku header", TestIssuer.sign(stranger, new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(stranger.getKeyID()).jwkURL(java.net.URI.create("http://127.0.0.1:1/jwks")).build(),
                        c -> { })),
                Arguments.of("unknown kid", TestIssuer.sign(stranger, c -> { })),
                Arguments.of("expired", issuer.token(c -> c.expirationTime(Date.from(now.minusSeconds(3600)))
                        .issueTime(Date.from(now.minusSeconds(7200))).notBeforeTime(Date.from(now.minusSeconds(7200))))),
                Arguments.of("not yet valid", issuer.token(c -> c.notBeforeTime(Date.from(now.plusSeconds(3600))))),
                Arguments.of("wrong iss", issuer.token(c -> c.issuer("http://evil.example"))),
                Arguments.of("wrong aud", issuer.token(c -> c.audience(List.of("another-api")))),
                Arguments.of("an ID token", issuer.token(c -> c.audience(List.of("skyport-cli")).claim("nonce", "n")
                        .claim("auth_time", now.getEpochSecond()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void rejectsWith401AndAChallenge(String why, String token) {
        int before = backend.hits("GET /api/orders/jwt-check");
        HttpResponse<String> response = token == null
                ? get("/api/orders/jwt-check")
                : get("/api/orders/jwt-check", "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).as(why).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).as(why).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        if (token != null) {
            assertThat(response.body()).doesNotContain(token);
        }
        assertThat(backend.hits("GET /api/orders/jwt-check")).isEqualTo(before);
    }

    @Test
    void acceptsAValidAccessToken() {
        HttpResponse<String> response = get("/api/orders/jwt-check", "Authorization",
                bearer(userToken("valid-user")));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void picksUpARotatedKeyAndLimitsRefetchesForUnknownKids() throws Exception {
        get("/api/orders/warm", "Authorization", bearer(userToken("rotation-user")));
        // A burst of tokens with unknown kids costs at most one JWKS fetch per interval.
        List<String> forged = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            forged.add(TestIssuer.sign(TestIssuer.newKey(), c -> { }));
        }
        int before = issuer.fetches();
        for (String token : forged) {
            assertThat(get("/api/orders/x", "Authorization", bearer(token)).statusCode()).isEqualTo(401);
        }
        assertThat(issuer.fetches() - before).isLessThanOrEqualTo(1);

        // A key the issuer publishes later is found by a refetch once the interval has passed.
        RSAKey rotated = TestIssuer.newKey();
        issuer.publish(rotated);
        String token = TestIssuer.sign(rotated, c -> c.subject("rotation-user"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(500))
                .until(() -> get("/api/orders/x", "Authorization", bearer(token)).statusCode() == 200);
    }

    @Test
    void keepsCachedKeysWhenTheIssuerIsUnreachableAndFailsClosedOnUnknownKeys() throws Exception {
        String known = userToken("outage-user");
        assertThat(get("/api/orders/x", "Authorization", bearer(known)).statusCode()).isEqualTo(200);
        issuer.setDown(true);
        try {
            Thread.sleep(1100); // past the refetch interval, so unknown kids do try the (dead) issuer
            assertThat(get("/api/orders/x", "Authorization", bearer(known)).statusCode()).isEqualTo(200);
            String unknown = TestIssuer.sign(TestIssuer.newKey(), c -> c.subject("outage-user"));
            assertThat(get("/api/orders/x", "Authorization", bearer(unknown)).statusCode()).isEqualTo(401);
            assertThat(get("/api/orders/x", "Authorization", bearer(known)).statusCode()).isEqualTo(200);
        }
        finally {
            issuer.setDown(false);
        }
    }

    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("jwt-user", "someone-else");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String unsigned() {
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(TestIssuer.defaults().build().toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    /** The classic confusion attack: HMAC with the RSA public key as the shared secret. */
    private static String hs256WithPublicKey(RSAKey key) throws Exception {
        byte[] secret = key.toPublicJWK().toRSAPublicKey().getEncoded();
        JWTClaimsSet claims = TestIssuer.defaults().build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }
}
