package dev.skyport.users.auth.authorizations;

import java.util.List;

import dev.skyport.starter.dynamo.SkyportTable;
import dev.skyport.starter.dynamo.TimeToLive;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;

/**
 * An OAuth2 authorization (a grant and the tokens issued under it), item of the {@code oauth2-authorizations}
 * table: pk {@code id}, one GSI per token kind on the SHA-256 of the token value, TTL on {@code expiresAt}.
 */
@DynamoDbBean
@SkyportTable(name = AuthorizationItem.TABLE)
public class AuthorizationItem {

    public static final String TABLE = "oauth2-authorizations";
    public static final String BY_STATE_HASH = "by-state-hash";
    public static final String BY_CODE_HASH = "by-code-hash";
    public static final String BY_ACCESS_TOKEN_HASH = "by-access-token-hash";
    public static final String BY_REFRESH_TOKEN_HASH = "by-refresh-token-hash";
    public static final String BY_ID_TOKEN_HASH = "by-id-token-hash";
    public static final String BY_USER_CODE_HASH = "by-user-code-hash";
    public static final String BY_DEVICE_CODE_HASH = "by-device-code-hash";

    private String id;
    private String registeredClientId;
    private String principalName;
    private String grantType;
    private List<String> authorizedScopes;
    private String attributes;
    private String state;
    private String stateHash;
    private String codeHash;
    private String accessTokenHash;
    private String refreshTokenHash;
    private String idTokenHash;
    private String userCodeHash;
    private String deviceCodeHash;
    private TokenItem code;
    private TokenItem accessToken;
    private TokenItem refreshToken;
    private TokenItem idToken;
    private TokenItem userCode;
    private TokenItem deviceCode;
    private Long expiresAt;

    @DynamoDbPartitionKey
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRegisteredClientId() {
        return registeredClientId;
    }

    public void setRegisteredClientId(String registeredClientId) {
        this.registeredClientId = registeredClientId;
    }

    public String getPrincipalName() {
        return principalName;
    }

    public void setPrincipalName(String principalName) {
        this.principalName = principalName;
    }

    public String getGrantType() {
        return grantType;
    }

    public void setGrantType(String grantType) {
        this.grantType = grantType;
    }

    public List<String> getAuthorizedScopes() {
        return authorizedScopes;
    }

    public void setAuthorizedScopes(List<String> authorizedScopes) {
        this.authorizedScopes = authorizedScopes;
    }

    public String getAttributes() {
        return attributes;
    }

    public void setAttributes(String attributes) {
        this.attributes = attributes;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = BY_STATE_HASH)
    public String getStateHash() {
        return stateHash;
    }

    public void setStateHash(String stateHash) {
        this.stateHash = stateHash;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = BY_CODE_HASH)
    public String getCodeHash() {
        return codeHash;
    }

    public void setCodeHash(String codeHash) {
        this.codeHash = codeHash;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = BY_ACCESS_TOKEN_HASH)
    public String getAccessTokenHash() {
        return accessTokenHash;
    }

    public void setAccessTokenHash(String accessTokenHash) {
        this.accessTokenHash = accessTokenHash;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = BY_REFRESH_TOKEN_HASH)
    public String getRefreshTokenHash() {
        return refreshTokenHash;
    }

    public void setRefreshTokenHash(String refreshTokenHash) {
        this.refreshTokenHash = refreshTokenHash;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = BY_ID_TOKEN_HASH)
    public String getIdTokenHash() {
        return idTokenHash;
    }

    public void setIdTokenHash(String idTokenHash) {
        this.idTokenHash = idTokenHash;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = BY_USER_CODE_HASH)
    public String getUserCodeHash() {
        return userCodeHash;
    }

    public void setUserCodeHash(String userCodeHash) {
        this.userCodeHash = userCodeHash;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = BY_DEVICE_CODE_HASH)
    public String getDeviceCodeHash() {
        return deviceCodeHash;
    }

    public void setDeviceCodeHash(String deviceCodeHash) {
        this.deviceCodeHash = deviceCodeHash;
    }

    public TokenItem getCode() {
        return code;
    }

    public void setCode(TokenItem code) {
        this.code = code;
    }

    public TokenItem getAccessToken() {
        return accessToken;
    }

    public void setAccessToken(TokenItem accessToken) {
        this.accessToken = accessToken;
    }

    public TokenItem getRefreshToken() {
        return refreshToken;
    }

    public void setRefreshToken(TokenItem refreshToken) {
        this.refreshToken = refreshToken;
    }

    public TokenItem getIdToken() {
        return idToken;
    }

    public void setIdToken(TokenItem idToken) {
        this.idToken = idToken;
    }

    public TokenItem getUserCode() {
        return userCode;
    }

    public void setUserCode(TokenItem userCode) {
        this.userCode = userCode;
    }

    public TokenItem getDeviceCode() {
        return deviceCode;
    }

    public void setDeviceCode(TokenItem deviceCode) {
        this.deviceCode = deviceCode;
    }

    @TimeToLive
    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

}
