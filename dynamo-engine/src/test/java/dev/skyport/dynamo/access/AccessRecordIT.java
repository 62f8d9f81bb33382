package dev.skyport.dynamo.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The engine as a server, recording what two applications with their own access keys do through the real SDK. */
class AccessRecordIT {

    @TempDir
    Path dir;

    private static DynamoDbClient client(URI endpoint, String accessKeyId) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void recordsEachAccessKeysOperationsOnTheTablesIndexesAndStreamsTheyTouch() throws IOException {
        Path file = dir.resolve("access.jsonl");
        try (DynamoEngine engine = DynamoEngine.builder().recordAccess(file).start();
             DynamoDbClient admin = client(engine.endpoint(), "admin");
             DynamoDbClient orders = client(engine.endpoint(), "orders-service");
             DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(engine.endpoint())
                     .region(Region.EU_WEST_1).httpClient(UrlConnectionHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("orders-service", "secret"))).build()) {
            admin.createTable(t -> t.tableName("orders")
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S"),
                            a -> a.attributeName("status").attributeType("S"))
                    .keySchema(k -> k.attributeName("id").keyType("HASH"))
                    .globalSecondaryIndexes(g -> g.indexName("by-status").keySchema(k -> k.attributeName("status")
                            .keyType("HASH")).projection(p -> p.projectionType("ALL")))
                    .billingMode("PAY_PER_REQUEST")
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
            admin.createTable(t -> t.tableName("keys")
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                    .keySchema(k -> k.attributeName("id").keyType("HASH")).billingMode("PAY_PER_REQUEST"));

            Map<String, AttributeValue> order = Map.of("id", s("o-1"), "status", s("NEW"));
            for (int i = 0; i < 2; i++) {
                orders.transactWriteItems(t -> t.transactItems(
                        w -> w.put(p -> p.tableName("orders").item(order)),
                        w -> w.update(u -> u.tableName("keys").key(Map.of("id", s("k-" + System.nanoTime())))
                                .updateExpression("SET n = :n").expressionAttributeValues(Map.of(":n", s("x"))))));
            }
            orders.query(q -> q.tableName("orders").indexName("by-status").keyConditionExpression("#s = :s")
                    .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", s("NEW"))));
            try {
                orders.putItem(p -> p.tableName("orders").item(order).conditionExpression("attribute_not_exists(id)"));
            } catch (ConditionalCheckFailedException expected) {
                // refused by its condition, and still authorized (and recorded) as a PutItem
            }
            String stream = orders.describeTable(d -> d.tableName("orders")).table().latestStreamArn();
            String shard = streams.describeStream(d -> d.streamArn(stream)).streamDescription().shards().getFirst().shardId();
            String iterator = streams.getShardIterator(g -> g.streamArn(stream).shardId(shard)
                    .shardIteratorType("TRIM_HORIZON")).shardIterator();
            streams.getRecords(g -> g.shardIterator(iterator));

            String table = "arn:aws:dynamodb:eu-west-1:000000000000:table/";
            assertThat(Files.readAllLines(file).stream().map(Json::parseText).toList()).containsExactly(
                    line("admin", "CreateTable", null, table + "orders"),
                    line("admin", "CreateTable", null, table + "keys"),
                    line("orders-service", "TransactWriteItems", "Put", table + "orders"),
                    line("orders-service", "TransactWriteItems", "Update", table + "keys"),
                    line("orders-service", "Query", null, table + "orders/index/by-status"),
                    line("orders-service", "PutItem", null, table + "orders"),
                    line("orders-service", "DescribeTable", null, table + "orders"),
                    line("orders-service", "DescribeStream", null, stream),
                    line("orders-service", "GetShardIterator", null, stream),
                    line("orders-service", "GetRecords", null, stream));
        }
    }

    @Test
    void recordsNothingUnlessAskedTo() throws IOException {
        try (DynamoEngine engine = DynamoEngine.builder().dataDirectory(dir.resolve("data")).start();
             DynamoDbClient client = client(engine.endpoint(), "someone")) {
            client.listTables();
        }

        try (var files = Files.walk(dir)) {
            assertThat(files.filter(f -> f.toString().contains("access"))).isEmpty();
        }
    }

    private static Map<String, Object> line(String key, String operation, String part, String resource) {
        Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("accessKeyId", key);
        line.put("operation", operation);
        if (part != null) {
            line.put("part", part);
        }
        line.put("resource", resource);
        return line;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
