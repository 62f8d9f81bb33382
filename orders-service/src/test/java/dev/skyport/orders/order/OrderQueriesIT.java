package dev.skyport.orders.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.orders.support.OrdersServiceTest;
import dev.skyport.testsupport.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OrderQueriesIT extends OrdersServiceTest {

    private final String admin = tokens.admin("admin-" + newUserId());

    @Test
    void showsAnOrderToItsOwnerAndAdminsOnly() {
        String owner = tokens.customer(newUserId());
        String stranger = tokens.customer(newUserId());
        String id = placeOrder(owner);

        assertThat(api.get("/api/orders/" + id, owner).status()).isEqualTo(200);
        assertThat(api.get("/api/orders/" + id, admin).status()).isEqualTo(200);
        ApiClient.Response hidden = api.get("/api/orders/" + id, stranger);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.contentType()).startsWith("application/problem+json");
        assertThat(api.post("/api/orders/" + id + "/cancel", stranger, null).status()).isEqualTo(404);
        assertThat(api.get("/api/orders/" + id, owner).json().get("status").asString()).isEqualTo("PENDING");
        assertThat(ids(api.get("/api/orders", stranger).json())).isEmpty();
        assertThat(api.get("/api/orders/01ARZ3NDEKTSV4RRFFQ69G5FAV", owner).status()).isEqualTo(404);
        assertThat(api.get("/api/orders/not-an-id", admin).status()).isEqualTo(404);
    }

    @Test
    void needsTheRightScopesAndAToken() {
        String id = placeOrder(tokens.customer(newUserId()));
        String readOnly = tokens.accessToken(newUserId(), List.of("orders:read"), List.of("USER"), java.time.Duration.ofMinutes(5));
        assertThat(api.get("/api/orders/" + id, null).status()).isEqualTo(401);
        assertThat(api.get("/api/orders", readOnly).status()).isEqualTo(200);
        assertThat(place(readOnly, orderBody(1)).status()).isEqualTo(403);
        String expired = tokens.accessTokenUntil(newUserId(), List.of("orders:read"), List.of("USER"),
                java.time.Instant.now().minusSeconds(120));
        assertThat(api.get("/api/orders", expired).status()).isEqualTo(401);
    }

    @Test
    void pagesThroughHundredsOfOrdersNewestFirst() throws Exception {
        String user = newUserId();
        String owner = tokens.customer(user);
        int count = 230;
        List<Future<String>> placed = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < count; i++) {
                placed.add(clients.submit(() -> placeOrder(owner)));
            }
            for (Future<String> f : placed) {
                f.get();
            }
        }
        List<String> expected = new ArrayList<>();
        for (Future<String> f : placed) {
            expected.add(f.get());
        }
        expected.sort(java.util.Comparator.reverseOrder()); // ULIDs sort by time

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiClient.Response page = api.get("/api/orders?limit=37" + (cursor == null ? "" : "&cursor=" + cursor), owner);
            assertThat(page.status()).isEqualTo(200);
            JsonNode json = page.json();
            seen.addAll(ids(json));
            cursor = json.get("nextCursor").isNull() ? null : json.get("nextCursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(7);

        // Some paid: the status filter lists exactly those, still newest first.
        List<String> paid = List.of(expected.get(3), expected.get(50), expected.get(200));
        paid.forEach(id -> assertThat(move(admin, id, "PAID").status()).isEqualTo(200));
        ApiClient.Response onlyPaid = api.get("/api/orders?status=PAID&limit=2", owner);
        List<String> paidSeen = new ArrayList<>(ids(onlyPaid.json()));
        assertThat(onlyPaid.json().get("nextCursor").isNull()).isFalse();
        paidSeen.addAll(ids(api.get("/api/orders?status=paid&limit=2&cursor="
                + onlyPaid.json().get("nextCursor").asString(), owner).json()));
        assertThat(paidSeen).containsExactlyElementsOf(paid);
    }

    @Test
    void listsOrdersByStatusForAdminsFromTheIndex() {
        String owner = tokens.customer(newUserId());
        String other = tokens.customer(newUserId());
        String a = placeOrder(owner);
        String b = placeOrder(other);
        move(admin, a, "PAID");
        move(admin, b, "PAID");
        move(admin, a, "SHIPPED");
        String c = placeOrder(owner);
        move(admin, c, "PAID");

        ApiClient.Response paid = api.get("/api/orders/by-status/PAID?limit=100", admin);
        assertThat(paid.status()).isEqualTo(200);
        List<String> paidIds = ids(paid.json());
        assertThat(paidIds).contains(b, c).doesNotContain(a);
        assertThat(paidIds.indexOf(c)).isLessThan(paidIds.indexOf(b)); // newest first

        ApiClient.Response firstPage = api.get("/api/orders/by-status/SHIPPED?limit=1", admin);
        assertThat(ids(firstPage.json())).hasSize(1);
    }

    @Test
    void refusesBadPagingInput() {
        String owner = tokens.customer(newUserId());
        placeOrder(owner);
        placeOrder(owner);
        assertThat(api.get("/api/orders?limit=0", owner).status()).isEqualTo(400);
        assertThat(api.get("/api/orders?limit=101", owner).status()).isEqualTo(400);
        assertThat(api.get("/api/orders?limit=ten", owner).status()).isEqualTo(400);
        assertThat(api.get("/api/orders?status=LOST", owner).status()).isEqualTo(400);
        ApiClient.Response tampered = api.get("/api/orders?cursor=AAAA.BBBB", owner);
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.contentType()).startsWith("application/problem+json");

        // A cursor is bound to its query: another customer's (or another filter's) cursor is refused.
        String cursor = api.get("/api/orders?limit=1", owner).json().get("nextCursor").asString();
        assertThat(api.get("/api/orders?limit=1&cursor=" + cursor, owner).status()).isEqualTo(200);
        assertThat(api.get("/api/orders?limit=1&cursor=" + cursor, tokens.customer(newUserId())).status()).isEqualTo(400);
        assertThat(api.get("/api/orders?status=PAID&limit=1&cursor=" + cursor, owner).status()).isEqualTo(400);
    }
}
