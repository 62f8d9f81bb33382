package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.skyport.gateway.support.ClientAt;
import dev.skyport.gateway.support.GatewayTestBase;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/** One user hoarding WebSockets, and what a ticket leaves in Redis. */
class WebSocketAbuseIT extends GatewayTestBase {

    @Autowired(required = false)
    ReactiveStringRedisTemplate redisTemplate;

    /** An open socket that keeps talking (so it is never idle) until disposed; greeting completes once it is open. */
    private record OpenSocket(Disposable connection, Mono<String> greeting) {
    }

    private OpenSocket open(String localAddress, String token) {
        Sinks.One<String> greeting = Sinks.one();
        Disposable connection = HttpClient.create()
                .bindAddress(() -> new InetSocketAddress(localAddress, 0))
                .headers(h -> h.set("Authorization", bearer(token)))
                .websocket().uri("ws://127.0.0.1:" + port + "/ws/orders")
                .handle((in, out) -> {
                    in.receive().asString().subscribe(frame -> greeting.tryEmitValue(frame), error -> { });
                    return out.sendString(Flux.interval(Duration.ofSeconds(1)).map(i -> "tick-" + i));
                })
                .subscribe(null, error -> greeting.tryEmitError(error));
        return new OpenSocket(connection, greeting.asMono().cache());
    }

    @Test
    void theEleventhSocketOfOneUserGets429WhileAnotherUserStillConnects() throws Exception {
        String hoarder = userToken("ws-hoarder");
        List<OpenSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                // From two addresses: the cap is the user's, wherever the sockets come from.
                OpenSocket socket = open(i % 2 == 0 ? "127.0.2.2" : "127.0.2.3", hoarder);
                sockets.add(socket);
                assertThat(socket.greeting().block(Duration.ofSeconds(15))).contains("Bearer " + hoarder);
            }
            String refused = ClientAt.of("127.0.2.4", port).rawUpgrade("/ws/orders", hoarder);
            assertThat(refused).startsWith("HTTP/1.1 429 ");
            assertThat(refused.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json");
            var problem = JSON.readTree(refused.substring(refused.indexOf("\r\n\r\n") + 4));
            assertThat(problem.get("title").asText()).isEqualTo("Too Many Requests");
            assertThat(problem.get("detail").asText()).contains("WebSocket");

            String other = userToken("ws-other-user");
            OpenSocket otherSocket = open("127.0.2.4", other);
            sockets.add(otherSocket);
            assertThat(otherSocket.greeting().block(Duration.ofSeconds(15))).contains("Bearer " + other);

            // Closing one of the hoarder's sockets frees its place.
            sockets.getFirst().connection().dispose();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ClientAt.of("127.0.2.4", port).rawUpgrade("/ws/orders", hoarder)
                            .startsWith("HTTP/1.1 101 "));
        }
        finally {
            sockets.forEach(socket -> socket.connection().dispose());
        }
    }

    @Test
    void redisHoldsNoPartOfTheAccessTokenForATicket() {
        assumeRedis();
        String token = userToken("ws-sealed-ticket-user");
        HttpResponse<String> issued = ClientAt.of("127.0.2.5", port).post("/ws/tickets", "",
                "Authorization", bearer(token));
        assertThat(issued.statusCode()).isEqualTo(200);
        String ticket = json(issued).get("ticket").asText();

        List<String> keys = redisTemplate.keys("skyport:wsticket:*").collectList().block(Duration.ofSeconds(5));
        assertThat(keys).isNotEmpty();
        String[] parts = token.split("\\.");
        for (String key : keys) {
            String value = redisTemplate.opsForValue().get(key).block(Duration.ofSeconds(5));
            String stored = key + " " + value;
            assertThat(stored).doesNotContain(parts[0]).doesNotContain(parts[1]).doesNotContain(parts[2])
                    .doesNotContain(ticket);
        }

        // The ticket still opens the socket, and the service still gets the user's own token to check.
        String greeting = HttpClient.create().websocket().uri("ws://127.0.0.1:" + port + "/ws/orders?ticket=" + ticket)
                .handle((in, out) -> in.receive().asString().next())
                .next().block(Duration.ofSeconds(15));
        assertThat(greeting).isEqualTo("{\"authorization\":\"Bearer " + token + "\"}");
    }
}
