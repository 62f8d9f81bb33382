package dev.skyport.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;

class BearerTokenHeaderTest {

    private static final ServerAuthenticationConverter SPRING = new ServerBearerTokenAuthenticationConverter();
    private static final ServerAuthenticationConverter EDGE = new BearerTokenHeader();

    @Test
    void readsTheHeaderExactlyAsSpringSecuritysConverter() {
        List<String> headers = new ArrayList<>(List.of("Bearer abc", "bearer abc", "BEARER a.b.c", "Bearer  abc",
                "Bearer", "Bearer ", "Bearer =", "Bearer abc==", "Bearer abc=d", "Bearer a~b+c/d-e_f.g",
                "Bearer abc\n", "Bearer ab c", "Bearerabc", "Basic dXNlcjpwYXNz", "Token abc", "bear abc",
                "Bearer \u00e9", "Bearer\tabc", "Bearer abc\u0000", "B\u0130arer abc", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
        // Every character of ASCII and Latin-1 (and a little past) inside a token.
        for (char c = 0; c < 0x180; c++) {
            headers.add("Bearer a" + c + "b");
        }
        Random random = new Random(7);
        String alphabet = "aZ09-._~+/= \t\n\u00e9Bb";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : random.nextBoolean() ? "bEaReR" : "");
            for (int length = random.nextInt(10); length > 0; length--) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            headers.add(header.toString());
        }
        for (String header : headers) {
            assertThat(outcome(EDGE, header)).as("Authorization: %s", header).isEqualTo(outcome(SPRING, header));
        }
        assertThat(outcome(EDGE, null)).isEqualTo("none");
        assertThat(outcome(EDGE, "Bearer abc==")).isEqualTo("token abc==");
        assertThat(outcome(EDGE, "Bearer abc=d")).isEqualTo("error invalid_token Bearer token is malformed");
    }

    /** "none", "token <value>" or "error <code> <description>". */
    private static String outcome(ServerAuthenticationConverter converter, String authorization) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/orders");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            Authentication token = converter.convert(MockServerWebExchange.from(request)).block();
            return token == null ? "none" : "token " + ((BearerTokenAuthenticationToken) token).getToken();
        } catch (OAuth2AuthenticationException e) {
            return "error " + e.getError().getErrorCode() + " " + e.getError().getDescription();
        }
    }
}
