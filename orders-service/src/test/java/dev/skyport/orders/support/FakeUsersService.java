package dev.skyport.orders.support;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skyport.testsupport.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays users-service for orders-service's tests with a real HTTP server on a free loopback port: the
 * client-credentials token endpoint (client skyport-service, client_secret_basic, scope users:internal)
 * and the internal shipping-address endpoint (which checks that token). Tokens and the JWKS that validates
 * them come from the {@link TestIssuer}, whose server stays up. {@link #stop()} and {@link #start()} take
 * this server down and up again on the same port, for the circuit breaker.
 */
public final class FakeUsersService implements AutoCloseable {

    public static final String CLIENT_ID = "skyport-service";
    public static final String CLIENT_SECRET = "test-service-secret";

    private final TestIssuer tokens;
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger addressRequests = new AtomicInteger();
    private volatile HttpServer apiServer;
    private final int apiPort;

    public FakeUsersService(TestIssuer tokens) {
        this.tokens = tokens;
        try {
            apiServer = newApiServer(0);
            apiPort = apiServer.getAddress().getPort();
            apiServer.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + apiPort);
    }

    public URI jwksUri() {
        return URI.create(tokens.jwksUri());
    }

    /** Gives a user a default shipping address (JSON as users-service sends it). */
    public void address(String userId, String json) {
        addresses.put(userId, json);
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    public int addressRequests() {
        return addressRequests.get();
    }

    /** Takes users-service down: connections are refused. */
    public synchronized void stop() {
        if (apiServer != null) {
            apiServer.stop(0);
            apiServer = null;
        }
    }

    /** Brings users-service back on the same port. */
    public synchronized void start() {
        if (apiServer == null) {
            try {
                apiServer = newApiServer(apiPort);
                apiServer.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private HttpServer newApiServer(int port) throws IOException {
        HttpServer server = null;
        IOException last = null;
        // The port was just released; give the kernel a moment if it still holds it.
        for (int attempt = 0; attempt < 50 && server == null; attempt++) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            } catch (java.net.BindException e) {
                last = e;
                sleep(Duration.ofMillis(100));
            }
        }
        if (server == null) {
            throw last;
        }
        server.createContext("/oauth2/token", this::token);
        server.createContext("/internal/users/", this::shippingAddress);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        return server;
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = form(body);
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod()) || !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!"client_credentials".equals(form.get("grant_type")) || !"users:internal".equals(form.get("scope"))) {
            respond(exchange, 400, "application/json", "{\"error\":\"invalid_request\"}");
            return;
        }
        String token = tokens.clientToken(CLIENT_ID, List.of("users:internal"), Duration.ofMinutes(5));
        respond(exchange, 200, "application/json", "{\"access_token\":\"" + token
                + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"users:internal\"}");
    }

    private void shippingAddress(HttpExchange exchange) throws IOException {
        addressRequests.incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        JWTClaimsSet claims = authorization != null && authorization.startsWith("Bearer ")
                ? tokens.verify(authorization.substring(7)) : null;
        if (claims == null) {
            respond(exchange, 401, "application/problem+json", "{\"status\":401,\"title\":\"Unauthorized\"}");
            return;
        }
        Object scope = claims.getClaim("scope");
        if (!(scope instanceof List<?> scopes) || !scopes.contains("users:internal")) {
            respond(exchange, 403, "application/problem+json", "{\"status\":403,\"title\":\"Forbidden\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String prefix = "/internal/users/";
        String suffix = "/shipping-address";
        if (!path.endsWith(suffix)) {
            respond(exchange, 404, "application/problem+json", "{\"status\":404,\"title\":\"Not Found\"}");
            return;
        }
        String userId = URLDecoder.decode(path.substring(prefix.length(), path.length() - suffix.length()),
                StandardCharsets.UTF_8);
        String address = addresses.get(userId);
        if (address == null) {
            respond(exchange, 404, "application/problem+json", "{\"status\":404,\"title\":\"Not Found\"}");
            return;
        }
        respond(exchange, 200, "application/json", address);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new ConcurrentHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
