package dev.skyport.starter.dynamo;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * DynamoDB settings ({@code skyport.dynamodb.*}).
 *
 * @param endpoint DynamoDB endpoint (DYNAMODB_ENDPOINT): the engine's URL locally, empty on AWS
 * @param tablePrefix prepended to every logical table name (SKYPORT_TABLE_PREFIX)
 * @param createTables create missing tables at start-up from the entity declarations (SKYPORT_CREATE_TABLES)
 * @param entityPackages packages scanned for {@link SkyportTable} classes; empty means the application's
 *        auto-configuration packages (those of the {@code @SpringBootApplication} class)
 * @param health how the readiness check ({@link DynamoDbHealthIndicator}) asks about the tables
 */
@ConfigurationProperties("skyport.dynamodb")
public record SkyportDynamoProperties(
        String endpoint,
        @DefaultValue("") String tablePrefix,
        @DefaultValue("false") boolean createTables,
        @DefaultValue({}) List<String> entityPackages,
        @DefaultValue Health health) {

    public boolean hasEndpoint() {
        return endpoint != null && !endpoint.isBlank();
    }

    /**
     * Readiness check settings ({@code skyport.dynamodb.health.*}).
     *
     * @param cacheTtl how long one round of DescribeTable calls answers every probe
     * @param gracePeriod how long after the last success a DynamoDB that does not answer keeps readiness UP
     *        (DEGRADED); a table that is missing is DOWN at once
     * @param timeout bound of each DescribeTable call
     */
    public record Health(
            @DefaultValue("10s") Duration cacheTtl,
            @DefaultValue("60s") Duration gracePeriod,
            @DefaultValue("2s") Duration timeout) {
    }
}
