package dev.skyport.users.auth;

import java.util.List;

import dev.skyport.users.user.UserEmailItem;
import dev.skyport.users.user.UserItem;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.CreateTableEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * Creates the user directory's tables on the test engine when its entities are not (yet) declared as
 * {@code @SkyportTable}s; the authorization server's own tables are created by the starter at start-up.
 */
final class TestTables {

    private TestTables() {
    }

    static void createAll(DynamoDbClient client, String prefix) {
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        if (!UserItem.class.isAnnotationPresent(dev.skyport.starter.dynamo.SkyportTable.class)) {
            create(enhanced, prefix + "users", UserItem.class);
            create(enhanced, prefix + "user-emails", UserEmailItem.class);
        }
    }

    private static <T> void create(DynamoDbEnhancedClient enhanced, String name, Class<T> type) {
        TableSchema<T> schema = TableSchema.fromBean(type);
        DynamoDbTable<T> table = enhanced.table(name, schema);
        List<EnhancedGlobalSecondaryIndex> indexes = schema.tableMetadata().indices().stream()
                .filter(index -> !index.name().equals(software.amazon.awssdk.enhanced.dynamodb.TableMetadata.primaryIndexName()))
                .map(index -> EnhancedGlobalSecondaryIndex.builder().indexName(index.name())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build())
                .toList();
        CreateTableEnhancedRequest.Builder request = CreateTableEnhancedRequest.builder();
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndices(indexes);
        }
        table.createTable(request.build());
    }
}
