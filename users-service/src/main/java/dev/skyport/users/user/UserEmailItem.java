package dev.skyport.users.user;

import dev.skyport.starter.dynamo.SkyportTable;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/**
 * Uniqueness guard of the {@code user-emails} table: one item per normalised e-mail, written in the same
 * transaction as the user it points to, so two sign-ups for one address can never both succeed.
 */
@DynamoDbBean
@SkyportTable(name = "user-emails")
public class UserEmailItem {

    private String email;
    private String userId;

    public UserEmailItem() {
    }

    UserEmailItem(String email, String userId) {
        this.email = email;
        this.userId = userId;
    }

    @DynamoDbPartitionKey
    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }
}
