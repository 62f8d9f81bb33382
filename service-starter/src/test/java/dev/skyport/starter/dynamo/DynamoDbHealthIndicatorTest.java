package dev.skyport.starter.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import dev.skyport.testsupport.FreePorts;

class DynamoDbHealthIndicatorTest {

    private static final SkyportDynamoProperties.Health HEALTH = new SkyportDynamoProperties.Health(
            Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(2));

    @Test
    void isDownWhenNothingHasEverAnsweredAtTheEndpoint() throws Exception {
        int port = FreePorts.one();
        try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(5)).retryStrategy(r -> r.maxAttempts(1)))
                .build()) {
            DynamoDbHealthIndicator health = new DynamoDbHealthIndicator(client, () -> List.of("orders"), HEALTH,
                    Clock.systemUTC());
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsEntry("lastSuccess", "never");
        }
    }
}
