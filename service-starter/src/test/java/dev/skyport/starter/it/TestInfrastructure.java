package dev.skyport.starter.it;

import java.util.Map;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.testsupport.TestIssuer;

/**
 * What the integration tests run against, started once per JVM on free ports: an in-process dynamo-engine and the
 * test issuer (its JWKS endpoint and the tokens it signs).
 */
public final class TestInfrastructure {

    private static TestInfrastructure instance;

    private final DynamoEngine engine;
    public final TestIssuer issuer;

    private TestInfrastructure() {
        engine = DynamoEngine.builder().host("127.0.0.1").port(0).inMemory().start();
        issuer = new TestIssuer();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            try {
                instance = new TestInfrastructure();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start test infrastructure", e);
            }
        }
        return instance;
    }

    public String engineEndpoint() {
        return engine.endpoint().toString();
    }

    public Map<String, Object> properties() {
        return Map.of("skyport.dynamodb.endpoint", engineEndpoint(), "skyport.security.jwk-set-uri", issuer.jwksUri(),
                "skyport.security.issuer-uri", TestIssuer.ISSUER);
    }

    private void stop() {
        issuer.close();
        engine.close();
    }
}
