package dev.skyport.e2e.attack;

import static dev.skyport.e2e.platform.Walkthrough.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.skyport.e2e.platform.Login;
import dev.skyport.e2e.platform.Walkthrough;
import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.JwtParts;

/**
 * Access tokens an attacker makes or borrows, presented to the edge: each must get 401 problem+json naming the
 * check it failed ({@code reason}). Regression
 * guards (the edge refused all of them before the attack suite existed). To change one claim at a time, some
 * tokens are signed with the issuer's real key, read from the engine's signing-keys table (a test fixture; an
 * attacker has no way to the engine).
 */
@ExtendWith(SharedPlatform.class)
@Order(1)
class ForgedTokenIT {

    private static ApiClient client;
    private static Login.Tokens real;
    private static PrivateKey issuerKey;

    @BeforeAll
    static void signIn() {
        client = SharedPlatform.client();
        real = Walkthrough.newUserTokens(client, "forger");
        String kid = JwtParts.header(real.accessToken()).path("kid").asString();
        String table = "local-signing-keys";
        JsonNode key = EngineTables.scan(Integer.parseInt(SharedPlatform.platform().env("DYNAMO_ENGINE_PORT")), table)
                .stream().filter(item -> kid.equals(item.path("keyId").path("S").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("no key " + kid + " in " + table));
        issuerKey = Jwts.rsaPrivateKey(key.path("privateKey").path("S").asString());
    }

    private static ObjectNode claims() {
        return JwtParts.claims(real.accessToken());
    }

    /** 401 problem+json whose {@code reason} names the one check the token failed, and never echoes the token. */
    private static void assertRefused(String token, String reason) {
        ApiClient.Response answer = client.get("/api/users/me", token);
        assertProblem(answer, 401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(answer.json().path("reason").asString()).as(answer.toString()).isEqualTo(reason);
        assertThat(answer.body()).doesNotContain(token);
    }

    @Test
    void acceptsATokenMintedWithTheIssuersKeyAndUnchangedClaims() {
        // The control for the cases below: minting by hand is right, so each refusal is due to the one change.
        String minted = Jwts.signRs256(JwtParts.header(real.accessToken()), claims(), issuerKey);

        assertThat(client.get("/api/users/me", minted).status()).isEqualTo(200);
    }

    @Test
    void refusesATokenSignedByAnotherKeyUnderTheIssuersKeyId() {
        // Attack: sign your own claims with your own key and the issuer's kid; if the edge trusted the kid, any sub.
        KeyPair attacker = Jwts.newRsaKeyPair();

        assertRefused(Jwts.signRs256(JwtParts.header(real.accessToken()), claims(), attacker.getPrivate()),
                "token_invalid_signature");
    }

    @Test
    void refusesATokenThatCarriesItsOwnVerificationKey() {
        // Attack: an embedded jwk header (CVE-2018-0114 style): a verifier using it accepts any self-signed token.
        KeyPair attacker = Jwts.newRsaKeyPair();
        RSAPublicKey publicKey = (RSAPublicKey) attacker.getPublic();
        ObjectNode header = (ObjectNode) JwtParts.header(real.accessToken());
        header.put("kid", "attacker");
        header.putObject("jwk").put("kty", "RSA").put("kid", "attacker")
                .put("n", Jwts.b64(unsigned(publicKey.getModulus().toByteArray())))
                .put("e", Jwts.b64(unsigned(publicKey.getPublicExponent().toByteArray())));

        assertRefused(Jwts.signRs256(header, claims(), attacker.getPrivate()), "unknown_key");
    }

    @Test
    void refusesAnUnsignedTokenWithAlgNone() {
        // Attack: alg none and no signature; a library that honours it accepts any claims.
        ObjectNode header = ApiClient.JSON.createObjectNode().put("alg", "none").put("typ", "JWT");

        assertRefused(Jwts.unsigned(header, claims()), "token_algorithm_not_allowed");
        // "None" is no JOSE algorithm name: read as a JWS whose signature is missing, the token does not even parse.
        assertRefused(Jwts.unsigned(ApiClient.JSON.createObjectNode().put("alg", "None"), claims()), "token_malformed");
    }

    @Test
    void refusesAnHmacTokenKeyedWithTheIssuersPublicKey() {
        // Attack: algorithm confusion, HS256 with the public key (which anyone can fetch) as the HMAC secret.
        ObjectNode header = (ObjectNode) JwtParts.header(real.accessToken());
        header.put("alg", "HS256");
        byte[] publicKey = client.get("/oauth2/jwks", null).body().getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertRefused(Jwts.signHs256(header, claims(), publicKey), "token_algorithm_not_allowed");
    }

    @Test
    void refusesATokenOfAnotherIssuerEvenWithAValidSignature() {
        // Attack: a token meant for another deployment (another issuer) replayed against this one.
        ObjectNode claims = claims().put("iss", "https://login.other.example");

        assertRefused(Jwts.signRs256(JwtParts.header(real.accessToken()), claims, issuerKey), "issuer_mismatch");
    }

    @Test
    void refusesATokenForAnotherAudience() {
        // Attack: a token the issuer made for another API (or the ID token) used as an access token here.
        ObjectNode claims = claims();
        claims.putArray("aud").add("billing-api");

        assertRefused(Jwts.signRs256(JwtParts.header(real.accessToken()), claims, issuerKey), "audience_mismatch");
        assertRefused(real.idToken(), "audience_mismatch");
    }

    @Test
    void refusesAnExpiredToken() {
        // Attack: replay a stolen token after it expired (beyond the 60 s clock skew).
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = claims().put("iat", now - 1200).put("nbf", now - 1200).put("exp", now - 600);

        assertRefused(Jwts.signRs256(JwtParts.header(real.accessToken()), claims, issuerKey), "token_expired");
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement[0] == 0 ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }
}
