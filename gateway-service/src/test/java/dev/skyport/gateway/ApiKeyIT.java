package dev.skyport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.skyport.gateway.support.GatewayTestBase;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;

/** API keys like API Gateway's: issued by an admin, stored hashed, throttled and counted by their plan. */
class ApiKeyIT extends GatewayTestBase {

    private JsonNode issue(String plan) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/admin/api-keys")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"partner\",\"plan\":\"" + plan + "\"}")),
                "Content-Type", "application/json", "Authorization", bearer(adminToken()));
        assertThat(response.statusCode()).isEqualTo(201);
        return json(response);
    }

    private int call(String key) {
        return get("/api/orders/keyed", "Authorization", bearer(userToken("key-user-" + key.hashCode())),
                "X-Api-Key", key).statusCode();
    }

    @Test
    void onlyAdminsManageKeys() {
        HttpResponse<String> asUser = send(HttpRequest.newBuilder(URI.create(url("/admin/api-keys")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"plan\":\"tiny\"}")),
                "Content-Type", "application/json", "Authorization", bearer(userToken("not-admin")));
        assertThat(asUser.statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(url("/admin/api-keys")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"plan\":\"tiny\"}")),
                "Content-Type", "application/json");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void unknownPlanAndBadBodiesAreProblems() {
        HttpResponse<String> unknownPlan = send(HttpRequest.newBuilder(URI.create(url("/admin/api-keys")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"plan\":\"gold\"}")),
                "Content-Type", "application/json", "Authorization", bearer(adminToken()));
        assertThat(unknownPlan.statusCode()).isEqualTo(400);
        assertThat(unknownPlan.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> malformed = send(HttpRequest.newBuilder(URI.create(url("/admin/api-keys")))
                .POST(HttpRequest.BodyPublishers.ofString("{not json")),
                "Content-Type", "application/json", "Authorization", bearer(adminToken()));
        assertThat(malformed.statusCode()).isEqualTo(400);
        HttpResponse<String> missingName = send(HttpRequest.newBuilder(URI.create(url("/admin/api-keys")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"plan\":\"tiny\"}")),
                "Content-Type", "application/json", "Authorization", bearer(adminToken()));
        assertThat(missingName.statusCode()).isEqualTo(400);
    }

    @Test
    void dailyQuotaIsEnforcedThen429UntilTheDayEnds() {
        String key = issue("tiny").get("key").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(call(key)).isEqualTo(200);
        }
        HttpResponse<String> over = get("/api/orders/keyed", "Authorization", bearer(userToken("quota-user")),
                "X-Api-Key", key);
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 86_400L);
        assertThat(over.headers().firstValue("X-Quota-Remaining")).hasValue("0");
    }

    @Test
    void planRateAndBurstThrottleTheKey() {
        String key = issue("slow").get("key").asText();
        assertThat(call(key)).isEqualTo(200);
        assertThat(call(key)).isEqualTo(200);
        assertThat(call(key)).isEqualTo(429);
    }

    @Test
    void theKeyNeverReachesTheBackendAndIsStoredOnlyAsAHash() {
        JsonNode issued = issue("tiny");
        String key = issued.get("key").asText();
        HttpResponse<String> response = get("/api/orders/keyed", "Authorization", bearer(userToken("hash-user")),
                "X-Api-Key", key);
        assertThat(json(response).get("headers").has("X-Api-Key")).isFalse();

        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(engine.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build()) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName("it-gateway-api-keys")
                    .key(Map.of("keyId", AttributeValue.fromS(issued.get("id").asText())))).item();
            assertThat(item.get("secretHash").s()).hasSize(64);
            assertThat(item.toString()).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
        }
    }

    @Test
    void revokedAndUnknownKeysAreRefused() {
        JsonNode issued = issue("tiny");
        String key = issued.get("key").asText();
        assertThat(call(key)).isEqualTo(200);
        HttpResponse<String> revoke = send(HttpRequest.newBuilder(URI.create(url("/admin/api-keys/"
                + issued.get("id").asText()))).DELETE(), "Authorization", bearer(adminToken()));
        assertThat(revoke.statusCode()).isEqualTo(204);
        assertThat(call(key)).isEqualTo(403);
        assertThat(call("sk_0123456789abcdef_nope")).isEqualTo(403);
        assertThat(call("garbage")).isEqualTo(403);
        HttpResponse<String> missing = send(HttpRequest.newBuilder(URI.create(url("/admin/api-keys/ffffffffffffffff")))
                .DELETE(), "Authorization", bearer(adminToken()));
        assertThat(missing.statusCode()).isEqualTo(404);
    }
}
