package dev.skyport.starter.dynamo;

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
 */
@ConfigurationProperties("skyport.dynamodb")
public record SkyportDynamoProperties(
        String endpoint,
        @DefaultValue("") String tablePrefix,
        @DefaultValue("false") boolean createTables,
        @DefaultValue({}) List<String> entityPackages) {

    public boolean hasEndpoint() {
        return endpoint != null && !endpoint.isBlank();
    }
}
