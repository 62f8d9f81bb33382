package dev.skyport.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clients whose sockets are bound to one loopback address (127.0.0.2, 127.0.0.3, ...), so a test plays callers
 * from several machines against the gateway on 127.0.0.1: what the gateway resolves is the socket's own address.
 */
public final class ClientAt {

    private static final ConcurrentHashMap<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private final String address;
    private final int port;

    private ClientAt(String address, int port) {
        this.address = address;
        this.port = port;
    }

    public static ClientAt of(String address, int gatewayPort) {
        return new ClientAt(address, gatewayPort);
    }

    public String address() {
        return address;
    }

    private HttpClient client() {
        return CLIENTS.computeIfAbsent(address, a -> HttpClient.newBuilder().localAddress(inet(a))
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    public HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return client().send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A WebSocket handshake written by hand, so the test sees the exact answer of a refused upgrade (status line,
     * headers, problem body) that WebSocket clients hide. Returns everything read until the gateway stops sending.
     */
    public String rawUpgrade(String path, String bearerToken) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(inet(address), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            String key = Base64.getEncoder().encodeToString("skyport-edge-tst".getBytes(StandardCharsets.US_ASCII));
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + bearerToken + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    answer.write(buffer, 0, read);
                    String soFar = answer.toString(StandardCharsets.UTF_8);
                    if (soFar.startsWith("HTTP/1.1 101") && soFar.contains("\r\n\r\n")) {
                        break; // upgraded: the socket stays open, the answer is complete
                    }
                    if (complete(soFar)) {
                        break;
                    }
                }
            }
            catch (java.net.SocketTimeoutException stillOpen) {
                // what came so far is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static boolean complete(String response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = response.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int lineEnd = head.indexOf("\r\n", at);
        int length = Integer.parseInt(head.substring(at + 15, lineEnd < 0 ? head.length() : lineEnd).trim());
        return response.getBytes(StandardCharsets.UTF_8).length >= end + 4 + length;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static InetAddress inet(String address) {
        try {
            return InetAddress.getByName(address);
        }
        catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
