package dev.skyport.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.orders.support.OrdersServiceTest;
import dev.skyport.testsupport.ApiClient;
import org.junit.jupiter.api.Test;

class ApiDocsIT extends OrdersServiceTest {

    @Test
    void publishesTheOpenApiDescriptionWithoutAToken() {
        ApiClient.Response docs = api.get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/orders")).isTrue();
        assertThat(docs.json().get("paths").has("/api/orders/{id}/status")).isTrue();
    }

    @Test
    void documentsOnlyTheParametersClientsSendNotTheCallerResolvedFromTheToken() {
        tools.jackson.databind.JsonNode list = api.get("/v3/api-docs", null).json().get("paths").get("/api/orders")
                .get("get");

        assertThat(list.get("parameters").valueStream().map(p -> p.get("name").asString()))
                .containsExactlyInAnyOrder("status", "limit", "cursor");
    }
}
