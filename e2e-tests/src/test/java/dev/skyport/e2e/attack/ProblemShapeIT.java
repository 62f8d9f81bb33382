package dev.skyport.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.skyport.e2e.platform.Walkthrough;
import dev.skyport.testsupport.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * One problem shape from every part of Skyport: an error from the edge and one from each service, all provoked from
 * outside through the gateway, carry the same members, the same type URI base, and the request id the edge gave the
 * request, so a client parses (and reports) every error the same way.
 */
@ExtendWith(SharedPlatform.class)
class ProblemShapeIT {

    private static final List<String> MEMBERS = List.of("type", "title", "status", "detail", "instance", "requestId",
            "traceId", "reason");
    private static final String TYPE_BASE = "https://skyport.dev/problems/";

    private static ApiClient client;
    private static String token;

    @BeforeAll
    static void signIn() {
        client = SharedPlatform.client();
        token = Walkthrough.newUserTokens(client, "problem-shape").accessToken();
    }

    @Test
    void errorsFromTheEdgeAndFromEachServiceHaveTheSameMembers() {
        Map<String, ApiClient.Response> answers = new LinkedHashMap<>();
        answers.put("edge 401 (no token)", client.get("/api/orders", null));
        answers.put("edge 404 (no route)", client.get("/no-such-route", token));
        answers.put("users-service 400 (sign-up validation)", client.postJson("/api/users", null,
                Map.of("email", "not-an-address", "password", "x", "name", ""), Map.of()));
        answers.put("orders-service 404 (unknown order)", client.get("/api/orders/01KC0000000000000000000000", token));

        Map<String, Set<String>> memberSets = new LinkedHashMap<>();
        answers.forEach((where, answer) -> {
            assertThat(answer.contentType()).as(where + ": " + answer).startsWith("application/problem+json");
            JsonNode problem = answer.json();
            Set<String> members = new TreeSet<>(problem.propertyNames());
            members.retainAll(MEMBERS);
            memberSets.put(where, members);
            assertThat(members).as(where + ": " + answer).containsExactlyInAnyOrderElementsOf(MEMBERS);
            String type = problem.path("type").asString();
            assertThat(type).as(where + ": " + answer).startsWith(TYPE_BASE);
            assertThat(problem.path("reason").asString()).as(where + ": the reason is the type's slug")
                    .isEqualTo(type.substring(TYPE_BASE.length()).replace('-', '_'));
            assertThat(problem.path("status").asInt()).as(where).isEqualTo(answer.status());
            assertThat(problem.path("requestId").asString()).as(where + ": the id the edge gave the request")
                    .isEqualTo(java.util.Objects.requireNonNull(answer.header("X-Request-Id"), "no X-Request-Id"));
        });
        assertThat(answers.get("edge 401 (no token)").status()).isEqualTo(401);
        assertThat(answers.get("edge 404 (no route)").status()).isEqualTo(404);
        assertThat(answers.get("users-service 400 (sign-up validation)").status()).isEqualTo(400);
        assertThat(answers.get("orders-service 404 (unknown order)").status()).isEqualTo(404);
        assertThat(Set.copyOf(memberSets.values())).as("one member set across the edge and the services").hasSize(1);
    }
}
