package dev.skyport.starter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.skyport.testsupport.RecordingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * IRSA as EKS sets it up, without AWS: a projected token file, a role ARN, and a stand-in STS endpoint answering
 * AssumeRoleWithWebIdentity. The starter's DynamoDB client (default chain, no endpoint of ours, no static keys)
 * must sign every call with the credentials STS returned; a recording proxy in front of the engine checks that.
 * The SDK reads the same settings from system properties as from IRSA's environment variables.
 */
class WebIdentityCredentialsIT {

    private static final String ACCESS_KEY = "ASIAIRSASTANDIN00001";
    private static final String SECRET_KEY = "stand-in-secret-key-from-web-identity";
    private static final String SESSION_TOKEN = "stand-in-session-token-from-web-identity";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/skyport-starter-test";
    private static final String PROJECTED_TOKEN = "eyJhbGciOiJSUzI1NiJ9.service-account-token.signature";
    private static final List<String> SDK_PROPERTIES = List.of("aws.webIdentityTokenFile", "aws.roleArn",
            "aws.roleSessionName", "aws.endpointUrlSts");

    private final TestInfrastructure infra = TestInfrastructure.get();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Map<String, String>> stsCalls = new CopyOnWriteArrayList<>();
    private HttpServer sts;
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
        if (sts != null) {
            sts.stop(0);
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void signsDynamoDbCallsWithTheCredentialsAssumedThroughWebIdentity() throws Exception {
        sts = startStandInSts();
        proxy = new RecordingProxy(URI.create(infra.engineEndpoint()));
        Path tokenFile = Files.writeString(tokenDir.resolve("token"), PROJECTED_TOKEN);
        System.setProperty("aws.webIdentityTokenFile", tokenFile.toString());
        System.setProperty("aws.roleArn", ROLE_ARN);
        System.setProperty("aws.roleSessionName", "skyport-irsa-test");
        System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:" + sts.getAddress().getPort());
        app = DefaultChainApp.start(proxy, infra.properties(), "irsa-");
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();

        String token = infra.issuer.accessToken("irsa-user", List.of("orders:write", "orders:read"), List.of("USER"));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/orders")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"o-irsa\",\"status\":\"NEW\",\"total\":3}"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        assertThat(stsCalls).isNotEmpty();
        assertThat(stsCalls.getFirst()).containsEntry("Action", "AssumeRoleWithWebIdentity")
                .containsEntry("RoleArn", ROLE_ARN).containsEntry("WebIdentityToken", PROJECTED_TOKEN)
                .containsEntry("RoleSessionName", "skyport-irsa-test");
        DefaultChainApp.assertEveryCallSignedWith(proxy, ACCESS_KEY, SESSION_TOKEN, "DynamoDB_20120810.CreateTable",
                "DynamoDB_20120810.UpdateItem");
    }

    /** Answers AssumeRoleWithWebIdentity as STS does (form-encoded query protocol, XML answer). */
    private HttpServer startStandInSts() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            stsCalls.add(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            String expiration = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
            byte[] body = ("""
                    <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                      <AssumeRoleWithWebIdentityResult>
                        <SubjectFromWebIdentityToken>system:serviceaccount:skyport:test</SubjectFromWebIdentityToken>
                        <AssumedRoleUser>
                          <Arn>arn:aws:sts::123456789012:assumed-role/skyport-starter-test/skyport-irsa-test</Arn>
                          <AssumedRoleId>AROASTANDIN:skyport-irsa-test</AssumedRoleId>
                        </AssumedRoleUser>
                        <Credentials>
                          <AccessKeyId>%s</AccessKeyId>
                          <SecretAccessKey>%s</SecretAccessKey>
                          <SessionToken>%s</SessionToken>
                          <Expiration>%s</Expiration>
                        </Credentials>
                      </AssumeRoleWithWebIdentityResult>
                      <ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata>
                    </AssumeRoleWithWebIdentityResponse>
                    """.formatted(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN, expiration)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            DefaultChainApp.respond(exchange, 200, body);
        });
        server.start();
        return server;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
