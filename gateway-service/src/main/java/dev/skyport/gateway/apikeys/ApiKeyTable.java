package dev.skyport.gateway.apikeys;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.skyport.gateway.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The gateway's own DynamoDB table of API keys (pk {@code keyId}), through the async client so no request
 * thread ever waits on DynamoDB. Every read is counted ({@code skyport.gateway.apikeys.table.reads}): a flood of
 * made-up keys shows there first.
 */
public class ApiKeyTable {

    private final DynamoDbAsyncClient dynamo;
    private final String table;
    private final Map<String, GatewayProperties.Plan> plans;
    private final Counter reads;

    public ApiKeyTable(DynamoDbAsyncClient dynamo, String table, Map<String, GatewayProperties.Plan> plans,
            Counter reads) {
        this.dynamo = dynamo;
        this.table = table;
        this.plans = plans;
        this.reads = reads;
    }

    public String tableName() {
        return table;
    }

    /** Creates the table if missing (local and compose; on AWS the infrastructure creates it). */
    public Mono<Void> createIfMissing() {
        return Mono.fromFuture(() -> dynamo.createTable(b -> b.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(AttributeDefinition.builder().attributeName("keyId")
                                .attributeType(ScalarAttributeType.S).build())
                        .keySchema(KeySchemaElement.builder().attributeName("keyId").keyType(KeyType.HASH).build())))
                .then()
                .onErrorResume(ResourceInUseException.class, exists -> Mono.empty());
    }

    public Mono<Void> insert(ApiKey key) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("keyId", s(key.id()));
        item.put("name", s(key.name()));
        item.put("plan", s(key.planName()));
        item.put("secretHash", s(key.secretHash()));
        item.put("status", s("ACTIVE"));
        item.put("createdAt", s(key.createdAt().toString()));
        return Mono.fromFuture(() -> dynamo.putItem(b -> b.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(keyId)"))).then();
    }

    public Mono<ApiKey> find(String id) {
        return Mono.fromFuture(() -> {
                    reads.increment();
                    // Strongly consistent: a key used right after it was issued must not be cached as unknown.
                    return dynamo.getItem(b -> b.tableName(table).key(Map.of("keyId", s(id))).consistentRead(true));
                })
                .flatMap(response -> response.hasItem() && !response.item().isEmpty()
                        ? Mono.justOrEmpty(toKey(response.item())) : Mono.empty());
    }

    /** Marks the key revoked; empty when there is no such key. */
    public Mono<Boolean> revoke(String id) {
        return Mono.fromFuture(() -> dynamo.updateItem(b -> b.tableName(table).key(Map.of("keyId", s(id)))
                        .updateExpression("SET #s = :revoked")
                        .conditionExpression("attribute_exists(keyId)")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":revoked", s("REVOKED")))))
                .thenReturn(true)
                .onErrorResume(ConditionalCheckFailedException.class, missing -> Mono.just(false));
    }

    private Optional<ApiKey> toKey(Map<String, AttributeValue> item) {
        String planName = item.get("plan").s();
        GatewayProperties.Plan plan = plans.get(planName);
        if (plan == null) {
            return Optional.empty(); // the plan was withdrawn from configuration: the key no longer works
        }
        return Optional.of(new ApiKey(item.get("keyId").s(), item.get("name").s(), planName, plan,
                item.get("secretHash").s(), "REVOKED".equals(item.get("status").s()),
                Instant.parse(item.get("createdAt").s())));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
