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

/** Creates users-service's tables on the test engine from the entity declarations (GSIs projecting ALL). */
final class TestTables {

    private TestTables() {
    }

    static void createAll(DynamoDbClient client, String prefix) {
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        create(enhanced, prefix + RegisteredClientItem.TABLE, RegisteredClientItem.class);
        create(enhanced, prefix + AuthorizationItem.TABLE, AuthorizationItem.class);
        create(enhanced, prefix + RetiredRefreshTokenItem.TABLE, RetiredRefreshTokenItem.class);
        create(enhanced, prefix + ConsentItem.TABLE, ConsentItem.class);
        create(enhanced, prefix + SigningKeyItem.TABLE, SigningKeyItem.class);
        create(enhanced, prefix + SessionItem.TABLE, SessionItem.class);
        create(enhanced, prefix + LoginAttemptItem.TABLE, LoginAttemptItem.class);
        create(enhanced, prefix + "users", UserItem.class);
        create(enhanced, prefix + "user-emails", UserEmailItem.class);
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
