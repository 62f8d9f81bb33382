package dev.skyport.users.user;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** OpenAPI document metadata for users-service: title and the bearer-token security scheme the operations use. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Skyport users-service", version = "v1",
        description = "User directory (sign-up, profile, administration) of Skyport. Errors are RFC 9457 "
                + "problem+json documents."))
@SecurityScheme(name = UserApiDocs.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "An access token from Skyport's authorization server (audience skyport-api)")
public class UserApiDocs {

    static final String BEARER = "bearer-jwt";
    static final String PROBLEM = "application/problem+json";
}
