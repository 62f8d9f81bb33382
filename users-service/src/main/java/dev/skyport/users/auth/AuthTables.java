package dev.skyport.users.auth;

import dev.skyport.starter.dynamo.SkyportTables;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;

/**
 * The authorization server's DynamoDB tables, declared as {@code @SkyportTable} entities (so the starter names
 * them with the environment's prefix and creates them where table creation is on). The stores work on the
 * enhanced client's tables directly: the SAS interfaces they implement map one-to-one onto get/put/query.
 */
public class AuthTables {

    final DynamoDbTable<RegisteredClientItem> clients;
    final DynamoDbTable<AuthorizationItem> authorizations;
    final DynamoDbTable<RetiredRefreshTokenItem> retiredTokens;
    final DynamoDbTable<ConsentItem> consents;
    final DynamoDbTable<SigningKeyItem> signingKeys;
    final DynamoDbTable<SessionItem> sessions;
    final DynamoDbTable<LoginAttemptItem> loginAttempts;

    public AuthTables(SkyportTables tables) {
        clients = tables.table(RegisteredClientItem.class).raw();
        authorizations = tables.table(AuthorizationItem.class).raw();
        retiredTokens = tables.table(RetiredRefreshTokenItem.class).raw();
        consents = tables.table(ConsentItem.class).raw();
        signingKeys = tables.table(SigningKeyItem.class).raw();
        sessions = tables.table(SessionItem.class).raw();
        loginAttempts = tables.table(LoginAttemptItem.class).raw();
    }
}
