package dev.skyport.users.auth;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** The authorization server's DynamoDB tables, named with the environment's prefix. */
public class AuthTables {

    final DynamoDbTable<RegisteredClientItem> clients;
    final DynamoDbTable<AuthorizationItem> authorizations;
    final DynamoDbTable<RetiredRefreshTokenItem> retiredTokens;
    final DynamoDbTable<ConsentItem> consents;
    final DynamoDbTable<SigningKeyItem> signingKeys;
    final DynamoDbTable<SessionItem> sessions;
    final DynamoDbTable<LoginAttemptItem> loginAttempts;

    public AuthTables(DynamoDbEnhancedClient enhancedClient, String prefix) {
        clients = enhancedClient.table(prefix + RegisteredClientItem.TABLE, TableSchema.fromBean(RegisteredClientItem.class));
        authorizations = enhancedClient.table(prefix + AuthorizationItem.TABLE, TableSchema.fromBean(AuthorizationItem.class));
        retiredTokens = enhancedClient.table(prefix + RetiredRefreshTokenItem.TABLE,
                TableSchema.fromBean(RetiredRefreshTokenItem.class));
        consents = enhancedClient.table(prefix + ConsentItem.TABLE, TableSchema.fromBean(ConsentItem.class));
        signingKeys = enhancedClient.table(prefix + SigningKeyItem.TABLE, TableSchema.fromBean(SigningKeyItem.class));
        sessions = enhancedClient.table(prefix + SessionItem.TABLE, TableSchema.fromBean(SessionItem.class));
        loginAttempts = enhancedClient.table(prefix + LoginAttemptItem.TABLE, TableSchema.fromBean(LoginAttemptItem.class));
    }
}
