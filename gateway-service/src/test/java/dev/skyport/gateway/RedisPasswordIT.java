package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

import dev.skyport.gateway.support.GatewayTestBase;
import dev.skyport.testsupport.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Redis as compose and Kubernetes run it: with a password, given to the gateway as SKYPORT_REDIS_PASSWORD (a
 * Secret) beside a REDIS_URL without one. A gateway of its own, against a private password-protected Redis.
 */
class RedisPasswordIT extends GatewayTestBase {

    private static final String PASSWORD = "it-redis-password-0123456789";

    @Test
    void theGatewayUsesAPasswordProtectedRedisForTicketsAndBuckets() {
        assumeRedis();
        try (TestRedis locked = TestRedis.startOrSkip(PASSWORD)) {
            List<String> arguments = new ArrayList<>(Arrays.stream(wiringArguments())
                    .filter(argument -> !argument.startsWith("--REDIS_URL=")).toList());
            arguments.addAll(List.of("--SERVER_PORT=0", "--MANAGEMENT_PORT=0", "--REDIS_URL=" + locked.url(),
                    "--SKYPORT_REDIS_PASSWORD=" + PASSWORD));
            try (ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class)
                    .initializers(context -> ((GenericApplicationContext) context).registerBean("reactorResourceFactory",
                            ReactorResourceFactory.class, () -> {
                                ReactorResourceFactory factory = new ReactorResourceFactory();
                                factory.setUseGlobalResources(false);
                                return factory;
                            }))
                    .run(arguments.toArray(String[]::new))) {
                int gatewayPort = ((WebServerApplicationContext) gateway).getWebServer().getPort();
                String token = userToken("redis-password-user");
                // A ticket is written to Redis: without the password it would fail (NOAUTH).
                HttpResponse<String> ticket = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gatewayPort + "/ws/tickets"))
                        .POST(HttpRequest.BodyPublishers.noBody()), "Authorization", bearer(token));
                assertThat(ticket.statusCode()).isEqualTo(200);
                for (int i = 0; i < 3; i++) {
                    assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/api/orders/1"))
                            .GET(), "Authorization", bearer(token)).statusCode()).isEqualTo(200);
                }
                MeterRegistry meters = gateway.getBean(MeterRegistry.class);
                assertThat(meters.counter("skyport.gateway.ratelimit.store.failures").count()).isZero();
            }
        }
    }
}
