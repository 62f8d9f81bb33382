package dev.skyport.users.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.starter.config.LocalDefaultRefusedException;

/**
 * Outside the local profile the service does not start with a secret shipped for local use or with the seeded
 * accounts' published passwords, and says in one line which setting to give.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupRefusalIT {

    static DynamoEngine engine;

    @BeforeAll
    static void start() {
        engine = DynamoEngine.builder().host("127.0.0.1").port(0).inMemory().start();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** The refusal, however deep Spring wrapped it (a bean's creation, a runner). */
    private static Throwable refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof LocalDefaultRefusedException) {
                return cause;
            }
        }
        throw new AssertionError("not refused for a local default", failure);
    }

    @Test
    void refusesTheShippedServiceClientSecretNamingItsVariable(CapturedOutput output) {
        String line = "skyport.auth.clients.skyport-service.secret is still its shipped local value outside the local "
                + "profile: set SKYPORT_SERVICE_CLIENT_SECRET (skyport.auth.clients.skyport-service.secret) to a random "
                + "secret of 32 or more characters";
        assertThatThrownBy(() -> AuthServerInstance.start(engine.endpoint(), "refuse1-",
                Map.of("skyport.auth.clients.skyport-service.secret", "local-service-secret")))
                .satisfies(e -> assertThat(refusal(e)).hasMessage(line));
        assertThat(output).contains(line).contains("APPLICATION FAILED TO START");
    }

    @Test
    void refusesTheShippedCursorSecretNamingItsVariable(CapturedOutput output) {
        String line = "skyport.pagination.cursor-secret is still its shipped local value outside the local profile: "
                + "set SKYPORT_CURSOR_SECRET (skyport.pagination.cursor-secret) to a random secret of 32 or more characters";
        assertThatThrownBy(() -> AuthServerInstance.start(engine.endpoint(), "refuse2-",
                Map.of("skyport.pagination.cursor-secret", "local-cursor-secret-change-me-outside-local")))
                .satisfies(e -> assertThat(refusal(e)).hasMessage(line));
        assertThat(output).contains(line);
    }

    @Test
    void refusesTablesWhereASeededAccountStillHasItsPublishedPassword() {
        // First used locally: the demo user and the admin are seeded, and the shipped local secrets are fine there.
        try (AuthServerInstance local = AuthServerInstance.start(engine.endpoint(), "refuse3-", Map.of(
                "spring.profiles.active", "local",
                "skyport.auth.clients.skyport-service.secret", "local-service-secret",
                "skyport.pagination.cursor-secret", "local-cursor-secret-change-me-outside-local"))) {
            assertThat(local.context.isRunning()).isTrue();
        }
        assertThatThrownBy(() -> AuthServerInstance.start(engine.endpoint(), "refuse3-", Map.of()))
                .satisfies(e -> assertThat(refusal(e))
                .hasMessageEndingWith("@skyport.local still has its seeded local password outside the local profile: "
                        + "delete that account (DELETE /api/users/{id}) or give this environment tables of its own "
                        + "(SKYPORT_TABLE_PREFIX)"));
    }
}
