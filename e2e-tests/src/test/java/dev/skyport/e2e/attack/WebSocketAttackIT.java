package dev.skyport.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.skyport.e2e.platform.OrderEvents;
import dev.skyport.e2e.platform.Platform;
import dev.skyport.e2e.platform.Walkthrough;
import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.EventSocketClient;
import dev.skyport.testsupport.TestRedis;

/** WebSocket abuse (contract C5): one user holding sockets without end, and what a ticket leaves in Redis. */
@ExtendWith(SharedPlatform.class)
@Order(6)
class WebSocketAttackIT {

    private static final int CAP = 10;

    /** A WebSocket upgrade written by hand, so that a refusal's status, headers and body can be read. */
    private static RawHttp.Answer handshake(ApiClient client, String token) {
        int port = client.base().getPort();
        byte[] nonce = new byte[16];
        new java.security.SecureRandom().nextBytes(nonce);
        return RawHttp.exchange(client.from(), port, "GET /ws/orders HTTP/1.1", "Host: localhost:" + port,
                "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce), "Authorization: Bearer " + token);
    }

    @Test
    void refusesTheEleventhConcurrentSocketOfOneUserWith429() {
        // Attack: one account opens sockets without end, each holding a connection to orders-service and memory on
        // both sides; there was no per-user cap, so one user could take every upstream connection.
        ApiClient attacker = SharedPlatform.client();
        String token = Walkthrough.newUserTokens(attacker, "socket-hog").accessToken();
        List<EventSocketClient> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                sockets.add(OrderEvents.withBearer(attacker.http(), attacker.base(), token));
            }

            // Ten upgrades in a row also empty the route's rate bucket (burst 10): a 429 from that goes away after its
            // Retry-After, the cap's does not. A few tries, each after the previous refusal's Retry-After.
            RawHttp.Answer eleventh = handshake(attacker, token);
            for (int attempt = 0; attempt < 3 && eleventh.status() == 429; attempt++) {
                Platform.sleep(Duration.ofSeconds(Long.parseLong(eleventh.headers().getOrDefault("retry-after", "1"))));
                eleventh = handshake(attacker, token);
            }

            assertThat(eleventh.status()).as(eleventh.toString()).isEqualTo(429);
            assertThat(eleventh.header("Content-Type")).as(eleventh.toString()).startsWith("application/problem+json");
            assertThat(eleventh.json().path("status").asInt()).isEqualTo(429);
            assertThat(eleventh.header("Upgrade")).as("no upgrade").isNull();

            ApiClient other = SharedPlatform.client();
            String otherToken = Walkthrough.newUserTokens(other, "socket-neighbour").accessToken();
            OrderEvents.withBearer(other.http(), other.base(), otherToken).close();

            // With one socket closed, the user may open one again: the cap counts open sockets, not attempts.
            sockets.removeFirst().close();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> handshake(attacker, token).status() == 101);
        } finally {
            sockets.forEach(EventSocketClient::close);
        }
    }

    @Test
    void keepsNoPartOfTheAccessTokenInRedisForATicket() throws Exception {
        // Attack: read Redis (a shared cache, often less guarded than the services). Tickets were stored with the
        // user's access token as the value: anyone reading Redis could act as every user holding a ticket.
        TestRedis redis = SharedPlatform.redis();
        Assumptions.assumeTrue(redis != null, "redis-server is not installed (apt-get install redis-server); CI installs it");
        ApiClient user = SharedPlatform.client();
        String token = Walkthrough.newUserTokens(user, "ticket-holder").accessToken();
        ApiClient.Response ticket = user.postJson("/ws/tickets", token, "{}", Map.of());
        assertThat(ticket.status()).as(ticket.toString()).isBetween(200, 201);

        String everything = redisKeysAndValues(redis);

        String[] parts = token.split("\\.");
        assertThat(everything).as("Redis holds keys and values").isNotBlank()
                .doesNotContain(token).doesNotContain(parts[2]).doesNotContain(parts[1]);
        try (EventSocketClient events = OrderEvents.withTicket(user.http(), user.base(), ticket.json().path("ticket").asString())) {
            assertThat(events).as("the ticket still opens a socket").isNotNull();
        }
    }

    /** Every key and every value of every key in Redis, one per line, read with redis-cli in one Lua script. */
    private static String redisKeysAndValues(TestRedis redis) throws IOException, InterruptedException {
        String script = """
                local out = {}
                for _, k in ipairs(redis.call('KEYS', '*')) do
                  table.insert(out, k)
                  local t = redis.call('TYPE', k).ok
                  local values = {}
                  if t == 'string' then values = {redis.call('GET', k)}
                  elseif t == 'hash' then values = redis.call('HGETALL', k)
                  elseif t == 'list' then values = redis.call('LRANGE', k, 0, -1)
                  elseif t == 'set' then values = redis.call('SMEMBERS', k)
                  elseif t == 'zset' then values = redis.call('ZRANGE', k, 0, -1)
                  end
                  for _, v in ipairs(values) do table.insert(out, v) end
                end
                return out
                """;
        Process cli = new ProcessBuilder("redis-cli", "-p", String.valueOf(redis.port()), "--raw", "EVAL", script, "0")
                .redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(cli.exitValue()).as(output).isZero();
        assertThat(output).as("redis-cli answered").doesNotStartWith("ERR");
        return output;
    }
}
