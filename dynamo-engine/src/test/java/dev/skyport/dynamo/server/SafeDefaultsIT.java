package dev.skyport.dynamo.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.junit.DynamoEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a web page the developer visits can do to an engine started with no options: nothing. Its
 * preflights get no CORS grant, and requests it makes through a DNS name it rebinds to 127.0.0.1 are
 * refused by their {@code Host}.
 */
class SafeDefaultsIT {

    @RegisterExtension
    static DynamoEngineExtension extension = DynamoEngineExtension.inMemory();

    @Test
    void grantsNoCrossOriginCallByDefault() throws Exception {
        int port = extension.engine().port();
        RawHttp.Answer preflight = RawHttp.send(port, "OPTIONS", null, "Host", "localhost:" + port,
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type,x-amz-target,authorization");
        assertThat(preflight.headers()).doesNotContainKey("access-control-allow-origin");

        RawHttp.Answer call = RawHttp.call(port, "ListTables", "{}", "Host", "localhost:" + port,
                "Origin", "https://evil.example");
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.headers()).doesNotContainKey("access-control-allow-origin");
    }

    @Test
    void refusesARequestWhoseHostIsARebindableName() throws Exception {
        DynamoEngine engine = extension.engine();
        int port = engine.port();
        RawHttp.Answer refused = RawHttp.call(port, "CreateTable", """
                {"TableName": "stolen", "BillingMode": "PAY_PER_REQUEST",
                 "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                 "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}""", "Host", "rebind.evil.example:" + port);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("AccessDeniedException");

        RawHttp.Answer tables = RawHttp.call(port, "ListTables", "{}", "Host", "127.0.0.1:" + port);
        assertThat(tables.status()).isEqualTo(200);
        assertThat(tables.body()).doesNotContain("stolen");
    }

    @Test
    void answersTheLoopbackNamesTheServicesUse() throws Exception {
        int port = extension.engine().port();
        for (String host : new String[] {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST"}) {
            assertThat(RawHttp.call(port, "ListTables", "{}", "Host", host).status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void answersTheHealthCheckWhateverTheHost() throws Exception {
        int port = extension.engine().port();
        // Kubernetes probes name the pod's address.
        RawHttp.Answer health = RawHttp.send(port, "GET", null, "Host", "10.1.2.3:" + port);
        assertThat(health.status()).isEqualTo(200);
    }
}
