package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.skyport.gateway.support.GatewayTestBase;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import tools.jackson.databind.JsonNode;

/** The /ws/orders upgrade is authenticated at the edge (ticket or bearer) and relayed with the user's token. */
class WebSocketIT extends GatewayTestBase {

    private record Exchange(List<String> frames, int closeCode) {
    }

    @Test
    void ticketOpensTheSocketOnceAndRelaysTheUsersTokenUpstream() {
        String token = userToken("ws-ticket-user");
        String ticket = issueTicket(token);

        Exchange first = talk("/ws/orders?ticket=" + ticket, null, "hello");
        assertThat(first.frames().getFirst()).isEqualTo("{\"authorization\":\"Bearer " + token + "\"}");
        assertThat(first.frames()).contains("echo:hello");

        assertThatThrownBy(() -> talk("/ws/orders?ticket=" + ticket, null, "again"))
                .isInstanceOf(WebSocketClientHandshakeException.class).hasMessageContaining("401");
    }

    @Test
    void bearerTokenOpensTheSocket() {
        String token = userToken("ws-bearer-user");
        Exchange exchange = talk("/ws/orders", token, "ping");
        assertThat(exchange.frames().getFirst()).contains("Bearer " + token);
        assertThat(exchange.frames()).contains("echo:ping");
    }

    @Test
    void aFrameSentRightAfterTheUpgradeIsNeverLost() {
        // Each message leaves the moment the client has the 101. Before the upgrade ran on the connection's event
        // loop, about one exchange in twenty lost it (EventLoopUpgradeStrategy says why).
        assertEveryMessageIsEchoed(30, "/ws/orders", "ws-early-user-", "at-once-");
    }

    @Test
    void aFrameSentWhileTheServiceIsStillAnsweringTheHandshakeWaitsForIt() {
        // The service answers the upgrade 300 ms late, so every message is sent while the gateway's own socket to
        // it is still being opened; the gateway holds it until then.
        assertEveryMessageIsEchoed(10, "/ws/orders?handshakeDelayMs=300", "ws-slow-service-user-", "early-");
    }

    /** {@code times} exchanges, each a new user's socket sending one message the moment it has the 101. */
    private void assertEveryMessageIsEchoed(int times, String path, String userPrefix, String messagePrefix) {
        for (int i = 0; i < times; i++) {
            String token = userToken(userPrefix + i);
            Exchange exchange = talk(path, token, messagePrefix + i);
            assertThat(exchange.frames()).as("exchange %d", i).containsExactly(
                    "{\"authorization\":\"Bearer " + token + "\"}", "echo:" + messagePrefix + i);
        }
    }

    @Test
    void upgradeWithoutCredentialsIsRefusedBeforeAnyUpstreamConnection() {
        assertThatThrownBy(() -> talk("/ws/orders", null, "x"))
                .isInstanceOf(WebSocketClientHandshakeException.class).hasMessageContaining("401");
        assertThatThrownBy(() -> talk("/ws/orders?ticket=made-up", null, "x"))
                .isInstanceOf(WebSocketClientHandshakeException.class).hasMessageContaining("401");
    }

    @Test
    void foreignOriginIsRefused() {
        String token = userToken("ws-origin-user");
        assertThatThrownBy(() -> talk("/ws/orders", token, "x", "http://evil.example"))
                .isInstanceOf(WebSocketClientHandshakeException.class).hasMessageContaining("403");
        assertThat(talk("/ws/orders", token, "x", APP_ORIGIN).frames()).contains("echo:x");
    }

    @Test
    void ticketsNeedABearerToken() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/ws/tickets")))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void framesOverTheLimitCloseTheSocketWith1009() {
        String token = userToken("ws-big-user");
        String big = "x".repeat(131_073);
        Exchange exchange = talk("/ws/orders", token, big);
        assertThat(exchange.closeCode()).isEqualTo(1009);
    }

    @Test
    void idleSocketsAreClosedWithACodeThatSaysWhy() {
        String token = userToken("ws-idle-user");
        // Test configuration sets the idle timeout to 6 s; the socket stays silent after the greeting.
        Integer code = HttpClient.create().headers(h -> h.set("Authorization", bearer(token)))
                .websocket().uri(wsUrl("/ws/orders"))
                .handle((in, out) -> in.receiveCloseStatus().map(status -> status.code()))
                .next().block(Duration.ofSeconds(20));
        assertThat(code).isEqualTo(1000);
    }

    private String issueTicket(String token) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/ws/tickets")))
                .POST(HttpRequest.BodyPublishers.noBody()), "Authorization", bearer(token));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("expiresIn").asInt()).isEqualTo(30);
        return body.get("ticket").asText();
    }

    private Exchange talk(String path, String token, String message) {
        return talk(path, token, message, null);
    }

    private Exchange talk(String path, String token, String message, String origin) {
        return HttpClient.create()
                .headers(h -> {
                    if (token != null) {
                        h.set("Authorization", bearer(token));
                    }
                    if (origin != null) {
                        h.set("Origin", origin);
                    }
                })
                .websocket(reactor.netty.http.client.WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
                .uri(wsUrl(path))
                .handle((in, out) -> {
                    Mono<Integer> close = in.receiveCloseStatus().map(s -> s.code()).defaultIfEmpty(-1).cache();
                    close.subscribe();
                    // Listen first, then send at once: the message leaves right after the upgrade, while the
                    // gateway may still be connecting to the service.
                    Flux<String> frames = in.receive().asString().replay().autoConnect(0);
                    return out.sendString(Mono.just(message)).then()
                            .thenMany(frames.take(2).take(Duration.ofSeconds(15)).collectList()
                                    .zipWith(close.timeout(Duration.ofMillis(500), Mono.just(-1)))
                                    .map(t -> new Exchange(t.getT1(), t.getT2())));
                })
                .next()
                .block(Duration.ofSeconds(20));
    }

    private String wsUrl(String path) {
        return "ws://127.0.0.1:" + port + path;
    }
}
