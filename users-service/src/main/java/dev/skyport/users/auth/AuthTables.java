package dev.skyport.users.auth;

import dev.skyport.starter.dynamo.SkyportTables;
import dev.skyport.users.auth.authorizations.AuthorizationItem;
import dev.skyport.users.auth.authorizations.ConsentItem;
import dev.skyport.users.auth.authorizations.RetiredRefreshTokenItem;
import dev.skyport.users.auth.clients.RegisteredClientItem;
import dev.skyport.users.auth.keys.SigningKeyItem;
import dev.skyport.users.auth.login.LoginAttemptItem;
import dev.skyport.users.auth.login.SessionItem;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;

/**
 * The authorization server's DynamoDB tables, declared as {@code @SkyportTable} entities (so the starter names
 * them with the environment's prefix and creates them where table creation is on). The stores work on the
 * enhanced client's tables directly: the SAS interfaces they implement map one-to-one onto get/put/query.
 */
public record AuthTables(
        DynamoDbTable<RegisteredClientItem> clients,
        DynamoDbTable<AuthorizationItem> authorizations,
        DynamoDbTable<RetiredRefreshTokenItem> retiredTokens,
        DynamoDbTable<ConsentItem> consents,
        DynamoDbTable<SigningKeyItem> signingKeys,
        DynamoDbTable<SessionItem> sessions,
        DynamoDbTable<LoginAttemptItem> loginAttempts) {

    public AuthTables(SkyportTables tables) {
        this(tables.table(RegisteredClientItem.class).raw(),
                tables.table(AuthorizationItem.class).raw(),
                tables.table(RetiredRefreshTokenItem.class).raw(),
                tables.table(ConsentItem.class).raw(),
                tables.table(SigningKeyItem.class).raw(),
                tables.table(SessionItem.class).raw(),
                tables.table(LoginAttemptItem.class).raw());
    }
}
