package dev.skyport.orders.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.orders.support.OrdersServiceTest;
import dev.skyport.testsupport.ApiClient;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrderLifecycleIT extends OrdersServiceTest {

    private final String admin = tokens.admin("admin-" + newUserId());

    @Test
    void movesAnOrderThroughEveryStatusToDelivered() {
        String id = placeOrder(tokens.customer(newUserId()));
        long version = 1;
        for (String status : List.of("PAID", "SHIPPED", "DELIVERED")) {
            ApiClient.Response moved = move(admin, id, status);
            assertThat(moved.status()).as(status).isEqualTo(200);
            assertThat(moved.json().get("status").asString()).isEqualTo(status);
            version++;
            assertThat(moved.json().get("version").asLong()).isEqualTo(version);
            assertThat(moved.header("ETag")).isEqualTo("\"" + version + "\"");
        }
        assertThat(api.get("/api/orders/" + id, admin).json().get("status").asString()).isEqualTo("DELIVERED");
    }

    static Stream<Arguments> illegalTransitions() {
        List<Arguments> illegal = new ArrayList<>();
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : EnumSet.complementOf(EnumSet.copyOf(from.next()))) {
                illegal.add(Arguments.of(from, to));
            }
        }
        return illegal.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} is 409")
    @MethodSource("illegalTransitions")
    void refusesEveryIllegalTransitionWithTheCurrentState(OrderStatus from, OrderStatus to) {
        String id = orderIn(from);

        ApiClient.Response refused = move(admin, id, to.name());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("/illegal-transition");
        assertThat(refused.json().get("currentStatus").asString()).isEqualTo(from.name());
        assertThat(api.get("/api/orders/" + id, admin).json().get("status").asString()).isEqualTo(from.name());
    }

    @Test
    void letsTheOwnerCancelWhilePendingOrPaid() {
        String owner = tokens.customer(newUserId());
        String pending = placeOrder(owner);
        ApiClient.Response cancelled = api.post("/api/orders/" + pending + "/cancel", owner, null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");

        String paid = placeOrder(owner);
        move(admin, paid, "PAID");
        assertThat(api.post("/api/orders/" + paid + "/cancel", owner, null).json().get("status").asString())
                .isEqualTo("CANCELLED");
    }

    @Test
    void refusesToCancelOnceShipped() {
        String owner = tokens.customer(newUserId());
        String id = placeOrder(owner);
        move(admin, id, "PAID");
        move(admin, id, "SHIPPED");

        ApiClient.Response refused = api.post("/api/orders/" + id + "/cancel", owner, null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("currentStatus").asString()).isEqualTo("SHIPPED");
    }

    @Test
    void letsExactlyOneOfConcurrentTransitionsWin() throws Exception {
        String owner = tokens.customer(newUserId());
        String id = placeOrder(owner);
        move(admin, id, "PAID");
        // Ten operators ship while the owner cancels: exactly one change wins, none is lost.
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApiClient.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(11)) {
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return move(admin, id, "SHIPPED");
                }));
            }
            answers.add(pool.submit(() -> {
                go.await();
                return api.post("/api/orders/" + id + "/cancel", owner, null);
            }));
            go.countDown();
            List<ApiClient.Response> responses = new ArrayList<>();
            for (Future<ApiClient.Response> answer : answers) {
                responses.add(answer.get());
            }
            assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
            assertThat(responses).filteredOn(r -> r.status() != 200).extracting(ApiClient.Response::status).containsOnly(409);
            String winner = responses.stream().filter(r -> r.status() == 200).findFirst().orElseThrow()
                    .json().get("status").asString();
            ApiClient.Response now = api.get("/api/orders/" + id, admin);
            assertThat(now.json().get("status").asString()).isEqualTo(winner);
            assertThat(now.json().get("version").asLong()).isEqualTo(3);
        }
    }

    @Test
    void honoursIfMatch() {
        String owner = tokens.customer(newUserId());
        String id = placeOrder(owner);

        ApiClient.Response stale = api.post("/api/orders/" + id + "/status", admin, "{\"status\": \"PAID\"}",
                Map.of("If-Match", "\"7\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(1);
        assertThat(stale.header("ETag")).isEqualTo("\"1\"");

        ApiClient.Response fresh = api.post("/api/orders/" + id + "/status", admin, "{\"status\": \"PAID\"}",
                Map.of("If-Match", "\"1\""));
        assertThat(fresh.status()).isEqualTo(200);

        ApiClient.Response staleCancel = api.send("POST", "/api/orders/" + id + "/cancel", owner, null,
                Map.of("If-Match", "\"1\""));
        assertThat(staleCancel.status()).isEqualTo(412);

        ApiClient.Response malformed = api.send("POST", "/api/orders/" + id + "/cancel", owner, null,
                Map.of("If-Match", "version-two"));
        assertThat(malformed.status()).isEqualTo(400);

        ApiClient.Response notModified = api.get("/api/orders/" + id, owner, Map.of("If-None-Match", "\"2\""));
        assertThat(notModified.status()).isEqualTo(304);
    }

    @Test
    void keepsStatusChangesToAdmins() {
        String owner = tokens.customer(newUserId());
        String id = placeOrder(owner);

        assertThat(move(owner, id, "PAID").status()).isEqualTo(403);
        assertThat(api.get("/api/orders/by-status/PENDING", owner).status()).isEqualTo(403);
        assertThat(api.get("/api/orders/" + id, owner).json().get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void refusesUnknownStatuses() {
        String id = placeOrder(tokens.customer(newUserId()));
        ApiClient.Response unknown = move(admin, id, "LOST");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("type").asString()).endsWith("/invalid-status");
        assertThat(api.post("/api/orders/" + id + "/status", admin, "{}").status()).isEqualTo(400);
        assertThat(api.post("/api/orders/" + id + "/status", admin, "{\"status\": \"PAID\", \"why\": 1}").status())
                .isEqualTo(400);
    }

    /** An order of a fresh customer, brought to {@code status}. */
    private String orderIn(OrderStatus status) {
        String id = placeOrder(tokens.customer(newUserId()));
        List<String> path = switch (status) {
            case PENDING -> List.of();
            case PAID -> List.of("PAID");
            case SHIPPED -> List.of("PAID", "SHIPPED");
            case DELIVERED -> List.of("PAID", "SHIPPED", "DELIVERED");
            case CANCELLED -> List.of("CANCELLED");
        };
        for (String step : path) {
            assertThat(move(admin, id, step).status()).isEqualTo(200);
        }
        return id;
    }
}
