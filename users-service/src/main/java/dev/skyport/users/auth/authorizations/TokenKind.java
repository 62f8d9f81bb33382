package dev.skyport.users.auth.authorizations;

import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/** The token kinds SAS looks authorizations up by, with the GSI for each. */
enum TokenKind {
    STATE(OAuth2ParameterNames.STATE, AuthorizationItem.BY_STATE_HASH),
    CODE(OAuth2ParameterNames.CODE, AuthorizationItem.BY_CODE_HASH),
    ACCESS_TOKEN(OAuth2TokenType.ACCESS_TOKEN.getValue(), AuthorizationItem.BY_ACCESS_TOKEN_HASH),
    REFRESH_TOKEN(OAuth2TokenType.REFRESH_TOKEN.getValue(), AuthorizationItem.BY_REFRESH_TOKEN_HASH),
    ID_TOKEN(OidcParameterNames.ID_TOKEN, AuthorizationItem.BY_ID_TOKEN_HASH),
    USER_CODE(OAuth2ParameterNames.USER_CODE, AuthorizationItem.BY_USER_CODE_HASH),
    DEVICE_CODE(OAuth2ParameterNames.DEVICE_CODE, AuthorizationItem.BY_DEVICE_CODE_HASH);

    final String type;
    final String index;

    TokenKind(String type, String index) {
        this.type = type;
        this.index = index;
    }

    static Optional<TokenKind> of(String type) {
        return Stream.of(values()).filter(k -> k.type.equals(type)).findFirst();
    }

    String value(AuthorizationItem item) {
        TokenItem token = switch (this) {
            case STATE -> null;
            case CODE -> item.getCode();
            case ACCESS_TOKEN -> item.getAccessToken();
            case REFRESH_TOKEN -> item.getRefreshToken();
            case ID_TOKEN -> item.getIdToken();
            case USER_CODE -> item.getUserCode();
            case DEVICE_CODE -> item.getDeviceCode();
        };
        return this == STATE ? item.getState() : token == null ? null : token.getValue();
    }

    void setHash(AuthorizationItem item, String hash) {
        switch (this) {
            case STATE -> item.setStateHash(hash);
            case CODE -> item.setCodeHash(hash);
            case ACCESS_TOKEN -> item.setAccessTokenHash(hash);
            case REFRESH_TOKEN -> item.setRefreshTokenHash(hash);
            case ID_TOKEN -> item.setIdTokenHash(hash);
            case USER_CODE -> item.setUserCodeHash(hash);
            case DEVICE_CODE -> item.setDeviceCodeHash(hash);
        }
    }
}
