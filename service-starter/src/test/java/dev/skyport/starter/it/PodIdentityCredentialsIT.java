package dev.skyport.starter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.skyport.starter.data.ScanSpec;
import dev.skyport.starter.dynamo.SkyportTables;
import dev.skyport.starter.testapp.Order;
import dev.skyport.testsupport.RecordingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * EKS Pod Identity as the agent sets it up, without AWS: a container-credentials URI (the agent's, here a
 * loopback stand-in) and a token file whose content must be sent as the Authorization header. The starter's
 * DynamoDB client (default chain, no static keys) must sign its calls with the credentials the agent returned.
 */
class PodIdentityCredentialsIT {

    private static final String ACCESS_KEY = "ASIAPODIDENTITY00001";
    private static final String SESSION_TOKEN = "stand-in-session-token-from-pod-identity";
    private static final String AGENT_TOKEN = "eks-pod-identity-token";
    private static final List<String> SDK_PROPERTIES = List.of("aws.containerCredentialsFullUri",
            "aws.containerAuthorizationTokenFile");

    private final TestInfrastructure infra = TestInfrastructure.get();
    private final List<String> agentAuthorizations = new CopyOnWriteArrayList<>();
    private HttpServer agent;
    private RecordingProxy proxy;
    private ConfigurableApplicationContext app;

    @TempDir
    Path tokenDir;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        SDK_PROPERTIES.forEach(System::clearProperty);
        DefaultChainApp.SDK_PROPERTIES.forEach(System::clearProperty);
        if (agent != null) {
            agent.stop(0);
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void signsDynamoDbCallsWithTheCredentialsOfThePodIdentityAgent() throws Exception {
        agent = startStandInAgent();
        proxy = new RecordingProxy(URI.create(infra.engineEndpoint()));
        Path tokenFile = Files.writeString(tokenDir.resolve("eks-pod-identity-token"), AGENT_TOKEN);
        System.setProperty("aws.containerCredentialsFullUri",
                "http://127.0.0.1:" + agent.getAddress().getPort() + "/v1/credentials");
        System.setProperty("aws.containerAuthorizationTokenFile", tokenFile.toString());
        app = DefaultChainApp.start(proxy, infra.properties(), "podid-");
        app.getBean(SkyportTables.class).table(Order.class).scan(ScanSpec.builder().limit(10).build());

        assertThat(agentAuthorizations).isNotEmpty().containsOnly(AGENT_TOKEN);
        DefaultChainApp.assertEveryCallSignedWith(proxy, ACCESS_KEY, SESSION_TOKEN, "DynamoDB_20120810.CreateTable",
                "DynamoDB_20120810.Scan");
    }

    /** Answers as the EKS Pod Identity agent does (the container credentials JSON). */
    private HttpServer startStandInAgent() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/credentials", exchange -> {
            agentAuthorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String expiration = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
            byte[] body = """
                    {"AccessKeyId":"%s","SecretAccessKey":"stand-in-secret","Token":"%s","Expiration":"%s",
                     "AccountId":"123456789012"}
                    """.formatted(ACCESS_KEY, SESSION_TOKEN, expiration).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            DefaultChainApp.respond(exchange, 200, body);
        });
        server.start();
        return server;
    }
}
