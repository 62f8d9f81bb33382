package dev.skyport.dynamo.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.junit.DynamoEngineExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeEndpointsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsResponse;

/** DescribeLimits and DescribeEndpoints through the real AWS SDK. */
@ExtendWith(DynamoEngineExtension.class)
class DescribeLimitsIT {

    static DynamoEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start(DynamoEngine started, DynamoDbClient client) {
        engine = started;
        dynamo = client;
    }

    @Test
    void answersTheServiceDefaultQuotas() {
        DescribeLimitsResponse limits = dynamo.describeLimits(b -> { });
        assertThat(limits.accountMaxReadCapacityUnits()).isEqualTo(80000);
        assertThat(limits.accountMaxWriteCapacityUnits()).isEqualTo(80000);
        assertThat(limits.tableMaxReadCapacityUnits()).isEqualTo(40000);
        assertThat(limits.tableMaxWriteCapacityUnits()).isEqualTo(40000);
    }

    @Test
    void namesTheRegionalEndpointOfTheCallersRegion() {
        DescribeEndpointsResponse endpoints = dynamo.describeEndpoints(b -> { });
        assertThat(endpoints.endpoints()).singleElement().satisfies(e -> {
            assertThat(e.address()).isEqualTo("dynamodb.us-east-1.amazonaws.com");
            assertThat(e.cachePeriodInMinutes()).isEqualTo(1440);
        });
    }
}
