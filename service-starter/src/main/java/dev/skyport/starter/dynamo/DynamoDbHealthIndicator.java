package dev.skyport.starter.dynamo;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** UP when DynamoDB answers a cheap ListTables call; part of the readiness group. */
public final class DynamoDbHealthIndicator extends AbstractHealthIndicator {

    private final DynamoDbClient dynamoDb;

    public DynamoDbHealthIndicator(DynamoDbClient dynamoDb) {
        super("DynamoDB is not reachable");
        this.dynamoDb = dynamoDb;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        dynamoDb.listTables(r -> r.limit(1));
        builder.up();
    }
}
