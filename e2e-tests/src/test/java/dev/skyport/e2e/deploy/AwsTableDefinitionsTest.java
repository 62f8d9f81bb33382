package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/aws/dynamodb-tables.yaml (CloudFormation; the aws overlay does not create tables) defines the same
 * tables the services declare on their entities and create locally: names, keys, GSIs, TTL and streams.
 */
class AwsTableDefinitionsTest {

    private static final Map<String, JsonNode> TEMPLATE_TABLES = templateTables();

    @Test
    void everyTableAServiceDeclaresIsDefinedWithTheSameKeysIndexesTtlAndStream() {
        for (EntityTables.Table declared : EntityTables.declaredByServices()) {
            String where = declared.name() + " (" + declared.declaredIn() + ")";
            JsonNode table = TEMPLATE_TABLES.get(declared.name());
            assertThat(table).as("deploy/aws/dynamodb-tables.yaml defines %s", where).isNotNull();
            assertThat(key(table.path("KeySchema"))).as("key of %s", where).isEqualTo(declared.key());
            Map<String, EntityTables.Key> indexes = new TreeMap<>();
            table.path("GlobalSecondaryIndexes").forEach(gsi -> indexes.put(gsi.path("IndexName").asText(), key(gsi.path("KeySchema"))));
            assertThat(indexes).as("GSIs of %s", where).isEqualTo(declared.indexes());
            if (declared.ttlAttribute() != null) {
                assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText()).as("TTL of %s", where)
                        .isEqualTo(declared.ttlAttribute());
            }
            String stream = table.path("StreamSpecification").path("StreamViewType").asText(null);
            assertThat(stream).as("stream of %s", where).isEqualTo(declared.streamView());
        }
    }

    @Test
    void theTablesOfTheArchitecturesDataOwnershipAreDefined() {
        assertThat(TEMPLATE_TABLES).containsKeys("users", "user-emails", "oauth2-clients", "oauth2-authorizations",
                "oauth2-consents", "signing-keys", "orders", "idempotency-keys", "order-events");
        assertThat(key(TEMPLATE_TABLES.get("users").path("KeySchema"))).isEqualTo(new EntityTables.Key("userId", null));
        assertThat(key(TEMPLATE_TABLES.get("user-emails").path("KeySchema"))).isEqualTo(new EntityTables.Key("email", null));
        JsonNode orders = TEMPLATE_TABLES.get("orders");
        assertThat(key(orders.path("KeySchema"))).isEqualTo(new EntityTables.Key("customerId", "orderId"));
        assertThat(orders.path("StreamSpecification").path("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(orders.path("GlobalSecondaryIndexes").findValuesAsText("AttributeName")).contains("status", "createdAt");
        // The gateway creates its API-key table with the low-level client (pk keyId), not from an entity class.
        assertThat(key(TEMPLATE_TABLES.get("gateway-api-keys").path("KeySchema"))).isEqualTo(new EntityTables.Key("keyId", null));
        assertThat(TEMPLATE_TABLES.get("idempotency-keys").path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
        JsonNode orderEvents = TEMPLATE_TABLES.get("order-events");
        assertThat(key(orderEvents.path("KeySchema"))).isEqualTo(new EntityTables.Key("customerId", "eventNumber"));
        assertThat(orderEvents.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
        JsonNode authorizations = TEMPLATE_TABLES.get("oauth2-authorizations");
        assertThat(authorizations.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
        assertThat(authorizations.path("GlobalSecondaryIndexes").size()).isPositive();
    }

    @Test
    void everyTableIsPrefixedOnDemandWithWellFormedKeysAndFullIndexProjections() {
        for (Map.Entry<String, JsonNode> entry : TEMPLATE_TABLES.entrySet()) {
            JsonNode table = entry.getValue();
            assertThat(table.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
            Set<String> keyAttributes = new TreeSet<>(table.path("KeySchema").findValuesAsText("AttributeName"));
            table.path("GlobalSecondaryIndexes").forEach(gsi -> {
                keyAttributes.addAll(gsi.path("KeySchema").findValuesAsText("AttributeName"));
                assertThat(gsi.path("Projection").path("ProjectionType").asText()).isEqualTo("ALL");
            });
            // CloudFormation refuses attribute definitions that are not keys, and keys without definitions.
            assertThat(new TreeSet<>(table.path("AttributeDefinitions").findValuesAsText("AttributeName")))
                    .as("attribute definitions of %s", entry.getKey()).isEqualTo(keyAttributes);
        }
    }

    @Test
    void theEntityScannerReadsKeysIndexesTtlAndStreamFromAnnotatedGetters() {
        String source = """
                @DynamoDbBean
                @SkyportTable(name = OrderItem.TABLE, stream = StreamViewType.NEW_AND_OLD_IMAGES)
                public class OrderItem {
                    public static final String TABLE = "orders";
                    public static final String BY_STATUS = "by-status";
                    @DynamoDbPartitionKey
                    public String getCustomerId() { return customerId; }
                    @DynamoDbSortKey
                    @DynamoDbAttribute("orderId")
                    public String getId() { return id; }
                    @DynamoDbSecondaryPartitionKey(indexNames = BY_STATUS)
                    public String getStatus() { return status; }
                    @DynamoDbSecondarySortKey(indexNames = {BY_STATUS})
                    public Instant getCreatedAt() { return createdAt; }
                    @TimeToLive
                    public Long getExpiresAt() { return expiresAt; }
                }
                """;

        EntityTables.Table table = EntityTables.parse(source, "OrderItem.java").orElseThrow();

        assertThat(table.name()).isEqualTo("orders");
        assertThat(table.key()).isEqualTo(new EntityTables.Key("customerId", "orderId"));
        assertThat(table.indexes()).containsExactly(Map.entry("by-status", new EntityTables.Key("status", "createdAt")));
        assertThat(table.ttlAttribute()).isEqualTo("expiresAt");
        assertThat(table.streamView()).isEqualTo("NEW_AND_OLD_IMAGES");
    }

    private static EntityTables.Key key(JsonNode keySchema) {
        String partition = null;
        String sort = null;
        for (JsonNode element : keySchema) {
            if ("HASH".equals(element.path("KeyType").asText())) {
                partition = element.path("AttributeName").asText();
            } else if ("RANGE".equals(element.path("KeyType").asText())) {
                sort = element.path("AttributeName").asText();
            }
        }
        return new EntityTables.Key(partition, sort);
    }

    /** Tables by their unprefixed name (TableName is "${TablePrefix}<name>"). */
    private static Map<String, JsonNode> templateTables() {
        try {
            JsonNode template = new YAMLMapper().readTree(Repository.read("deploy/aws/dynamodb-tables.yaml"));
            Map<String, JsonNode> tables = new TreeMap<>();
            template.path("Resources").forEach(resource -> {
                if ("AWS::DynamoDB::Table".equals(resource.path("Type").asText())) {
                    String name = resource.path("Properties").path("TableName").path("Fn::Sub").asText();
                    assertThat(name).startsWith("${TablePrefix}");
                    tables.put(name.substring("${TablePrefix}".length()), resource.path("Properties"));
                }
            });
            return tables;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
