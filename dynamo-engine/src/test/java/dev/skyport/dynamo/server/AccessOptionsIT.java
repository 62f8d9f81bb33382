package dev.skyport.dynamo.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An engine told which names it answers to (a compose service name) and which origins may call it. */
class AccessOptionsIT {

    static DynamoEngine engine;

    @BeforeAll
    static void start() {
        engine = DynamoEngine.builder().allowedHosts(Set.of("dynamo-engine"))
                .corsOrigins(Set.of("http://localhost:3000")).start();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void answersItsConfiguredServiceName() throws Exception {
        int port = engine.port();
        assertThat(RawHttp.call(port, "ListTables", "{}", "Host", "dynamo-engine:8000").status()).isEqualTo(200);
        assertThat(RawHttp.call(port, "ListTables", "{}", "Host", "Dynamo-Engine").status()).isEqualTo(200);
        assertThat(RawHttp.call(port, "ListTables", "{}", "Host", "dynamo-engine.evil.example").status()).isEqualTo(403);
    }

    @Test
    void grantsCrossOriginCallsToTheConfiguredOriginOnly() throws Exception {
        int port = engine.port();
        RawHttp.Answer allowed = RawHttp.send(port, "OPTIONS", null, "Host", "localhost:" + port,
                "Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type,x-amz-target");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.headers()).containsEntry("access-control-allow-origin", "http://localhost:3000")
                .containsEntry("access-control-allow-headers", "content-type,x-amz-target");
        assertThat(RawHttp.call(port, "ListTables", "{}", "Host", "localhost:" + port, "Origin", "http://localhost:3000")
                .headers()).containsEntry("access-control-allow-origin", "http://localhost:3000");

        RawHttp.Answer refused = RawHttp.send(port, "OPTIONS", null, "Host", "localhost:" + port,
                "Origin", "http://localhost:3001", "Access-Control-Request-Method", "POST");
        assertThat(refused.headers()).doesNotContainKey("access-control-allow-origin");
    }
}
