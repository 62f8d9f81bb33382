package dev.skyport.starter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.skyport.testsupport.TestIssuer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The resource-server defaults against real signed tokens and a real JWKS endpoint. */
class SecurityIT extends StarterIntegrationTest {

    private static final List<String> READ = List.of("openid", "orders:read");

    private HttpResponse<String> listWith(String token) {
        return get("/api/orders", token);
    }

    private JWTClaimsSet.Builder valid() {
        return INFRA.issuer.claims("user-sec", READ, List.of("USER"));
    }

    private static void assertUnauthorizedProblem(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                value -> assertThat(value).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("type").asString()).isEqualTo("https://skyport.dev/problems/unauthorized");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/orders");
        assertThat(response.body()).doesNotContain("eyJ");
    }

    @Test
    void acceptsAValidTokenWithTheRequiredScope() {
        HttpResponse<String> response = listWith(INFRA.issuer.sign(valid().build()));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("items").isArray()).isTrue();
    }

    @Test
    void rejectsARequestWithoutTokenAs401Problem() {
        assertUnauthorizedProblem(listWith(null));
    }

    @Test
    void rejectsAnExpiredTokenBeyondTheClockSkew() {
        Instant now = Instant.now();
        String token = INFRA.issuer.sign(valid().issueTime(Date.from(now.minusSeconds(700)))
                .notBeforeTime(Date.from(now.minusSeconds(700))).expirationTime(Date.from(now.minusSeconds(60))).build());
        HttpResponse<String> response = listWith(token);
        assertUnauthorizedProblem(response);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    }

    @Test
    void acceptsATokenExpiredWithinTheClockSkew() {
        Instant now = Instant.now();
        String token = INFRA.issuer.sign(valid().issueTime(Date.from(now.minusSeconds(600)))
                .notBeforeTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.minusSeconds(5))).build());
        assertThat(listWith(token).statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsATokenNotValidYet() {
        Instant now = Instant.now();
        String token = INFRA.issuer.sign(valid().notBeforeTime(Date.from(now.plusSeconds(120))).build());
        assertUnauthorizedProblem(listWith(token));
    }

    @Test
    void rejectsATokenWithoutExpiry() {
        assertUnauthorizedProblem(listWith(INFRA.issuer.sign(valid().expirationTime(null).build())));
    }

    @Test
    void rejectsATokenFromAnotherIssuer() {
        assertUnauthorizedProblem(listWith(INFRA.issuer.sign(valid().issuer("http://evil.test").build())));
    }

    @Test
    void rejectsAnIdTokenWhoseAudienceIsTheClient() {
        assertUnauthorizedProblem(listWith(INFRA.issuer.sign(valid().audience("skyport-cli").build())));
    }

    @Test
    void rejectsATokenSignedByAKeyNotInTheJwks() {
        assertUnauthorizedProblem(listWith(INFRA.issuer.signWithStrangerKey(valid().build())));
    }

    @Test
    void rejectsAnHs256TokenAlgorithmNotAllowed() {
        assertUnauthorizedProblem(listWith(INFRA.issuer.signHs256(valid().build())));
    }

    @Test
    void rejectsAnUnsignedToken() {
        assertUnauthorizedProblem(listWith(INFRA.issuer.unsigned(valid().build())));
    }

    @Test
    void rejectsGarbageAsAToken() {
        assertUnauthorizedProblem(listWith("not-a-jwt"));
    }

    @Test
    void answers403ProblemWhenTheScopeIsMissing() {
        HttpResponse<String> response = listWith(INFRA.issuer.accessToken("user-sec", List.of("openid", "profile"), List.of("USER")));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("https://skyport.dev/problems/forbidden");
        assertThat(problem.get("traceId").asString()).hasSize(32);
    }

    @Test
    void scopesFromASpaceSeparatedStringAreAcceptedToo() {
        String token = INFRA.issuer.sign(valid().claim("scope", "openid orders:read").build());
        assertThat(listWith(token).statusCode()).isEqualTo(200);
    }

    @Test
    void adminEndpointsNeedTheAdminRole() {
        assertThat(get("/api/admin/ping", INFRA.issuer.accessToken("u1", READ, List.of("USER"))).statusCode()).isEqualTo(403);
        HttpResponse<String> admin = get("/api/admin/ping", INFRA.issuer.accessToken("u2", READ, List.of("USER", "ADMIN")));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("admin");
    }

    @Test
    void publicPathsAndHealthNeedNoToken() {
        assertThat(get("/api/public/ping", null).body()).isEqualTo("pong");
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(200);
    }

    @Test
    void otherActuatorEndpointsAreNotPublic() {
        assertThat(get("/actuator/env", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aKeyPublishedLaterInTheJwksIsAcceptedWithoutRestart() {
        assertThat(listWith(INFRA.issuer.sign(valid().build())).statusCode()).isEqualTo(200);
        var rotated = INFRA.issuer.publishNewKey();
        assertThat(listWith(TestIssuer.signWith(valid().build(), rotated)).statusCode()).isEqualTo(200);
        assertThat(listWith(INFRA.issuer.sign(valid().build())).statusCode()).isEqualTo(200);
    }

    @Test
    void theJwksIsFetchedLazilyAndCached() {
        int before = INFRA.issuer.fetches();
        for (int i = 0; i < 5; i++) {
            assertThat(listWith(INFRA.issuer.sign(valid().build())).statusCode()).isEqualTo(200);
        }
        assertThat(INFRA.issuer.fetches() - before).isLessThanOrEqualTo(1);
    }
}
