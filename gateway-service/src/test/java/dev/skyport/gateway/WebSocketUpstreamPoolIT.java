package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.skyport.gateway.support.GatewayTestBase;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * WebSockets hold their upstream connection for their whole life. Here the REST routes' pool has room for two
 * connections: three open sockets must not take them, so a REST call still goes through.
 */
@TestPropertySource(properties = {
        "spring.cloud.gateway.server.webflux.httpclient.pool.type=FIXED",
        "spring.cloud.gateway.server.webflux.httpclient.pool.max-connections=2",
        "spring.cloud.gateway.server.webflux.httpclient.pool.acquire-timeout=2000" })
class WebSocketUpstreamPoolIT extends GatewayTestBase {

    @Test
    void socketsDoNotStarveRestCallsOfUpstreamConnections() {
        List<Disposable> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                String token = userToken("ws-pool-user-" + i);
                Sinks.One<String> greeting = Sinks.one();
                sockets.add(HttpClient.create().headers(h -> h.set("Authorization", bearer(token)))
                        .websocket().uri("ws://127.0.0.1:" + port + "/ws/orders")
                        .handle((in, out) -> {
                            in.receive().asString().subscribe(greeting::tryEmitValue, error -> { });
                            return out.sendString(Flux.interval(Duration.ofSeconds(1)).map(n -> "tick-" + n));
                        })
                        .subscribe(null, greeting::tryEmitError));
                assertThat(greeting.asMono().block(Duration.ofSeconds(15))).contains("Bearer " + token);
            }
            String token = userToken("ws-pool-rest-user");
            for (int i = 0; i < 3; i++) {
                assertThat(get("/api/orders/" + i, "Authorization", bearer(token)).statusCode()).isEqualTo(200);
            }
        }
        finally {
            sockets.forEach(Disposable::dispose);
        }
    }
}
