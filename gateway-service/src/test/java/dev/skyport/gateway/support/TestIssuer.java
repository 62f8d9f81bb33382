package dev.skyport.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * A real JWKS endpoint (JDK HttpServer) with test RSA keys, and a token minter. It counts JWKS fetches and
 * can be made unreachable (answers 503) to show cached keys keep working.
 */
public final class TestIssuer implements AutoCloseable {

    public static final String ISSUER = "http://issuer.skyport.test";

    private final HttpServer server;
    private final List<RSAKey> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();
    private final RSAKey signingKey;

    public TestIssuer() throws IOException {
        signingKey = newKey();
        published.add(signingKey);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth2/jwks", exchange -> {
            fetches.incrementAndGet();
            if (down.get()) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = new JWKSet(published.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList())
                    .toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE).generate();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/jwks";
    }

    public int fetches() {
        return fetches.get();
    }

    public void setDown(boolean unreachable) {
        down.set(unreachable);
    }

    public void publish(RSAKey key) {
        published.add(key);
    }

    public RSAKey signingKey() {
        return signingKey;
    }

    /** A valid access token for this subject with these scopes, customisable before signing. */
    public String accessToken(String subject, List<String> scopes, List<String> roles) {
        return sign(signingKey, claims -> claims.subject(subject).claim("scope", scopes).claim("roles", roles));
    }

    public String token(Consumer<JWTClaimsSet.Builder> customiser) {
        return sign(signingKey, customiser);
    }

    public static JWTClaimsSet.Builder defaults() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of("skyport-api")).subject("user-1")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(600))).jwtID(UUID.randomUUID().toString())
                .claim("scope", List.of("orders:read", "orders:write", "profile")).claim("roles", List.of("USER"));
    }

    public static String sign(RSAKey key, Consumer<JWTClaimsSet.Builder> customiser) {
        return sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), customiser);
    }

    public static String sign(RSAKey key, JWSHeader header, Consumer<JWTClaimsSet.Builder> customiser) {
        JWTClaimsSet.Builder claims = defaults();
        customiser.accept(claims);
        try {
            SignedJWT jwt = new SignedJWT(header, claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
