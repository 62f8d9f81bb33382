package dev.skyport.e2e.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.EventSocketClient;
import tools.jackson.databind.JsonNode;

/** The gateway's {@code /ws/orders} as a client opens it: test-support's {@link EventSocketClient} on the edge. */
public final class OrderEvents {

    private OrderEvents() {
    }

    /** Connects with a single-use ticket in the query string. */
    public static EventSocketClient withTicket(HttpClient http, URI gateway, String ticket) {
        return EventSocketClient.connect(http.newWebSocketBuilder(), wsUri(gateway, "/ws/orders?ticket=" + ticket));
    }

    /** Connects with a single-use ticket, resuming after the event with this {@code id}. */
    public static EventSocketClient withTicketAfter(HttpClient http, URI gateway, String ticket, String after) {
        return EventSocketClient.connect(http.newWebSocketBuilder(),
                wsUri(gateway, "/ws/orders?ticket=" + ticket + "&after=" + after));
    }

    /** Connects with the access token on the upgrade request. */
    public static EventSocketClient withBearer(HttpClient http, URI gateway, String token) {
        return EventSocketClient.connect(http.newWebSocketBuilder().header("Authorization", "Bearer " + token),
                wsUri(gateway, "/ws/orders"));
    }

    public static URI wsUri(URI gateway, String pathAndQuery) {
        return URI.create(gateway.toString().replaceFirst("^http", "ws") + pathAndQuery);
    }

    /**
     * Returns the socket once events flow on it: the edge may finish the client's upgrade before its own socket to
     * orders-service is open, so an order placed at once can go unseen. Places probe orders until one's event arrives.
     */
    public static EventSocketClient awaitFlowing(EventSocketClient events, ApiClient api, String token) {
        for (int attempt = 0; attempt < 12; attempt++) {
            JsonNode probe = Walkthrough.createOrder(api, token, "probe-" + java.util.UUID.randomUUID());
            try {
                events.expect(e -> probe.path("id").equals(e.path("order").path("id")), Duration.ofSeconds(5));
                return events;
            } catch (AssertionError notYet) {
                // the upstream socket may not be open yet: another probe
            }
        }
        events.close();
        throw new AssertionError("no order event arrived on the socket for a minute of probe orders");
    }
}
