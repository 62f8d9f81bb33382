package dev.skyport.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.skyport.testsupport.TestRedis;

/** The ticket store against a real Redis, with the gateway's command timeout (SKYPORT_REDIS_TIMEOUT, 150 ms). */
class RedisTicketStoreIT {

    private static TestRedis redis;
    private static LettuceConnectionFactory connections;
    private static RedisTicketStore store;

    @BeforeAll
    static void start() {
        redis = TestRedis.startOrSkip();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(150)).build());
        connections.afterPropertiesSet();
        connections.start();
        ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(connections);
        // Connected (and its classes loaded) before a test pauses Redis, as a running gateway is.
        template.opsForValue().get("skyport:warm-up").blockOptional(Duration.ofSeconds(10));
        store = new RedisTicketStore(template, Duration.ofMillis(500));
    }

    @AfterAll
    static void stop() {
        if (connections != null) {
            connections.destroy();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void savesATicketThroughAWritePauseLongerThanOneCommandTimeout() throws IOException {
        // Redis holds every write for 200 ms (as under a fork, a slow disk or a failover): the first SET times out
        // after 150 ms, the same SET sent again lands when the pause ends.
        pauseWrites(200);

        store.save("paused", "sealed-ticket", Duration.ofSeconds(30)).block(Duration.ofSeconds(5));

        assertThat(store.redeem("paused").block(Duration.ofSeconds(5))).isEqualTo("sealed-ticket");
        assertThat(store.redeem("paused").blockOptional(Duration.ofSeconds(5))).as("single use").isEmpty();
    }

    private static void pauseWrites(int millis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", redis.port())) {
            String ms = Integer.toString(millis);
            OutputStream out = socket.getOutputStream();
            out.write(("*4\r\n$6\r\nCLIENT\r\n$5\r\nPAUSE\r\n$" + ms.length() + "\r\n" + ms + "\r\n$5\r\nWRITE\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[5];
            assertThat(in.readNBytes(reply, 0, 5)).isEqualTo(5);
            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
        }
    }
}
