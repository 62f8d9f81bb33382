package dev.skyport.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenApiMergeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PUBLIC = "https://api.example.test";

    private static final String USERS = """
            {"openapi": "3.1.0", "servers": [{"url": "http://users.internal:9001"}],
             "paths": {
               "/api/users/me": {"get": {"security": [{"bearer-jwt": []}],
                 "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ShippingAddress"}}}}}}},
               "/api/users": {"post": {"security": [],
                 "responses": {"202": {"description": "accepted"}}}},
               "/internal/users/{userId}/shipping-address": {"get": {"responses": {"200": {"description": "internal"}}}},
               "/error": {"get": {"responses": {"200": {"description": "error"}}}}},
             "components": {"schemas": {"ShippingAddress": {"type": "object", "properties": {"street": {"type": "string"}}},
                                        "ProblemDetail": {"type": "object"}},
                            "securitySchemes": {"bearer-jwt": {"type": "http", "scheme": "bearer"}}}}""";

    private static final String ORDERS = """
            {"openapi": "3.1.0", "servers": [{"url": "http://orders.internal:9002"}],
             "paths": {
               "/api/orders": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}}}}},
               "/error": {"get": {"responses": {"200": {"description": "error"}}}}},
             "components": {"schemas": {
               "Order": {"type": "object", "properties": {"shippingAddress": {"$ref": "#/components/schemas/ShippingAddress"}}},
               "ShippingAddress": {"type": "object", "properties": {"line1": {"type": "string"}}},
               "ProblemDetail": {"type": "object"}}}}""";

    @Test
    void mergesTheRoutedPathsOfEveryServiceUnderThePublicUrl() {
        JsonNode merged = merge();

        assertThat(merged.get("servers")).hasSize(1);
        assertThat(merged.get("servers").get(0).get("url").asString()).isEqualTo(PUBLIC);
        assertThat(merged.get("paths").propertyNames()).containsExactly("/api/users/me", "/api/users", "/api/orders");
        assertThat(merged.get("info").get("title").asString()).isEqualTo("Skyport API");
        assertThat(merged.get("externalDocs").get("url").asString()).isEqualTo(PUBLIC + "/docs/asyncapi.json");
    }

    @Test
    void renamesAComponentTwoServicesDefineDifferentlyAndKeepsTheirReferencesRight() {
        JsonNode merged = merge();
        JsonNode schemas = merged.get("components").get("schemas");

        assertThat(schemas.get("ShippingAddress").get("properties").has("street")).isTrue();
        assertThat(schemas.get("orders.ShippingAddress").get("properties").has("line1")).isTrue();
        assertThat(schemas.get("Order").get("properties").get("shippingAddress").get("$ref").asString())
                .isEqualTo("#/components/schemas/orders.ShippingAddress");
        assertThat(schemas.has("orders.ProblemDetail")).as("identical definitions are shared").isFalse();
    }

    @Test
    void securesEveryOperationWithTheEdgesOAuthSchemeOnly() {
        JsonNode merged = merge();

        assertThat(merged.get("components").get("securitySchemes").propertyNames()).containsExactly("skyport");
        assertThat(merged.get("security").get(0).has("skyport")).isTrue();
        assertThat(merged.get("paths").get("/api/users/me").get("get").get("security").get(0).has("skyport")).isTrue();
        assertThat(merged.get("paths").get("/api/users").get("post").get("security")).as("public stays public").isEmpty();
    }

    private static JsonNode merge() {
        OpenApiMerge merge = new OpenApiMerge(DocsWiring.skyportApiHead(PUBLIC), DocsWiring.SECURITY_SCHEME);
        merge.add(new OpenApiMerge.Source("users", JSON.readTree(USERS), ApiReference.routedBy(route("users",
                "/api/users,/api/users/**"))));
        merge.add(new OpenApiMerge.Source("orders", JSON.readTree(ORDERS), ApiReference.routedBy(route("orders",
                "/api/orders,/api/orders/**"))));
        return merge.document();
    }

    /** A route as the gateway reads {@code Path=...} from application.yml. */
    private static RouteDefinition route(String id, String paths) {
        RouteDefinition route = new RouteDefinition();
        route.setId(id);
        route.setUri(URI.create("http://" + id + ".internal"));
        PredicateDefinition path = new PredicateDefinition("Path=" + paths);
        route.setPredicates(List.of(path));
        route.setMetadata(Map.of(ApiReference.OPENAPI_METADATA, "/v3/api-docs"));
        return route;
    }
}
