package dev.skyport.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * The test token issuer: RS256 keys, their JWKS served at {@code /oauth2/jwks} on a free loopback port (a real
 * HTTP server, JDK's), and access tokens shaped like users-service's (iss, aud skyport-api, sub, scope array, roles,
 * email). It also makes the tokens an attacker brings: another key, HS256, {@code alg: none}, any claim changed.
 * It counts JWKS fetches and can answer 503 to show that cached keys keep working.
 */
public final class TestIssuer implements AutoCloseable {

    public static final String ISSUER = "http://issuer.skyport.test";
    public static final String AUDIENCE = "skyport-api";
    /** What a signed-in customer's token carries. */
    public static final List<String> CUSTOMER_SCOPES = List.of("openid", "profile", "orders:read", "orders:write");

    // HS256 with a guessable secret: the classic confusion attack on a server that trusts the header's alg.
    private static final byte[] HS256_SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final List<RSAKey> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();
    private final RSAKey signingKey = newKey();
    private volatile RSAKey strangerKey;

    /** Starts the JWKS endpoint, publishing the signing key. */
    public TestIssuer() {
        published.add(signingKey);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/oauth2/jwks", exchange -> {
            fetches.incrementAndGet();
            if (down.get()) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = jwks().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** A fresh 2048-bit RSA signing key with a random key id. */
    public static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/jwks";
    }

    /** The JWKS document as the endpoint serves it (public halves only). */
    public String jwks() {
        return new JWKSet(published.stream().map(key -> (JWK) key.toPublicJWK()).toList()).toString();
    }

    public int fetches() {
        return fetches.get();
    }

    /** While down, the JWKS endpoint answers 503. */
    public void setDown(boolean unreachable) {
        down.set(unreachable);
    }

    public void publish(RSAKey key) {
        published.add(key);
    }

    /** Publishes one more key, as the authorization server does before rotating, and returns it. */
    public RSAKey publishNewKey() {
        RSAKey key = newKey();
        publish(key);
        return key;
    }

    public RSAKey signingKey() {
        return signingKey;
    }

    /** Claims of a valid access token (subject user-1, customer scopes, role USER) for tests to change. */
    public static JWTClaimsSet.Builder defaults() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of(AUDIENCE)).subject("user-1")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(600))).jwtID(UUID.randomUUID().toString())
                .claim("scope", List.of("orders:read", "orders:write", "profile")).claim("roles", List.of("USER"));
    }

    /** Claims of a valid access token for this user, for tests to change before signing. */
    public JWTClaimsSet.Builder claims(String subject, List<String> scopes, List<String> roles) {
        return defaults().subject(subject).claim("scope", scopes).claim("roles", roles)
                .claim("email", subject + "@skyport.test");
    }

    public String accessToken(String subject, List<String> scopes, List<String> roles) {
        return sign(claims(subject, scopes, roles).build());
    }

    public String accessToken(String subject, List<String> scopes, List<String> roles, Duration lifetime) {
        return accessTokenUntil(subject, scopes, roles, Instant.now().plus(lifetime));
    }

    public String accessTokenUntil(String subject, List<String> scopes, List<String> roles, Instant expiresAt) {
        return sign(claims(subject, scopes, roles).expirationTime(Date.from(expiresAt)).build());
    }

    /** A signed-in customer's token: {@link #CUSTOMER_SCOPES}, role USER, 10 minutes. */
    public String customer(String subject) {
        return accessToken(subject, CUSTOMER_SCOPES, List.of("USER"));
    }

    /** An administrator's token: {@link #CUSTOMER_SCOPES}, roles USER and ADMIN, 10 minutes. */
    public String admin(String subject) {
        return accessToken(subject, CUSTOMER_SCOPES, List.of("USER", "ADMIN"));
    }

    /** A client-credentials token as users-service's token endpoint issues it: no user, no roles. */
    public String clientToken(String clientId, List<String> scopes, Duration lifetime) {
        Instant now = Instant.now();
        return sign(defaults().subject(clientId).claim("scope", scopes).claim("roles", List.of())
                .expirationTime(Date.from(now.plus(lifetime))).build());
    }

    /** A token from {@link #defaults()} as the customiser changes them, signed with the published key. */
    public String token(Consumer<JWTClaimsSet.Builder> customiser) {
        return sign(signingKey, customiser);
    }

    public String sign(JWTClaimsSet claims) {
        return signWith(claims, signingKey);
    }

    /** Signed with a key that was never published: a forgery. */
    public String signWithStrangerKey(JWTClaimsSet claims) {
        RSAKey stranger = strangerKey;
        if (stranger == null) {
            stranger = strangerKey = newKey();
        }
        return signWith(claims, stranger);
    }

    /** HS256 under the signing key's id: the algorithm-confusion attack. */
    public String signHs256(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signingKey.getKeyID()).build(),
                    claims);
            jwt.sign(new MACSigner(HS256_SECRET));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: the claims with no signature at all. */
    public String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    public static String signWith(JWTClaimsSet claims, RSAKey key) {
        return sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    }

    public static String sign(RSAKey key, Consumer<JWTClaimsSet.Builder> customiser) {
        return sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), customiser);
    }

    /** Any header (kid, typ, crit...) over {@link #defaults()} as the customiser changes them. */
    public static String sign(RSAKey key, JWSHeader header, Consumer<JWTClaimsSet.Builder> customiser) {
        JWTClaimsSet.Builder claims = defaults();
        customiser.accept(claims);
        return sign(key, header, claims.build());
    }

    private static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a token this issuer signed and that has not expired, or null. */
    public JWTClaimsSet verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new RSASSAVerifier(signingKey.toRSAPublicKey()))) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return claims.getExpirationTime().toInstant().isAfter(Instant.now()) ? claims : null;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
