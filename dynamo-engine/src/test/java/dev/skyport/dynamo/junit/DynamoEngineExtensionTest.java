package dev.skyport.dynamo.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@ExtendWith(DynamoEngineExtension.class)
class DynamoEngineExtensionTest {

    @BeforeAll
    static void createTable(DynamoDbClient dynamo) {
        dynamo.createTable(t -> t.tableName("orders")
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @Test
    void putsAndGetsThroughTheInjectedClient(DynamoDbClient dynamo) {
        dynamo.putItem(p -> p.tableName("orders").item(Map.of(
                "id", AttributeValue.fromS("o-1"),
                "total", AttributeValue.fromN("42"))));

        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName("orders")
                .key(Map.of("id", AttributeValue.fromS("o-1")))).item();

        assertThat(item).containsEntry("total", AttributeValue.fromN("42"));
    }

    @Test
    void injectsTheEngineItsEndpointAndAnAsyncClient(DynamoEngine engine, URI endpoint, DynamoDbAsyncClient async) {
        assertThat(endpoint).isEqualTo(engine.endpoint());
        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        assertThat(async.listTables().join().tableNames()).contains("orders");
    }
}
