package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

import dev.skyport.gateway.support.GatewayTestBase;
import reactor.netty.http.client.HttpClient;

/**
 * Graceful shutdown of a gateway this test starts and stops itself (the shared test gateway must live on): open
 * WebSockets are told 1001, new connections are refused, and a request already in flight still gets its answer.
 */
class GracefulShutdownIT extends GatewayTestBase {

    @Test
    void closingTheGatewayDrainsAnInFlightRequestRefusesNewConnectionsAndClosesSocketsWith1001() throws Exception {
        String[] arguments = withExtra(wiringArguments(), "--SERVER_PORT=0", "--MANAGEMENT_PORT=0",
                "--SKYPORT_ORDERS_ROUTE_TIMEOUT_MS=20000", "--SKYPORT_SHUTDOWN_GRACE=20s");
        ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class)
                // Its own Reactor Netty resources: with the global ones, closing this gateway would dispose the
                // event loops and connection pool the shared test gateway still uses.
                .initializers(context -> ((GenericApplicationContext) context).registerBean("reactorResourceFactory",
                        ReactorResourceFactory.class, () -> {
                            ReactorResourceFactory factory = new ReactorResourceFactory();
                            factory.setUseGlobalResources(false);
                            return factory;
                        }))
                .run(arguments);
        try {
            int gatewayPort = ((WebServerApplicationContext) gateway).getWebServer().getPort();
            String token = userToken("shutdown-user");

            CountDownLatch greeted = new CountDownLatch(1);
            CompletableFuture<Integer> socketClosedWith = HttpClient.create()
                    .headers(h -> h.set("Authorization", bearer(token)))
                    .websocket().uri("ws://127.0.0.1:" + gatewayPort + "/ws/orders")
                    .handle((in, out) -> {
                        in.receive().asString().subscribe(frame -> greeted.countDown(), error -> { });
                        return in.receiveCloseStatus().map(status -> status.code());
                    })
                    .next().toFuture();
            assertThat(greeted.await(10, TimeUnit.SECONDS)).as("socket open").isTrue();

            // The backend answers after 5 s; the shutdown starts once the request has reached it.
            String slowPath = "/api/orders/delay/5003";
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + slowPath))
                            .header("Authorization", bearer(token)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (backend.hits("GET " + slowPath) == 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(backend.hits("GET " + slowPath)).as("slow request reached the backend").isEqualTo(1);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);

            assertThat(socketClosedWith.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
            assertThat(refusesConnections(gatewayPort, Duration.ofSeconds(10))).as("new connections refused").isTrue();
            assertThat(inFlight).as("still in flight when connections were already refused").isNotDone();

            HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"path\":\"" + slowPath + "\"");
            closing.get(30, TimeUnit.SECONDS);
        }
        finally {
            gateway.close();
        }
    }

    /** Tries to connect until the port refuses (true) or the time is up (false). */
    private static boolean refusesConnections(int port, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                Thread.sleep(20);
            }
            catch (ConnectException refused) {
                return true;
            }
            catch (IOException other) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    /** The base arguments with some replaced or added (a repeated option would be read as "a,b"). */
    private static String[] withExtra(String[] base, String... extra) {
        java.util.Map<String, String> byName = new java.util.LinkedHashMap<>();
        for (String argument : base) {
            byName.put(argument.substring(0, argument.indexOf('=')), argument);
        }
        for (String argument : extra) {
            byName.put(argument.substring(0, argument.indexOf('=')), argument);
        }
        return byName.values().toArray(String[]::new);
    }
}
