package dev.skyport.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.orders.support.Api;
import dev.skyport.orders.support.OrdersServiceTest;
import org.junit.jupiter.api.Test;

class ApiDocsIT extends OrdersServiceTest {

    @Test
    void publishesTheOpenApiDescriptionWithoutAToken() {
        Api.Response docs = api.get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/orders")).isTrue();
        assertThat(docs.json().get("paths").has("/api/orders/{id}/status")).isTrue();
    }
}
