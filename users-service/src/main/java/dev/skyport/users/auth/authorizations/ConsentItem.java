package dev.skyport.users.auth.authorizations;

import java.util.List;

import dev.skyport.starter.dynamo.SkyportTable;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** Authorities a user granted a client, item of {@code oauth2-consents} (pk client id, sk principal name). */
@DynamoDbBean
@SkyportTable(name = ConsentItem.TABLE)
public class ConsentItem {

    public static final String TABLE = "oauth2-consents";

    private String registeredClientId;
    private String principalName;
    private List<String> authorities;

    @DynamoDbPartitionKey
    public String getRegisteredClientId() {
        return registeredClientId;
    }

    public void setRegisteredClientId(String registeredClientId) {
        this.registeredClientId = registeredClientId;
    }

    @DynamoDbSortKey
    public String getPrincipalName() {
        return principalName;
    }

    public void setPrincipalName(String principalName) {
        this.principalName = principalName;
    }

    public List<String> getAuthorities() {
        return authorities;
    }

    public void setAuthorities(List<String> authorities) {
        this.authorities = authorities;
    }
}
