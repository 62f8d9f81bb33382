package dev.skyport.orders.support;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.testsupport.TestIssuer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What orders-service's integration tests run against, started once per test JVM and shared: an
 * in-process dynamo-engine on a free port, the test issuer, and the fake users-service. Stopped when the
 * JVM exits.
 */
public final class TestPlatform {

    private static TestPlatform instance;

    public final DynamoEngine engine;
    public final TestIssuer tokens;
    public final FakeUsersService users;

    private TestPlatform() {
        // Small shards, so the stream reader crosses shard boundaries (parent drained, then children) in tests.
        engine = DynamoEngine.builder().host("127.0.0.1").port(0)
                .shardRollover(200, java.time.Duration.ofHours(4)).start();
        tokens = new TestIssuer();
        users = new FakeUsersService(tokens);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            users.close();
            tokens.close();
            engine.close();
        }));
    }

    public static synchronized TestPlatform get() {
        if (instance == null) {
            instance = new TestPlatform();
        }
        return instance;
    }

    /** The settings of an orders-service instance on this platform (tests add and override). */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", 0);
        p.put("management.server.port", 0);
        p.put("skyport.dynamodb.endpoint", engine.endpoint().toString());
        p.put("skyport.dynamodb.table-prefix", "it-");
        p.put("skyport.dynamodb.create-tables", true);
        // Outside the local profile the starter refuses its shipped local cursor secret.
        p.put("skyport.pagination.cursor-secret", "it-cursor-secret-0123456789abcdef");
        p.put("skyport.security.issuer-uri", TestIssuer.ISSUER);
        p.put("skyport.security.jwk-set-uri", users.jwksUri().toString());
        p.put("skyport.orders.users-service.url", users.url().toString());
        p.put("spring.security.oauth2.client.provider.users-service.token-uri", users.url() + "/oauth2/token");
        p.put("spring.security.oauth2.client.registration.users-service.client-secret", FakeUsersService.CLIENT_SECRET);
        // Resilience sized for tests: the circuit opens after a few failures and probes again after 1 s.
        p.put("skyport.orders.users-service.timeout", "1s");
        p.put("skyport.orders.users-service.max-attempts", 2);
        p.put("skyport.orders.users-service.retry-backoff", "20ms");
        p.put("skyport.orders.users-service.sliding-window-size", 4);
        p.put("skyport.orders.users-service.minimum-calls", 4);
        p.put("skyport.orders.users-service.open-duration", "1s");
        // WebSocket clocks sized for tests: pings every second, idle after 4 s without a frame or event.
        p.put("skyport.orders.events.ping-interval", "1s");
        p.put("skyport.orders.events.idle-timeout", "4s");
        p.put("skyport.orders.events.send-buffer-size", 65536);
        p.put("skyport.orders.events.send-time-limit", "5s");
        p.put("skyport.orders.events.poll-interval", "20ms");
        p.put("skyport.orders.events.discovery-interval", "1s");
        p.put("logging.structured.format.console", "");
        return p;
    }
}
