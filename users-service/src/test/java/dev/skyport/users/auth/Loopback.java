package dev.skyport.users.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

/** The CLI's loopback redirect target (RFC 8252): a real listener on 127.0.0.1 and a free port. */
final class Loopback implements AutoCloseable {

    private final HttpServer server;
    private final AtomicReference<Map<String, String>> received = new AtomicReference<>();

    private Loopback(HttpServer server) {
        this.server = server;
    }

    static Loopback start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            Loopback loopback = new Loopback(server);
            server.createContext("/callback", exchange -> {
                loopback.received.set(parse(exchange.getRequestURI().getRawQuery()));
                byte[] body = "Signed in. You can close this window.".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return loopback;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String redirectUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }

    /** The query parameters the authorization server redirected the browser with. */
    Map<String, String> received() {
        Map<String, String> query = received.get();
        if (query == null) {
            throw new AssertionError("the browser never reached the loopback redirect");
        }
        return query;
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
