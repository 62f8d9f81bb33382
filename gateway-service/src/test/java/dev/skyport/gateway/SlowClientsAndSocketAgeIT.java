package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.skyport.gateway.support.GatewayTestBase;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/**
 * Timeouts that need short settings, so this class gets a gateway of its own: the maximum WebSocket connection age,
 * and slow clients (request line and headers, a stalled body, a dribbled body). Bounds in assertions are generous:
 * they prove the cut happens, not how fast.
 */
@TestPropertySource(properties = {
        "skyport.gateway.websocket.max-connection-age=2s",
        "skyport.gateway.request-head-timeout=1s",
        "skyport.gateway.request-read-timeout=1s",
        "skyport.gateway.request-timeout=3s" })
class SlowClientsAndSocketAgeIT extends GatewayTestBase {

    private static final Duration GIVE_UP = Duration.ofSeconds(15);

    @org.springframework.beans.factory.annotation.Autowired
    private io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry breakers;

    /** What a raw client saw: the bytes the gateway answered, and whether it closed the connection. */
    private record Outcome(String response, boolean closed) {
    }

    @Test
    void aSocketIsClosedWith1001AtItsMaximumAgeEvenWhileFramesFlow() {
        String token = userToken("ws-age-user");
        List<String> echoes = new CopyOnWriteArrayList<>();
        Integer code = HttpClient.create().headers(h -> h.set("Authorization", bearer(token)))
                .websocket().uri("ws://127.0.0.1:" + port + "/ws/orders")
                .handle((in, out) -> {
                    // A frame every 200 ms each way: the socket is never idle, only old.
                    out.sendString(Flux.interval(Duration.ofMillis(200)).map(i -> "tick-" + i)).then()
                            .subscribe(null, error -> { });
                    in.receive().asString().subscribe(echoes::add, error -> { });
                    return in.receiveCloseStatus().map(status -> status.code());
                })
                .next().block(Duration.ofSeconds(20));
        assertThat(code).isEqualTo(1001);
        assertThat(echoes).contains("echo:tick-0", "echo:tick-1", "echo:tick-2", "echo:tick-3");
    }

    @Test
    void aClientDribblingItsHeadersGets408AndIsDisconnected() throws IOException {
        byte[] head = "GET /docs HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] slow = "X-Slow: abcdefghijklmnopqrstuvwxyz\r\n".repeat(50).getBytes(StandardCharsets.US_ASCII);
        Outcome outcome = dribble(head, slow);
        assertCutOffWith408(outcome);
    }

    @Test
    void aBodyThatStallsLongerThanTheReadTimeoutIsCutOff() throws IOException {
        String token = userToken("slow-body-user");
        byte[] head = postHead(token, "application/json", 100, "{\"a\":");
        // Then silence: no byte of the remaining body ever comes.
        Outcome outcome = dribble(head, new byte[0]);
        assertCutOffWith408(outcome);
    }

    @Test
    void slowClientsDoNotCountAsFailuresOfTheRoutesBackend() throws IOException {
        String token = userToken("slow-body-breaker-user");
        byte[] head = postHead(token, "application/json", 100, "{");
        for (int i = 0; i < 3; i++) {
            assertThat(dribble(head, new byte[0]).response()).startsWith("HTTP/1.1 408 ");
        }
        // The breaker does see this route's calls (a normal one is recorded), but no slow-body call of this class
        // was recorded as a failure.
        assertThat(get("/api/orders/probe", "Authorization", bearer(token)).statusCode()).isEqualTo(200);
        var metrics = breakers.circuitBreaker("orders").getMetrics();
        assertThat(metrics.getNumberOfBufferedCalls()).isPositive();
        assertThat(metrics.getNumberOfFailedCalls()).isZero();
    }

    @Test
    void aBodyDribbledWithinTheReadTimeoutIsCutOffByTheRequestTimeout() throws IOException {
        String token = userToken("dribbled-body-user");
        byte[] head = postHead(token, "application/octet-stream", 100_000, "");
        // One byte every 200 ms keeps every gap under the 1 s read timeout; 100,000 of them would take 5 hours.
        Outcome outcome = dribble(head, new byte[100_000]);
        assertCutOffWith408(outcome);
    }

    @Test
    void aKeepAliveConnectionIdleBetweenRequestsIsNotMistakenForASlowClient() throws Exception {
        String token = userToken("keep-alive-user");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET /api/orders/kept-alive HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ");
            // Longer than the 1 s head timeout, shorter than the idle timeout: the connection stays usable.
            Thread.sleep(2_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ");
        }
    }

    /**
     * Sends {@code head} at once, then {@code slow} one byte every 200 ms, watching for an answer or the end of the
     * connection, and gives up after {@link #GIVE_UP}.
     */
    /** A POST to the orders route whose head is complete and whose body starts with {@code bodyStart}. */
    private static byte[] postHead(String token, String contentType, int contentLength, String bodyStart) {
        return ("POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + contentLength + "\r\n\r\n" + bodyStart)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The gateway answered 408 problem+json and closed the connection. */
    private static void assertCutOffWith408(Outcome outcome) {
        assertThat(outcome.closed()).isTrue();
        assertThat(outcome.response()).startsWith("HTTP/1.1 408 ").contains("application/problem+json")
                .contains("\"status\":408");
    }

    private Outcome dribble(byte[] head, byte[] slow) throws IOException {
        ByteArrayOutputStream answered = new ByteArrayOutputStream();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head);
            out.flush();
            long giveUpAt = System.nanoTime() + GIVE_UP.toNanos();
            int next = 0;
            byte[] buffer = new byte[4096];
            while (System.nanoTime() < giveUpAt) {
                if (answered.size() == 0 && next < slow.length) {
                    try {
                        out.write(slow[next++]);
                        out.flush();
                    }
                    catch (IOException reset) {
                        return new Outcome(answered.toString(StandardCharsets.UTF_8), true);
                    }
                }
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return new Outcome(answered.toString(StandardCharsets.UTF_8), true);
                    }
                    answered.write(buffer, 0, n);
                }
                catch (SocketTimeoutException stillOpen) {
                    // nothing yet: keep dribbling
                }
                catch (IOException reset) {
                    return new Outcome(answered.toString(StandardCharsets.UTF_8), true);
                }
            }
        }
        return new Outcome(answered.toString(StandardCharsets.UTF_8), false);
    }

    /** Reads one response (head, then a Content-Length or chunked body), leaving the connection open. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
            in.readNBytes(length);
        }
        else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                int size = Integer.parseInt(readLine(in).trim(), 16);
                in.readNBytes(size);
                readLine(in);
                if (size == 0) {
                    break;
                }
            }
        }
        return head.toString();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
