package dev.skyport.orders.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.orders.support.OrdersServiceTest;
import dev.skyport.testsupport.ApiClient;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input to {@code POST /api/orders} is a 400 problem naming the field, and places nothing. */
class OrderValidationIT extends OrdersServiceTest {

    private static String line(String sku, String quantity, String amount, String currency) {
        return "{\"sku\": " + sku + ", \"quantity\": " + quantity + ", \"unitPrice\": {\"amount\": " + amount
                + ", \"currency\": " + currency + "}}";
    }

    private static String order(String... lines) {
        return "{\"lines\": [" + String.join(", ", lines) + "], \"shippingAddress\": " + ADDRESS + "}";
    }

    private static final String GOOD = line("\"SKU-1\"", "1", "\"9.99\"", "\"EUR\"");

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("quantity 0", order(line("\"A\"", "0", "\"1.00\"", "\"EUR\"")), "lines[0].quantity"),
                Arguments.of("quantity 1001", order(line("\"A\"", "1001", "\"1.00\"", "\"EUR\"")), "lines[0].quantity"),
                Arguments.of("quantity missing", order("{\"sku\": \"A\", \"unitPrice\": {\"amount\": \"1.00\", \"currency\": \"EUR\"}}"),
                        "lines[0].quantity"),
                Arguments.of("no lines", order(), "lines"),
                Arguments.of("lines missing", "{\"shippingAddress\": " + ADDRESS + "}", "lines"),
                Arguments.of("101 lines", orderBody(101), "lines"),
                Arguments.of("three decimals in EUR", order(line("\"A\"", "1", "\"9.999\"", "\"EUR\"")), "lines[0].unitPrice.amount"),
                Arguments.of("decimals in JPY", order(line("\"A\"", "1", "\"10.5\"", "\"JPY\"")), "lines[0].unitPrice.amount"),
                Arguments.of("negative amount", order(line("\"A\"", "1", "\"-1.00\"", "\"EUR\"")), "lines[0].unitPrice.amount"),
                Arguments.of("amount in exponent form", order(line("\"A\"", "1", "\"1e3\"", "\"EUR\"")), "lines[0].unitPrice.amount"),
                Arguments.of("huge amount", order(line("\"A\"", "1", "\"1234567890123.00\"", "\"EUR\"")), "lines[0].unitPrice.amount"),
                Arguments.of("unknown currency", order(line("\"A\"", "1", "\"1.00\"", "\"ABC\"")), "lines[0].unitPrice.currency"),
                Arguments.of("currency without precision", order(line("\"A\"", "1", "\"1.00\"", "\"XAU\"")), "lines[0].unitPrice.currency"),
                Arguments.of("lower-case currency", order(line("\"A\"", "1", "\"1.00\"", "\"eur\"")), "lines[0].unitPrice.currency"),
                Arguments.of("currency missing", order("{\"sku\": \"A\", \"quantity\": 1, \"unitPrice\": {\"amount\": \"1.00\"}}"),
                        "lines[0].unitPrice.currency"),
                Arguments.of("two currencies", order(GOOD, line("\"B\"", "1", "\"1.00\"", "\"USD\"")), "lines[1].unitPrice.currency"),
                Arguments.of("blank sku", order(line("\"\"", "1", "\"1.00\"", "\"EUR\"")), "lines[0].sku"),
                Arguments.of("sku with spaces", order(line("\"A B\"", "1", "\"1.00\"", "\"EUR\"")), "lines[0].sku"),
                Arguments.of("sku too long", order(line("\"" + "A".repeat(65) + "\"", "1", "\"1.00\"", "\"EUR\"")), "lines[0].sku"),
                Arguments.of("null line", order("null"), "lines[0]"),
                Arguments.of("bad country", "{\"lines\": [" + GOOD + "], \"shippingAddress\": "
                        + ADDRESS.replace("\"GB\"", "\"XX\"") + "}", "shippingAddress.country"),
                Arguments.of("address without city", "{\"lines\": [" + GOOD + "], \"shippingAddress\": "
                        + ADDRESS.replace("\"city\": \"London\",", "") + "}", "shippingAddress.city"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void refusesAnInvalidOrderNamingTheField(String what, String body, String field) {
        String token = tokens.customer(newUserId());

        ApiClient.Response response = place(token, body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .as(response.body()).contains(field);
        assertThat(ids(api.get("/api/orders", token).json())).isEmpty();
    }

    static Stream<Arguments> unreadableBodies() {
        return Stream.of(
                Arguments.of("unknown field", "{\"lines\": [" + GOOD + "], \"total\": {\"amount\": \"0.01\", \"currency\": \"EUR\"}}"),
                Arguments.of("unknown line field", order("{\"sku\": \"A\", \"quantity\": 1, \"discount\": 5, "
                        + "\"unitPrice\": {\"amount\": \"1.00\", \"currency\": \"EUR\"}}")),
                Arguments.of("quantity as text", order(line("\"A\"", "\"two\"", "\"1.00\"", "\"EUR\""))),
                Arguments.of("fractional quantity", order(line("\"A\"", "1.5", "\"1.00\"", "\"EUR\""))),
                Arguments.of("malformed JSON", "{\"lines\": ["),
                Arguments.of("a JSON array", "[]"),
                Arguments.of("empty body", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBodies")
    void refusesAnUnreadableBody(String what, String body) {
        String token = tokens.customer(newUserId());

        ApiClient.Response response = place(token, body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.");
        assertThat(ids(api.get("/api/orders", token).json())).isEmpty();
    }

    @Test
    void refusesAnotherContentType() {
        ApiClient.Response response = api.post("/api/orders", tokens.customer(newUserId()), "lines=1",
                Map.of("Idempotency-Key", newKey(), "Content-Type", "application/x-www-form-urlencoded"));
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void acceptsTheLargestValidOrder() {
        ApiClient.Response response = place(tokens.customer(newUserId()), orderBody(100).replace("\"quantity\": 1,", "\"quantity\": 1000,"));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("lines").size()).isEqualTo(100);
    }
}
