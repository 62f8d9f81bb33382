package dev.skyport.dynamo.junit;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the AWS SDK clients the extension hands out; loaded only when a test asks for one, so the
 * SDK stays an optional dependency. HTTP clients given to a builder are not closed by the SDK client,
 * so both go on the list to close.
 */
final class SdkClients {

    private static final StaticCredentialsProvider DUMMY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("dynamo-engine", "dynamo-engine"));

    private SdkClients() {
    }

    static DynamoDbClient sync(URI endpoint, List<AutoCloseable> toClose) {
        SdkHttpClient http = UrlConnectionHttpClient.create();
        toClose.add(http);
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(DUMMY)
                .httpClient(http)
                .build();
        toClose.add(client);
        return client;
    }

    /** Needs software.amazon.awssdk:netty-nio-client at run time (not at compile time). */
    static DynamoDbAsyncClient async(URI endpoint, List<AutoCloseable> toClose) {
        SdkAsyncHttpClient http;
        try {
            http = (SdkAsyncHttpClient) Class.forName("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient")
                    .getMethod("create").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DynamoDbAsyncClient needs software.amazon.awssdk:netty-nio-client", e);
        }
        toClose.add(http);
        DynamoDbAsyncClient client = DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(DUMMY)
                .httpClient(http)
                .build();
        toClose.add(client);
        return client;
    }
}
