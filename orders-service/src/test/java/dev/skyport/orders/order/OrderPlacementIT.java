package dev.skyport.orders.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.orders.support.OrdersServiceTest;
import dev.skyport.testsupport.ApiClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import tools.jackson.databind.JsonNode;

class OrderPlacementIT extends OrdersServiceTest {

    @Autowired
    MeterRegistry meters;

    @Autowired
    DynamoDbClient dynamo;

    @Test
    void placesAnOrderWithTotalsComputedByTheServer() {
        String user = newUserId();
        String body = """
                {"lines": [
                  {"sku": "SKU-1", "quantity": 2, "unitPrice": {"amount": "9.99", "currency": "EUR"}},
                  {"sku": "SKU-2", "quantity": 3, "unitPrice": {"amount": "0.5", "currency": "EUR"}}],
                 "shippingAddress": %s}""".formatted(ADDRESS);

        ApiClient.Response response = place(tokens.customer(user), body);

        assertThat(response.status()).isEqualTo(201);
        JsonNode order = response.json();
        assertThat(order.get("status").asString()).isEqualTo("PENDING");
        assertThat(order.get("customerId").asString()).isEqualTo(user);
        assertThat(order.get("total").get("amount").asString()).isEqualTo("21.48");
        assertThat(order.get("total").get("currency").asString()).isEqualTo("EUR");
        assertThat(order.get("lines").get(0).get("lineTotal").get("amount").asString()).isEqualTo("19.98");
        assertThat(order.get("lines").get(1).get("unitPrice").get("amount").asString()).isEqualTo("0.50");
        assertThat(order.get("version").asLong()).isEqualTo(1);
        assertThat(order.get("shippingAddress").get("country").asString()).isEqualTo("GB");
        assertThat(response.header("Location")).isEqualTo("/api/orders/" + order.get("id").asString());
        assertThat(response.header("ETag")).isEqualTo("\"1\"");

        ApiClient.Response read = api.get("/api/orders/" + order.get("id").asString(), tokens.customer(user));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("total")).isEqualTo(order.get("total"));
        assertThat(read.json().get("version").asLong()).isEqualTo(1);
        assertThat(read.json().get("createdAt")).isEqualTo(order.get("createdAt"));
    }

    @Test
    void keepsEachCurrencysPrecision() {
        String body = """
                {"lines": [{"sku": "A", "quantity": 3, "unitPrice": {"amount": "1500", "currency": "JPY"}},
                           {"sku": "B", "quantity": 1, "unitPrice": {"amount": "1", "currency": "JPY"}}],
                 "shippingAddress": %s}""".formatted(ADDRESS);
        ApiClient.Response jpy = place(tokens.customer(newUserId()), body);
        assertThat(jpy.status()).isEqualTo(201);
        assertThat(jpy.json().get("total").get("amount").asString()).isEqualTo("4501");

        ApiClient.Response bhd = place(tokens.customer(newUserId()), """
                {"lines": [{"sku": "A", "quantity": 2, "unitPrice": {"amount": "1.125", "currency": "BHD"}}],
                 "shippingAddress": %s}""".formatted(ADDRESS));
        assertThat(bhd.status()).isEqualTo(201);
        assertThat(bhd.json().get("total").get("amount").asString()).isEqualTo("2.250");
    }

    @Test
    void replaysTheSameOrderForARepeatedIdempotencyKey() {
        String token = tokens.customer(newUserId());
        String key = newKey();
        double replaysBefore = meters.counter("orders.idempotent.replays").count();

        ApiClient.Response first = api.post("/api/orders", token, orderBody(2), Map.of("Idempotency-Key", key));
        // Same body with other whitespace: the same request.
        ApiClient.Response second = api.post("/api/orders", token, orderBody(2).replace(", ", ",\n  "),
                Map.of("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(ids(api.get("/api/orders", token).json())).containsExactly(first.json().get("id").asString());
        assertThat(meters.counter("orders.idempotent.replays").count()).isEqualTo(replaysBefore + 1);
    }

    @Test
    void replaysTheFirstResponseEvenAfterTheOrderChanged() {
        String user = newUserId();
        String key = newKey();
        ApiClient.Response first = api.post("/api/orders", tokens.customer(user), orderBody(1), Map.of("Idempotency-Key", key));
        String id = first.json().get("id").asString();
        assertThat(api.post("/api/orders/" + id + "/cancel", tokens.customer(user), null).status()).isEqualTo(200);

        ApiClient.Response again = api.post("/api/orders", tokens.customer(user), orderBody(1), Map.of("Idempotency-Key", key));

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.json().get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void placesExactlyOneOrderForTwentyConcurrentDuplicates() throws Exception {
        String user = newUserId();
        String token = tokens.customer(user);
        String key = newKey();
        String body = orderBody(3);
        int duplicates = 20;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiClient.Response>> responses = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(duplicates)) {
            for (int i = 0; i < duplicates; i++) {
                Callable<ApiClient.Response> call = () -> {
                    start.await();
                    return api.post("/api/orders", token, body, Map.of("Idempotency-Key", key));
                };
                responses.add(clients.submit(call));
            }
            start.countDown();
            List<ApiClient.Response> answered = new ArrayList<>();
            for (Future<ApiClient.Response> response : responses) {
                answered.add(response.get());
            }
            // Every duplicate waits for the first and gets its response.
            assertThat(answered).extracting(ApiClient.Response::status).containsOnly(201);
            assertThat(answered).extracting(r -> r.json().get("id").asString()).containsOnly(
                    answered.getFirst().json().get("id").asString());
            assertThat(answered).filteredOn(r -> r.header("Idempotent-Replayed") == null).hasSize(1);
        }
        assertThat(ids(api.get("/api/orders", token).json())).hasSize(1);
    }

    @Test
    void refusesTheSameKeyWithADifferentBody() {
        String token = tokens.customer(newUserId());
        String key = newKey();
        assertThat(api.post("/api/orders", token, orderBody(1), Map.of("Idempotency-Key", key)).status()).isEqualTo(201);

        ApiClient.Response other = api.post("/api/orders", token, orderBody(2), Map.of("Idempotency-Key", key));

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.json().get("type").asString()).endsWith("/idempotency-key-reused");
        assertThat(ids(api.get("/api/orders", token).json())).hasSize(1);
    }

    @Test
    void scopesIdempotencyKeysToTheCustomer() {
        String key = newKey();
        ApiClient.Response a = api.post("/api/orders", tokens.customer(newUserId()), orderBody(1), Map.of("Idempotency-Key", key));
        ApiClient.Response b = api.post("/api/orders", tokens.customer(newUserId()), orderBody(1), Map.of("Idempotency-Key", key));

        assertThat(a.status()).isEqualTo(201);
        assertThat(b.status()).isEqualTo(201);
        assertThat(b.json().get("id")).isNotEqualTo(a.json().get("id"));
    }

    @Test
    void requiresAnIdempotencyKey() {
        ApiClient.Response missing = api.post("/api/orders", tokens.customer(newUserId()), orderBody(1));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().get("type").asString()).endsWith("/idempotency-key-required");

        ApiClient.Response tooLong = api.post("/api/orders", tokens.customer(newUserId()), orderBody(1),
                Map.of("Idempotency-Key", "k".repeat(256)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("type").asString()).endsWith("/invalid-idempotency-key");
    }

    @Test
    void keepsKeysTwentyFourHoursByTtl() {
        String user = newUserId();
        String key = newKey();
        assertThat(api.post("/api/orders", tokens.customer(user), orderBody(1), Map.of("Idempotency-Key", key))
                .status()).isEqualTo(201);

        String table = "it-" + IdempotencyRecord.TABLE;
        assertThat(dynamo.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.ENABLED);
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(user + "#" + key)))).item();
        long expiresAt = Long.parseLong(item.get("expiresAt").n());
        assertThat(expiresAt).isBetween(Instant.now().plus(Duration.ofHours(24)).minusSeconds(120).getEpochSecond(),
                Instant.now().plus(Duration.ofHours(24)).getEpochSecond() + 1);
        assertThat(item.get("state").s()).isEqualTo("COMPLETED");
    }

    @Test
    void treatsAnExpiredKeyAsNew() {
        String user = newUserId();
        String key = newKey();
        ApiClient.Response first = api.post("/api/orders", tokens.customer(user), orderBody(1), Map.of("Idempotency-Key", key));
        // Age the key past its 24 h as the TTL sweeper would see it (expired but not yet deleted).
        dynamo.updateItem(r -> r.tableName("it-" + IdempotencyRecord.TABLE)
                .key(Map.of("id", AttributeValue.fromS(user + "#" + key)))
                .updateExpression("SET expiresAt = :past")
                .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(
                        Long.toString(Instant.now().minusSeconds(60).getEpochSecond())))));

        ApiClient.Response second = api.post("/api/orders", tokens.customer(user), orderBody(1), Map.of("Idempotency-Key", key));

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header("Idempotent-Replayed")).isNull();
        assertThat(second.json().get("id")).isNotEqualTo(first.json().get("id"));
    }

    @Test
    void fetchesTheDefaultAddressFromUsersServiceWithAServiceToken() {
        String user = newUserId();
        platform.users.address(user, """
                {"name": "Grace Hopper", "line1": "1 Navy Way", "city": "Arlington", "postalCode": "22202", "country": "US"}""");
        int addressCalls = platform.users.addressRequests();

        ApiClient.Response response = place(tokens.customer(user), """
                {"lines": [{"sku": "SKU-1", "quantity": 1, "unitPrice": {"amount": "5.00", "currency": "USD"}}]}""");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("shippingAddress").get("name").asString()).isEqualTo("Grace Hopper");
        assertThat(platform.users.addressRequests()).isGreaterThan(addressCalls);
        assertThat(platform.users.tokenRequests()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void refusesAnOrderWithoutAddressWhenTheUserHasNone() {
        ApiClient.Response response = place(tokens.customer(newUserId()), """
                {"lines": [{"sku": "SKU-1", "quantity": 1, "unitPrice": {"amount": "5.00", "currency": "USD"}}]}""");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("type").asString()).endsWith("/shipping-address-required");
    }
}
