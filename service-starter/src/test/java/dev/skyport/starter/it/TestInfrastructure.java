package dev.skyport.starter.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.skyport.dynamo.DynamoEngine;

/**
 * What the integration tests run against, started once per JVM on free ports: an in-process dynamo-engine and a
 * JWKS endpoint (JDK HttpServer) publishing the test issuer's RSA key. Tokens are signed with that key.
 */
public final class TestInfrastructure {

    public static final String ISSUER = "http://issuer.test:8080";
    public static final String AUDIENCE = "skyport-api";

    private static TestInfrastructure instance;

    private final DynamoEngine engine;
    private final HttpServer jwksServer;
    private final RSAKey signingKey;
    private final RSAKey strangerKey;
    private volatile int jwksRequests;
    private volatile byte[] jwks;

    private TestInfrastructure() throws Exception {
        engine = DynamoEngine.builder().host("127.0.0.1").port(0).inMemory().start();
        signingKey = new RSAKeyGenerator(2048).keyID("test-key-1").generate();
        strangerKey = new RSAKeyGenerator(2048).keyID("stranger-key").generate();
        jwks = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/oauth2/jwks", exchange -> {
            jwksRequests++;
            byte[] jwks = this.jwks;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        jwksServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            try {
                instance = new TestInfrastructure();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start test infrastructure", e);
            }
        }
        return instance;
    }

    public String engineEndpoint() {
        return engine.endpoint().toString();
    }

    /** Publishes one more signing key (as the authorization server does before rotating) and returns it. */
    public synchronized RSAKey publishNewKey() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("rotated-" + UUID.randomUUID()).generate();
            JWKSet current = JWKSet.parse(new String(jwks, StandardCharsets.UTF_8));
            java.util.List<com.nimbusds.jose.jwk.JWK> keys = new java.util.ArrayList<>(current.getKeys());
            keys.add(key.toPublicJWK());
            jwks = new JWKSet(keys).toString().getBytes(StandardCharsets.UTF_8);
            return key;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String signWith(JWTClaimsSet claims, RSAKey key) {
        return sign(claims, key);
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/oauth2/jwks";
    }

    public int jwksRequests() {
        return jwksRequests;
    }

    /** Claims of a valid user access token; tests change what they check. */
    public JWTClaimsSet.Builder userClaims(String userId, List<String> scopes, List<String> roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(userId).audience(List.of(AUDIENCE))
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString()).claim("scope", scopes).claim("roles", roles)
                .claim("email", userId + "@example.test");
    }

    public String sign(JWTClaimsSet claims) {
        return sign(claims, signingKey);
    }

    public String signWithStrangerKey(JWTClaimsSet claims) {
        return sign(claims, strangerKey);
    }

    public String signHs256(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("test-key-1").build(), claims);
            jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    public String token(String userId, List<String> scopes, List<String> roles) {
        return sign(userClaims(userId, scopes, roles).build());
    }

    public Map<String, Object> properties() {
        return Map.of("skyport.dynamodb.endpoint", engineEndpoint(), "skyport.security.jwk-set-uri", jwkSetUri(),
                "skyport.security.issuer-uri", ISSUER);
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        jwksServer.stop(0);
        engine.close();
    }
}
