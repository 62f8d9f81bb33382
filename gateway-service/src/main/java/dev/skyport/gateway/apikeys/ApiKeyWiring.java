package dev.skyport.gateway.apikeys;

import java.net.URI;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.skyport.gateway.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** The async DynamoDB client (engine endpoint or AWS) and the API-key table, created at start-up when asked. */
@Configuration(proxyBeanMethods = false)
public class ApiKeyWiring {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyWiring.class);

    @Bean(destroyMethod = "close")
    DynamoDbAsyncClient gatewayDynamoClient(GatewayProperties properties) {
        GatewayProperties.ApiKeys config = properties.apiKeys();
        var builder = DynamoDbAsyncClient.builder()
                .region(Region.of(config.region()))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(5)))
                // Every DynamoDB call states its bound: 3 s per attempt, 5 s in all, SDK's standard retries.
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(Duration.ofSeconds(3)).apiCallTimeout(Duration.ofSeconds(5)).build());
        if (!config.dynamodbEndpoint().isBlank()) {
            builder.endpointOverride(URI.create(config.dynamodbEndpoint())).credentialsProvider(engineCredentials());
        }
        return builder.build();
    }

    /** The engine accepts any signature; placeholders are used only when no real credentials are configured. */
    private static AwsCredentialsProvider engineCredentials() {
        if (System.getenv("AWS_ACCESS_KEY_ID") != null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    @Bean
    ApiKeyTable apiKeyTable(DynamoDbAsyncClient gatewayDynamoClient, GatewayProperties properties,
            MeterRegistry meters) {
        return new ApiKeyTable(gatewayDynamoClient, properties.apiKeys().tableName(), properties.rateLimit().plans(),
                meters.counter("skyport.gateway.apikeys.table.reads"));
    }

    @Bean
    ApiKeys apiKeys(ApiKeyTable apiKeyTable, GatewayProperties properties) {
        return new ApiKeys(apiKeyTable, properties.rateLimit().plans(), properties.apiKeys().cacheTtl(),
                properties.apiKeys().unknownKeyCacheTtl());
    }

    @Bean
    ApplicationRunner apiKeyTableProvisioning(ApiKeyTable table, GatewayProperties properties) {
        return args -> {
            if (properties.apiKeys().createTables()) {
                // Runs on the main thread at start-up, not on an event loop: waiting here blocks no request.
                table.createIfMissing()
                        .doOnError(e -> log.warn("api-key table not created table={} error={}", table.tableName(),
                                e.toString()))
                        .onErrorComplete()
                        .block(Duration.ofSeconds(15));
            }
        };
    }
}
